/**
 * The bridge dial string for one attempt. The callee leg carries:
 * - ignore_early_media or bridge_early_media, so that originate returns only on a real answer
 *   (a 183 with SDP is not one) and originate_timeout limits ringing after early media too;
 * - the cut-off and the warning (execute_on_answer runs on its answer, so ringing never counts);
 * - the answer mark (api_on_answer runs answered.lua in a thread of its own, so the answer is
 *   not held up) that lets the reaper bill an answered call whose hook never came;
 * - the reporting hook that settles the call from its billmsec even if this script is gone.
 */
import { intStr } from "../domain/intmath";
import { bug } from "../domain/bug";

export interface DialRequest {
  uuid: string;
  gateway: string;
  dialPrefix: string;
  e164: string;
  /** Seconds from the callee's answer to the cut-off (src/ivr/cutoff.ts). */
  cutoffSeconds: number;
  ringTimeoutSeconds: number;
  earlyMedia: EarlyMedia;
  /** Played to the caller 60 s before the cut-off (only when the call may last longer than that). */
  warningFile: string;
  /** Extra channel variables of the callee leg: for `ccard fs calls` and its CDR (values: plain text without , ' { }). */
  tags: Record<string, string>;
}

/**
 * What the caller hears while the callee rings. "ignore": the channel's ringback; a carrier's
 * early media (183 announcements) is dropped (ignore_early_media=true). "pass": the carrier's
 * early media is played to the caller (bridge_early_media=true). Either way only a real answer
 * ends originate, so a failure after early media fails over.
 */
export type EarlyMedia = "ignore" | "pass";

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
  if (!isSafeToken(d.gateway)) bug("bad gateway name");
  if (d.dialPrefix !== "" && !isSafeToken(d.dialPrefix)) bug("bad dial prefix");
  if (!isSafeValue(d.warningFile) || !isSafeValue(d.uuid)) bug("bad dial string value");
  if (d.cutoffSeconds < 1) bug("cut-off must be at least 1 s");
  const vars: string[] = [
    "origination_uuid=" + d.uuid,
    "originate_timeout=" + intStr(d.ringTimeoutSeconds),
    // Only one of the two: ignore_early_media parsed after bridge_early_media would switch it off.
    d.earlyMedia === "pass" ? "bridge_early_media=true" : "ignore_early_media=true",
    "api_on_answer='luarun answered.lua " + d.uuid + "'",
    "api_reporting_hook='lua settle.lua " + d.uuid + "'",
    "execute_on_answer='sched_hangup +" + intStr(d.cutoffSeconds) + " ALLOTTED_TIMEOUT'",
  ];
  if (d.cutoffSeconds > WARNING_LEAD_SECONDS) {
    vars.push("execute_on_answer_2='sched_broadcast +" + intStr(d.cutoffSeconds - WARNING_LEAD_SECONDS) + " playback::" + d.warningFile + " bleg'");
  }
  for (const [k, v] of Object.entries(d.tags)) {
    if (!isSafeToken(k) || !isSafeValue(v)) bug("bad tag");
    vars.push(k + "=" + v);
  }
  return "{" + vars.join(",") + "}sofia/gateway/" + d.gateway + "/" + d.dialPrefix + d.e164;
}
