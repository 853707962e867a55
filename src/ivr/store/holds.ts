/**
 * Authorisation: grant talk time against balance − held and reserve exactly its cost, in one
 * short write transaction. The conditional UPDATE (available ≥ amount) is what makes an
 * overdraft impossible under any concurrency; the accounts CHECK constraint backs it up.
 */
import { Result, ok, fail } from "../../domain/result";
import { sqlInt, sqlText } from "../../domain/sql";
import { Rate, callCost, maxTalkSeconds } from "../../domain/tariff";
import { SqlPort } from "../ports";
import { accountById } from "./accounts";
import { appendLedger } from "./ledger";
import { first, int, text } from "./rows";
import { lockForUpdate, withTransaction } from "./tx";

export interface HoldRequest {
  uuid: string;
  accountId: number;
  cardId?: number;
  productId: number;
  maxConcurrentCalls: number;
  capSeconds: number;
  rate: Rate;
  rateTableId: number;
  prefix: string;
  destination: string;
  ani: string;
  dnis: string;
  gateway: string;
  /** Added to the granted time for the hold's expiry: ringing plus a margin. */
  expiryMarginSeconds: number;
}

export interface Hold {
  grantedSeconds: number;
  amountMicros: number;
  balanceMicros: number;
}

/**
 * Releases this account's holds whose expiry has passed, each with a ledger note; call inside a
 * write transaction. Each hold is claimed by deleting it first and released only if that delete
 * took it, so two concurrent reapers (PostgreSQL's plain BEGIN) never release one hold twice.
 * Returns how many it released.
 */
export function reapAccountHolds(sql: SqlPort, accountId: number, nowSeconds: number): number {
  const stale = sql.rows("SELECT uuid, amount_micros FROM holds WHERE account_id = " + sqlInt(accountId) + " AND expires_at <= " + sqlInt(nowSeconds));
  let released = 0;
  for (const h of stale) {
    const uuid = text(h, "uuid");
    if (sql.exec("DELETE FROM holds WHERE uuid = " + sqlText(uuid) + " AND expires_at <= " + sqlInt(nowSeconds)) !== 1) continue;
    const amount = int(h, "amount_micros");
    sql.exec("UPDATE accounts SET held_micros = held_micros - " + sqlInt(amount) + " WHERE id = " + sqlInt(accountId));
    const account = accountById(sql, accountId);
    if (account === undefined) throw new Error("reaping: account " + sqlInt(accountId) + " vanished");
    appendLedger(sql, {
      accountId, reason: "hold_reaped", amountMicros: 0, beforeMicros: account.balanceMicros,
      afterMicros: account.balanceMicros, ref: uuid, atSeconds: nowSeconds,
    });
    released++;
  }
  return released;
}

/** Reaps the account's expired holds in a short transaction of its own, only when there are any. */
export function reapStaleHolds(sql: SqlPort, sqlite: boolean, accountId: number, nowSeconds: number): number {
  const r = first(sql.rows("SELECT COUNT(*) AS n FROM holds WHERE account_id = " + sqlInt(accountId) + " AND expires_at <= " + sqlInt(nowSeconds)));
  if (r === undefined || int(r, "n") === 0) return 0;
  return withTransaction(sql, { sqlite }, () => {
    lockForUpdate(sql, { sqlite }, "SELECT id FROM accounts WHERE id = " + sqlInt(accountId));
    return { value: reapAccountHolds(sql, accountId, nowSeconds) };
  });
}

/**
 * Places the hold for one call attempt. Failure codes: ACCOUNT_NOT_FOUND, ACCOUNT_NOT_ACTIVE,
 * TOO_MANY_CALLS, INSUFFICIENT_CREDIT (not even past the grace period fits).
 */
export function placeHold(sql: SqlPort, sqlite: boolean, nowSeconds: number, req: HoldRequest): Result<Hold> {
  return withTransaction(sql, { sqlite }, () => {
    // One read for the account and its live and stale holds; reaping only when there are stale ones.
    const id = sqlInt(req.accountId);
    lockForUpdate(sql, { sqlite }, "SELECT id FROM accounts WHERE id = " + id);
    const row = first(sql.rows(
      "SELECT a.balance_micros, a.held_micros, a.state, " +
        "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, " +
        "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= " + sqlInt(nowSeconds) + ") AS stale " +
        "FROM accounts a WHERE a.id = " + id,
    ));
    if (row === undefined) return { value: fail<Hold>("ACCOUNT_NOT_FOUND") };
    let account = { balanceMicros: int(row, "balance_micros"), heldMicros: int(row, "held_micros"), state: text(row, "state") };
    let live = int(row, "live");
    const stale = int(row, "stale");
    if (stale > 0) {
      reapAccountHolds(sql, req.accountId, nowSeconds);
      const after = accountById(sql, req.accountId);
      if (after === undefined) return { value: fail<Hold>("ACCOUNT_NOT_FOUND") };
      account = after;
      live -= stale;
    }
    if (account.state !== "active") return { value: fail<Hold>("ACCOUNT_NOT_ACTIVE") };
    if (live >= req.maxConcurrentCalls) return { value: fail<Hold>("TOO_MANY_CALLS") };
    const granted = maxTalkSeconds(req.rate, account.balanceMicros - account.heldMicros, req.capSeconds);
    if (granted <= req.rate.graceSeconds) return { value: fail<Hold>("INSUFFICIENT_CREDIT") };
    const amount = callCost(req.rate, granted * 1000);
    const changed = sql.exec(
      "UPDATE accounts SET held_micros = held_micros + " + sqlInt(amount) + " WHERE id = " + sqlInt(req.accountId) +
        " AND state = 'active' AND balance_micros - held_micros >= " + sqlInt(amount),
    );
    if (changed !== 1) return { value: fail<Hold>("INSUFFICIENT_CREDIT"), rollback: true };
    const r = req.rate;
    sql.exec(
      "INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " +
        "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, " +
        "grace_seconds, minimum_cost_micros, gateway, created_at, expires_at) VALUES (" +
        [
          sqlText(req.uuid), sqlInt(req.accountId), req.cardId === undefined ? "NULL" : sqlInt(req.cardId), sqlInt(req.productId),
          sqlInt(amount), sqlInt(granted), sqlText(req.ani), sqlText(req.dnis), sqlText(req.destination), sqlText(req.prefix),
          sqlInt(req.rateTableId), sqlInt(r.ratePerMinuteMicros), sqlInt(r.connectFeeMicros), sqlInt(r.disconnectFeeMicros),
          sqlInt(r.initialSeconds), sqlInt(r.incrementSeconds), sqlInt(r.graceSeconds), sqlInt(r.minimumCostMicros),
          sqlText(req.gateway), sqlInt(nowSeconds), sqlInt(nowSeconds + granted + req.expiryMarginSeconds),
        ].join(", ") + ")",
    );
    return { value: ok<Hold>({ grantedSeconds: granted, amountMicros: amount, balanceMicros: account.balanceMicros }) };
  });
}
