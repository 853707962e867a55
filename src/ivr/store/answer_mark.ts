/** The answer mark on a hold, written while the call is up: reaping bills a marked call instead of releasing it. */
import { sqlInt, sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";

/**
 * Marks a hold's call as answered at nowSeconds. Idempotent: a hold already marked, or already
 * settled (its hook may run first), is left alone. Returns true when it marked one.
 */
export function markAnswered(sql: SqlPort, uuid: string, nowSeconds: number): boolean {
  return sql.exec("UPDATE holds SET answered_at = " + sqlInt(nowSeconds) + " WHERE uuid = " + sqlText(uuid) + " AND answered_at IS NULL") === 1;
}
