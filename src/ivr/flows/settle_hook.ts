/**
 * settle.lua: run by the callee leg's api_reporting_hook with the attempt's UUID as argument
 * and the leg's variables in the event. Settles from variable_billmsec; idempotent, so it is
 * harmless when the caller's script already settled the attempt. FreeSWITCH runs the hook once
 * and never again: when it cannot settle (the database fails), it spools its evidence for the
 * next call on the account or `ccard holds reap` to settle from.
 */
import { digitsValue, intStr, isDigits } from "../../domain/intmath";
import { CallEvidence } from "../../domain/settlement";
import { MAX_BILLMSEC_DIGITS, spoolFileName } from "../../domain/spool";
import { isCallUuid, isPlainName } from "../tokens";
import { Clock, Log, SpoolPort, SqlPort, raisedText } from "../ports";
import { settle } from "../store/settle";

export interface HookDeps {
  sql: SqlPort;
  spool: SpoolPort;
  clock: Clock;
  log: Log;
}

/** What the callee leg's event says of the call. */
function hookEvidence(header: (name: string) => string | undefined): CallEvidence {
  const raw = header("variable_billmsec");
  const answeredMs = raw !== undefined && isDigits(raw) && raw.length <= MAX_BILLMSEC_DIGITS ? digitsValue(raw) : 0;
  const causeRaw = header("variable_hangup_cause") ?? header("Hangup-Cause") ?? "";
  const cause = isPlainName(causeRaw) ? causeRaw : "";
  return { answeredMs, cause, disposition: answeredMs > 0 ? "ANSWER" : cause, estimated: false };
}

/** Returns true when the call is settled (now or before). */
export function runSettleHook(deps: HookDeps, uuid: string | undefined, header: (name: string) => string | undefined): boolean {
  if (!isCallUuid(uuid)) {
    deps.log.error("settle.lua needs the call UUID as its argument");
    return false;
  }
  const evidence = hookEvidence(header);
  const now = deps.clock.nowSeconds();
  const [ran, result] = pcall(() => settle(deps.sql, now, uuid, evidence));
  if (ran) {
    if (!result.ok) {
      deps.log.warning("settle " + uuid + ": " + result.code);
      return false;
    }
    if (!result.value.alreadySettled) deps.log.info("settled " + uuid + ": " + intStr(evidence.answeredMs) + " ms");
    return true;
  }
  const facts = "billmsec=" + intStr(evidence.answeredMs) + " cause=" + evidence.cause;
  const spooled = deps.spool.save({ uuid, evidence, atSeconds: now });
  deps.log.error(
    "settle " + uuid + " failed (" + raisedText(result) + "); " + facts + (spooled
      ? ": spooled as " + spoolFileName(uuid) + ", settled by the next call on the account or 'ccard holds reap'"
      : ": NOT spooled, settle it by hand from these figures"),
  );
  return false;
}
