/**
 * answered.lua — run by FreeSWITCH when a callee leg answers, through the dial string's
 * api_on_answer='luarun answered.lua UUID' (in a thread of its own, so the answer is not held
 * up). Marks the call's hold as answered: should the callee leg's report never come (the switch
 * dies, its hook fails for good), reaping then bills the call instead of releasing it.
 */
import { dbhSql } from "../host/dbh_sql";
import { fsLog } from "../host/log";
import { isCallUuid } from "../tokens";
import { markAnswered } from "../store/answer_mark";
import { DEFAULT_DSN } from "../settings";
import { raisedText } from "../ports";

export function main(): void {
  const log = fsLog("answered");
  const uuid = argv === undefined ? undefined : argv[1];
  if (!isCallUuid(uuid)) {
    log.error("answered.lua needs the call UUID as its argument");
    return;
  }
  const sql = dbhSql(freeswitch.getGlobalVariable("ccard_dsn") ?? DEFAULT_DSN);
  const [ok, err] = pcall(() => markAnswered(sql, uuid, os.time()));
  pcall(() => sql.release());
  if (!ok) log.error("marking " + uuid + " answered failed (reaping would release it unbilled if its hook also fails): " + raisedText(err));
}
