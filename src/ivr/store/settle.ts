/**
 * Settlement of one call attempt, in one transaction: cost from the callee's answered
 * milliseconds with the same tariff function that granted the time, debit, release the hold,
 * one CDR, one ledger row for an answered call. Idempotent per call UUID: the hold row is the
 * token (deleted here) and cdrs.uuid is UNIQUE.
 */
import { Result, ok, fail } from "../../domain/result";
import { MAX_PREFIX_DIGITS } from "../../domain/numbers";
import { MAX_PREFIX_DIGITS_OF_T, TARIFF_COLUMNS, sqlInt, sqlText } from "../../domain/sql";
import { callCost } from "../../domain/tariff";
import { SqlPort } from "../ports";
import { appendLedger } from "./ledger";
import { lookupRateRow, rateFromRow } from "./rates";
import { first, int, optInt, text } from "./rows";
import { lockForUpdate, withTransaction } from "./tx";

export interface SettleRequest {
  uuid: string;
  /** The callee's answered time (billmsec); 0 for an attempt that was not answered. */
  answeredMs: number;
  cause: string;
  disposition: string;
}

export interface Settlement {
  uuid: string;
  accountId: number;
  answeredMs: number;
  costMicros: number;
  balanceAfterMicros: number;
  /** True when an earlier settlement of this UUID was found (nothing changed now). */
  alreadySettled: boolean;
}

function existing(sql: SqlPort, uuid: string): Settlement | undefined {
  const c = first(sql.rows("SELECT account_id, answered_ms, cost_micros, balance_after_micros FROM cdrs WHERE uuid = " + sqlText(uuid)));
  if (c === undefined) return undefined;
  return {
    uuid, accountId: int(c, "account_id"), answeredMs: int(c, "answered_ms"), costMicros: int(c, "cost_micros"),
    balanceAfterMicros: int(c, "balance_after_micros"), alreadySettled: true,
  };
}

/** The settled CDR of a UUID, if any (read-only). */
export function findSettlement(sql: SqlPort, uuid: string): Settlement | undefined {
  return existing(sql, uuid);
}

/** What the vendor charges for the call: the gateway's cost table, priced with the same tariff function. */
function vendorCost(sql: SqlPort, tableId: number | undefined, maxPrefixDigits: number, destination: string, answeredMs: number): { costMicros: number; tableId?: number } {
  if (tableId === undefined) return { costMicros: 0 };
  if (answeredMs === 0) return { costMicros: 0, tableId };
  const r = lookupRateRow(sql, tableId, destination, maxPrefixDigits, TARIFF_COLUMNS);
  return { costMicros: r === undefined ? 0 : callCost(rateFromRow(r), answeredMs), tableId };
}

/** Failure codes: UNKNOWN_CALL (no hold and no CDR for this UUID), ACCOUNT_NOT_FOUND. */
export function settle(sql: SqlPort, sqlite: boolean, nowSeconds: number, req: SettleRequest): Result<Settlement> {
  return withTransaction(sql, { sqlite }, () => {
    lockForUpdate(sql, { sqlite }, "SELECT a.id FROM holds h JOIN accounts a ON a.id = h.account_id WHERE h.uuid = " + sqlText(req.uuid));
    // The hold, its account's balance and its gateway's cost table in one read.
    const h = first(sql.rows(
      "SELECT h.*, a.balance_micros, g.cost_table_id, " +
        "(SELECT " + MAX_PREFIX_DIGITS_OF_T + " FROM rate_tables t WHERE t.id = g.cost_table_id) AS cost_max_prefix_digits " +
        "FROM holds h JOIN accounts a ON a.id = h.account_id LEFT JOIN gateways g ON g.name = h.gateway WHERE h.uuid = " + sqlText(req.uuid),
    ));
    if (h === undefined) {
      const done = existing(sql, req.uuid);
      return { value: done === undefined ? fail<Settlement>("UNKNOWN_CALL") : ok(done), rollback: true };
    }
    const accountId = int(h, "account_id");
    const account = { balanceMicros: int(h, "balance_micros") };
    const held = int(h, "amount_micros");
    const cost = callCost(rateFromRow(h), req.answeredMs);
    // The cut-off is never late, so cost ≤ hold; should a clock ever disagree, the hold caps it.
    const charged = cost < held ? cost : held;
    const after = account.balanceMicros - charged;
    const destination = text(h, "destination");
    const gateway = text(h, "gateway");
    const vendor = vendorCost(sql, optInt(h, "cost_table_id"), optInt(h, "cost_max_prefix_digits") ?? MAX_PREFIX_DIGITS, destination, req.answeredMs);
    const changed = sql.exec(
      "UPDATE accounts SET balance_micros = balance_micros - " + sqlInt(charged) + ", held_micros = held_micros - " + sqlInt(held) +
        " WHERE id = " + sqlInt(accountId) + " AND held_micros >= " + sqlInt(held),
    );
    if (changed !== 1) throw new Error("settle: account " + sqlInt(accountId) + " does not hold " + sqlInt(held));
    sql.exec(
      "INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, cost_table_id, gateway, " +
        "rate_per_minute_micros, granted_seconds, answered_ms, cost_micros, vendor_cost_micros, balance_before_micros, " +
        "balance_after_micros, hangup_cause, disposition, started_at, settled_at) VALUES (" +
        [
          sqlText(req.uuid), sqlInt(accountId), h.card_id === undefined ? "NULL" : sqlInt(int(h, "card_id")), sqlInt(int(h, "product_id")),
          sqlText(text(h, "ani")), sqlText(text(h, "dnis")), sqlText(destination), sqlText(text(h, "prefix")),
          sqlInt(int(h, "rate_table_id")), vendor.tableId === undefined ? "NULL" : sqlInt(vendor.tableId), sqlText(gateway),
          sqlInt(int(h, "rate_per_minute_micros")), sqlInt(int(h, "granted_seconds")), sqlInt(req.answeredMs), sqlInt(charged),
          sqlInt(vendor.costMicros), sqlInt(account.balanceMicros), sqlInt(after), sqlText(req.cause), sqlText(req.disposition),
          sqlInt(int(h, "created_at")), sqlInt(nowSeconds),
        ].join(", ") + ")",
    );
    if (req.answeredMs > 0) {
      appendLedger(sql, {
        accountId, reason: "call", amountMicros: -charged, beforeMicros: account.balanceMicros, afterMicros: after,
        ref: req.uuid, atSeconds: nowSeconds,
      });
    }
    sql.exec("DELETE FROM holds WHERE uuid = " + sqlText(req.uuid));
    return {
      value: ok<Settlement>({ uuid: req.uuid, accountId, answeredMs: req.answeredMs, costMicros: charged, balanceAfterMicros: after, alreadySettled: false }),
    };
  });
}
