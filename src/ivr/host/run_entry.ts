/**
 * Wiring shared by the entry scripts: host adapters in, the flow run inside a catch-all that
 * logs the error text and the stack where it was raised (mod_lua logs a table error as
 * nothing), apologises if the caller is still there, and hangs up with a cause.
 */
import { StoreFailure, raisedText } from "../ports";
import { Deps } from "../flows/deps";
import { dbhSql } from "./dbh_sql";
import { fsApi } from "./fs_api";
import { fsLog, osClock } from "./log";
import { sessionCall } from "./session_call";
import { spoolFiles } from "./spool_files";
import { readSettings } from "../settings";
import { Prompts } from "../voice";

/** What was raised (a bug's message, a StoreFailure, a Lua runtime error) and the stack it was raised on. */
interface Raised {
  error: unknown;
  stack: string;
}

function raised(e: unknown): Raised {
  return { error: e, stack: debug.traceback(undefined, 2) };
}

/**
 * Runs a call flow with the host's adapters. voiceFor builds the flow's prompts: each entry
 * passes its own, so a bundle carries speech only when its flow speaks numbers.
 */
export function runCallEntry<V extends Prompts>(tag: string, voiceFor: (soundsDir: string, language: string) => V, flow: (deps: Deps<V>) => void): void {
  const log = fsLog(tag);
  if (session === undefined) {
    log.error(tag + ".lua must run from the dialplan (lua " + tag + ".lua), with a channel");
    return;
  }
  const s = session;
  const call = sessionCall(s);
  const settings = readSettings((n) => call.variable(n), (n) => freeswitch.getGlobalVariable(n), (m) => log.warning(m));
  const sql = dbhSql(settings.dsn);
  const deps: Deps<V> = {
    call, sql, spool: spoolFiles(settings.spoolDir, log), api: fsApi(), clock: osClock(), log, settings,
    voiceFor: (language) => voiceFor(settings.soundsDir, language),
  };
  const [ok, thrown] = xpcall(() => flow(deps), raised);
  pcall(() => sql.release());
  if (ok) return;
  const failure = thrown as Raised;
  const unavailable = failure.error instanceof StoreFailure;
  log.error((unavailable ? "database failure: " : "internal error: ") + raisedText(failure.error) + "\n" + failure.stack);
  if (s.ready()) {
    pcall(() => call.play(deps.voiceFor("en").say(["service_unavailable"])));
    call.hangup(unavailable ? "SERVICE_UNAVAILABLE" : "NORMAL_TEMPORARY_FAILURE");
  }
}
