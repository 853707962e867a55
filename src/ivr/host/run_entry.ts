/**
 * Wiring shared by the entry scripts: host adapters in, the flow run inside a catch-all that
 * logs the error text and stack (mod_lua logs a table error as nothing), apologises if the
 * caller is still there, and hangs up with a cause.
 */
import { StoreFailure } from "../ports";
import { Deps } from "../flows/deps";
import { dbhSql, isSqliteDsn } from "./dbh_sql";
import { fsApi } from "./fs_api";
import { fsLog, osClock } from "./log";
import { sessionCall } from "./session_call";
import { readSettings } from "../settings";
import { fileVoice } from "../voice_files";

function describe(e: unknown): string {
  if (typeof e === "string") return e;
  if (typeof e === "object" && e !== undefined) {
    const err = e as { message?: string; stack?: string };
    return (err.message ?? "error") + (err.stack !== undefined ? "\n" + err.stack : "");
  }
  return tostring(e);
}

export function runCallEntry(tag: string, flow: (deps: Deps) => void): void {
  const log = fsLog(tag);
  if (session === undefined) {
    log.error(tag + ".lua must run from the dialplan (lua " + tag + ".lua), with a channel");
    return;
  }
  const s = session;
  const call = sessionCall(s);
  const settings = readSettings((n) => call.variable(n), (n) => freeswitch.getGlobalVariable(n), (m) => log.warning(m));
  const sql = dbhSql(settings.dsn);
  const deps: Deps = {
    call, sql, sqlite: isSqliteDsn(settings.dsn), api: fsApi(), clock: osClock(), log, settings,
    voiceFor: (language) => fileVoice(settings.soundsDir, language),
  };
  const [ok, thrown] = pcall(() => flow(deps));
  pcall(() => sql.release());
  if (ok) return;
  const err: unknown = thrown;
  const unavailable = err instanceof StoreFailure;
  log.error((unavailable ? "database failure: " : "internal error: ") + describe(err));
  if (s.ready()) {
    pcall(() => call.play(deps.voiceFor("en").say(["service_unavailable"])));
    call.hangup(unavailable ? "SERVICE_UNAVAILABLE" : "NORMAL_TEMPORARY_FAILURE");
  }
}
