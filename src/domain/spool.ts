/**
 * The spool: what a callee leg's reporting hook knew when it could not settle (the database
 * locked past FreeSWITCH's retries, PostgreSQL down). FreeSWITCH runs that hook once and never
 * again, so settle.lua writes its evidence to a file named after the call, and a later call on
 * the same account (the IVR) or `ccard holds reap` (the CLI) settles the call from it before
 * anything would be estimated. One format for both runtimes, defined here.
 *
 * A file is a few `key=value` lines: uuid, billmsec, cause, at (epoch seconds of the hook).
 */
import { digitsValue, intStr, isDigits } from "./intmath";
import { CallEvidence } from "./settlement";

/** Longest billmsec accepted: 9 digits (over 48 h is a malformed event). */
export const MAX_BILLMSEC_DIGITS = 9;

export interface SpooledHook {
  uuid: string;
  evidence: CallEvidence;
  atSeconds: number;
}

/** The file a call's evidence is spooled in, inside the spool folder. */
export function spoolFileName(uuid: string): string {
  return uuid + ".hook";
}

/** Letters, digits and _ . - only, 1 to 64 of them: what a UUID and a cause name are written with. */
function isPlainToken(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
    if (!ok) return false;
  }
  return true;
}

export function spoolText(hook: SpooledHook): string {
  return "uuid=" + hook.uuid + "\nbillmsec=" + intStr(hook.evidence.answeredMs) + "\ncause=" + hook.evidence.cause +
    "\nat=" + intStr(hook.atSeconds) + "\n";
}

/** The evidence of a spool file's text, or undefined when it is not one ccard wrote. */
export function parseSpool(text: string): SpooledHook | undefined {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return undefined;
    fields[line.substring(0, eq)] = line.substring(eq + 1);
  }
  const uuid = fields["uuid"];
  const ms = fields["billmsec"];
  const cause = fields["cause"];
  const at = fields["at"];
  if (uuid === undefined || !isPlainToken(uuid)) return undefined;
  if (ms === undefined || !isDigits(ms) || ms.length > MAX_BILLMSEC_DIGITS) return undefined;
  if (cause === undefined || (cause !== "" && !isPlainToken(cause))) return undefined;
  if (at === undefined || !isDigits(at) || at.length > 12) return undefined;
  const answeredMs = digitsValue(ms);
  return {
    uuid,
    evidence: { answeredMs, cause, disposition: answeredMs > 0 ? "ANSWER" : cause, estimated: false },
    atSeconds: digitsValue(at),
  };
}
