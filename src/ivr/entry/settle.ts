/**
 * settle.lua — run by FreeSWITCH for each callee leg through the dial string's
 * api_reporting_hook='lua settle.lua UUID' (a `lua` API script: `env` holds the leg's variables).
 */
import { dbhSql } from "../host/dbh_sql";
import { fsLog, osClock } from "../host/log";
import { spoolFiles } from "../host/spool_files";
import { runSettleHook } from "../flows/settle_hook";
import { DEFAULT_DSN, readSpoolDir } from "../settings";
import { raisedText } from "../ports";

export function main(): void {
  const log = fsLog("settle");
  const event = env;
  if (event === undefined) {
    log.error("settle.lua runs as a reporting hook (lua API script with an event), not from the dialplan");
    return;
  }
  const global = (name: string) => freeswitch.getGlobalVariable(name);
  const sql = dbhSql(global("ccard_dsn") ?? DEFAULT_DSN);
  const spool = spoolFiles(readSpoolDir(global, (m) => log.warning(m)), log);
  const uuid = argv === undefined ? undefined : argv[1];
  const [ok, err] = pcall(() => runSettleHook({ sql, spool, clock: osClock(), log }, uuid, (h) => event.getHeader(h)));
  pcall(() => sql.release());
  if (!ok) log.error("settle " + (uuid ?? "?") + " failed: " + raisedText(err));
}
