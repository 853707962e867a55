/**
 * settle.lua: run by the callee leg's api_reporting_hook with the attempt's UUID as argument
 * and the leg's variables in the event. Settles from variable_billmsec; idempotent, so it is
 * harmless when the caller's script already settled a failed attempt.
 */
import { digitsValue, isDigits } from "../../domain/intmath";
import { isSafeToken } from "../dialstring";
import { Clock, Log, SqlPort } from "../ports";
import { settle } from "../store/settle";

export interface HookDeps {
  sql: SqlPort;
  sqlite: boolean;
  clock: Clock;
  log: Log;
}

/** Longest billmsec accepted: 48 h (anything longer is a malformed event). */
const MAX_BILLMSEC_DIGITS = 9;

export function runSettleHook(deps: HookDeps, uuid: string | undefined, header: (name: string) => string | undefined): boolean {
  if (uuid === undefined || uuid.length < 32 || uuid.length > 64 || !isSafeToken(uuid)) {
    deps.log.error("settle.lua needs the call UUID as its argument");
    return false;
  }
  const raw = header("variable_billmsec");
  const answeredMs = raw !== undefined && isDigits(raw) && raw.length <= MAX_BILLMSEC_DIGITS ? digitsValue(raw) : 0;
  const causeRaw = header("variable_hangup_cause") ?? header("Hangup-Cause") ?? "";
  const cause = isSafeToken(causeRaw) ? causeRaw : "";
  const disposition = answeredMs > 0 ? "ANSWER" : cause;
  const r = settle(deps.sql, deps.sqlite, deps.clock.nowSeconds(), { uuid, answeredMs, cause, disposition });
  if (!r.ok) {
    deps.log.warning("settle " + uuid + ": " + r.code);
    return false;
  }
  if (!r.value.alreadySettled) deps.log.info("settled " + uuid + ": " + raw + " ms");
  return true;
}
