/**
 * settle.lua — run by FreeSWITCH for each callee leg through the dial string's
 * api_reporting_hook='lua settle.lua UUID' (a `lua` API script: `env` holds the leg's variables).
 */
import { dbhSql, isSqliteDsn } from "../host/dbh_sql";
import { fsLog, osClock } from "../host/log";
import { runSettleHook } from "../flows/settle_hook";
import { DEFAULT_DSN } from "../settings";

export function main(): void {
  const log = fsLog("settle");
  const event = env;
  if (event === undefined) {
    log.error("settle.lua runs as a reporting hook (lua API script with an event), not from the dialplan");
    return;
  }
  const dsn = freeswitch.getGlobalVariable("ccard_dsn") ?? DEFAULT_DSN;
  const sql = dbhSql(dsn);
  const uuid = argv === undefined ? undefined : argv[1];
  const [ok, err] = pcall(() => runSettleHook({ sql, sqlite: isSqliteDsn(dsn), clock: osClock(), log }, uuid, (h) => event.getHeader(h)));
  pcall(() => sql.release());
  if (!ok) log.error("settle " + (uuid ?? "?") + " failed, the hold stays until settled or reaped: " + tostring(err));
}
