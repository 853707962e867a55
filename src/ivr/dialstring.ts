/**
 * The bridge dial string for one attempt. The callee leg carries the cut-off and the warning
 * (execute_on_answer runs on its answer, so ringing never counts) and the reporting hook
 * that settles the call from its billmsec even if this script is gone.
 */
import { intStr } from "../domain/intmath";

export interface DialRequest {
  uuid: string;
  gateway: string;
  dialPrefix: string;
  e164: string;
  grantedSeconds: number;
  ringTimeoutSeconds: number;
  /** Played to the caller 60 s before the cut-off (only when the grant exceeds 60 s). */
  warningFile: string;
  /** Extra channel variables for `ccard fs calls` (values: plain text without , ' { }). */
  tags: Record<string, string>;
}

export const WARNING_LEAD_SECONDS = 60;

/** Characters allowed in a gateway name or dial prefix (from the operator's database). */
export function isSafeToken(s: string): boolean {
  if (s.length === 0 || s.length > 64) return false;
  const [at] = string.find(s, "^[0-9A-Za-z_.%-]+$");
  return at !== undefined;
}

/** Lua pattern of the characters that could break out of a dial-string value: bytes 0–31 , ' { } [ ] ^. */
const UNSAFE_IN_VALUE = "[" + string.char(0) + "-" + string.char(31) + ",'{}%[%]%^]";

/** A value that cannot break out of {…} or '…' in a dial string: no control character, , ' { } [ ] ^. */
export function isSafeValue(s: string): boolean {
  const [at] = string.find(s, UNSAFE_IN_VALUE);
  return at === undefined;
}

export function buildDialString(d: DialRequest): string {
  if (!isSafeToken(d.gateway)) throw new Error("bad gateway name");
  if (d.dialPrefix !== "" && !isSafeToken(d.dialPrefix)) throw new Error("bad dial prefix");
  if (!isSafeValue(d.warningFile) || !isSafeValue(d.uuid)) throw new Error("bad dial string value");
  const vars: string[] = [
    "origination_uuid=" + d.uuid,
    "originate_timeout=" + intStr(d.ringTimeoutSeconds),
    "api_reporting_hook='lua settle.lua " + d.uuid + "'",
    "execute_on_answer='sched_hangup +" + intStr(d.grantedSeconds) + " ALLOTTED_TIMEOUT'",
  ];
  if (d.grantedSeconds > WARNING_LEAD_SECONDS) {
    vars.push("execute_on_answer_2='sched_broadcast +" + intStr(d.grantedSeconds - WARNING_LEAD_SECONDS) + " playback::" + d.warningFile + " bleg'");
  }
  for (const [k, v] of Object.entries(d.tags)) {
    if (!isSafeToken(k) || !isSafeValue(v)) throw new Error("bad tag");
    vars.push(k + "=" + v);
  }
  return "{" + vars.join(",") + "}sofia/gateway/" + d.gateway + "/" + d.dialPrefix + d.e164;
}
