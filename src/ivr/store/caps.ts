/**
 * Spending caps of a product, per card or account over the last 24 hours (a rolling window):
 * at most `calls` answered calls, live ones included, and at most `moneyMicros` charged, live
 * holds included. Counted from the CDRs and holds in the database, so they hold across calls
 * and switches; placeHold's conditional UPDATE checks them again in the statement that
 * reserves the money, so concurrent calls cannot pass them either.
 */
import { sqlInt } from "../../domain/sql";
import { SqlPort } from "../ports";
import { first, int } from "./rows";

export interface SpendingCaps {
  /** 0: no cap on the number of calls. */
  calls: number;
  /** 0: no cap on money. */
  moneyMicros: number;
}

/** The window the caps count over. */
export const CAP_WINDOW_SECONDS = 86400;

export function hasCaps(caps: SpendingCaps): boolean {
  return caps.calls > 0 || caps.moneyMicros > 0;
}

/** SQL: the account's CDRs in the window, `what` of them (COUNT(*) or a SUM). */
function inWindow(what: string, accountId: string, nowSeconds: number, answeredOnly: boolean): string {
  return "(SELECT " + what + " FROM cdrs c WHERE c.account_id = " + accountId + " AND c.started_at > " + sqlInt(nowSeconds - CAP_WINDOW_SECONDS) +
    (answeredOnly ? " AND c.answered_ms > 0" : "") + ")";
}

/**
 * What the caps leave an account at `nowSeconds`: undefined when one is reached (no call may
 * start), else the money they still allow (undefined: no money cap). One read.
 */
export function capRoom(sql: SqlPort, accountId: number, caps: SpendingCaps, nowSeconds: number): { moneyMicros?: number } | undefined {
  const id = sqlInt(accountId);
  const r = first(sql.rows(
    "SELECT " + inWindow("COUNT(*)", id, nowSeconds, true) + " AS calls, " + inWindow("COALESCE(SUM(c.cost_micros), 0)", id, nowSeconds, false) +
      " AS spent, (SELECT COUNT(*) FROM holds h WHERE h.account_id = " + id + ") AS live, a.held_micros FROM accounts a WHERE a.id = " + id,
  ));
  if (r === undefined) return {};
  if (caps.calls > 0 && int(r, "calls") + int(r, "live") >= caps.calls) return undefined;
  if (caps.moneyMicros === 0) return {};
  const room = caps.moneyMicros - int(r, "spent") - int(r, "held_micros");
  return room > 0 ? { moneyMicros: room } : undefined;
}

/**
 * The caps as conditions of placeHold's UPDATE of the account row (`amount` the money it
 * reserves): "" without caps.
 */
export function capGuards(accountId: number, caps: SpendingCaps, nowSeconds: number, amount: number): string {
  const id = sqlInt(accountId);
  let sql = "";
  if (caps.calls > 0) {
    sql += " AND " + inWindow("COUNT(*)", id, nowSeconds, true) + " + (SELECT COUNT(*) FROM holds h WHERE h.account_id = " + id + ") < " + sqlInt(caps.calls);
  }
  if (caps.moneyMicros > 0) {
    sql += " AND " + inWindow("COALESCE(SUM(c.cost_micros), 0)", id, nowSeconds, false) + " + held_micros + " + sqlInt(amount) + " <= " + sqlInt(caps.moneyMicros);
  }
  return sql;
}
