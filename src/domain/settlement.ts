/**
 * Settling one call attempt, as statements: the IVR (Lua, over Dbh) and the CLI (Node, the
 * reaper and `holds reap`) run the very same writes, so a call is billed alike whichever of
 * them settles it. Pure: it reads nothing and runs nothing; the caller reads the hold with
 * HELD_CALL_SQL inside its transaction, runs every Write in order and treats any other
 * affected-row count as a failure that rolls the whole transaction back (on PostgreSQL's Dbh a
 * refused INSERT answers true with 0 rows, so the count is the only proof a write happened).
 *
 * The rule: a call is charged callCost(billedMs) at the rate its hold recorded, where billedMs
 * is the callee's answered time capped at the grant. The cut-off is scheduled so that the
 * answered time stays below the grant (src/ivr/cutoff.ts); should a switch still run past it,
 * the cap keeps the charge within the hold and the CDR keeps the real answered time beside it.
 */
import { MAX_PREFIX_DIGITS } from "./numbers";
import { Rate, callCost } from "./tariff";
import { MAX_PREFIX_DIGITS_OF_T, sqlInt, sqlText } from "./sql";

/** A hold as settlement needs it, with its account's balance read in the same transaction. */
export interface HeldCall {
  uuid: string;
  accountId: number;
  cardId?: number;
  productId: number;
  ani: string;
  dnis: string;
  destination: string;
  prefix: string;
  rateTableId: number;
  gateway: string;
  rate: Rate;
  amountMicros: number;
  grantedSeconds: number;
  createdAt: number;
  /** When the callee answered (api_on_answer), if the mark was written. */
  answeredAt?: number;
  balanceMicros: number;
  /** The gateway's cost table and its longest prefix bound, for the vendor cost. */
  costTableId?: number;
  costMaxPrefixDigits: number;
}

/** What is known of how the call went. */
export interface CallEvidence {
  /** The callee's answered milliseconds (billmsec), 0 when not answered. */
  answeredMs: number;
  cause: string;
  disposition: string;
  /** True when the callee leg never reported and the time is estimated from the answer mark. */
  estimated: boolean;
}

/** One statement of a settlement and the number of rows it must change. */
export interface Write {
  sql: string;
  rows: number;
}

export interface SettlementPlan {
  billedMs: number;
  costMicros: number;
  balanceAfterMicros: number;
  writes: Write[];
}

/** Ledger reasons of call charges. */
export const CALL_REASON = "call";
export const ESTIMATED_CALL_REASON = "call_estimated";

/** Reads a column of a row the way each runtime can (Dbh gives text, better-sqlite3 numbers). */
export interface RowReader {
  int(column: string): number;
  optInt(column: string): number | undefined;
  text(column: string): string;
}

/** The hold of a UUID, its account's balance and its gateway's cost table, in one read. */
export function heldCallSql(uuid: string): string {
  return "SELECT h.*, a.balance_micros, g.cost_table_id, " +
    "(SELECT " + MAX_PREFIX_DIGITS_OF_T + " FROM rate_tables t WHERE t.id = g.cost_table_id) AS cost_max_prefix_digits " +
    "FROM holds h JOIN accounts a ON a.id = h.account_id LEFT JOIN gateways g ON g.name = h.gateway WHERE h.uuid = " + sqlText(uuid);
}

/** The rate a holds (or cdrs) row recorded. */
export function rateOf(r: RowReader): Rate {
  return {
    ratePerMinuteMicros: r.int("rate_per_minute_micros"),
    connectFeeMicros: r.int("connect_fee_micros"),
    disconnectFeeMicros: r.int("disconnect_fee_micros"),
    initialSeconds: r.int("initial_seconds"),
    incrementSeconds: r.int("increment_seconds"),
    graceSeconds: r.int("grace_seconds"),
    minimumCostMicros: r.int("minimum_cost_micros"),
  };
}

export function heldCallOf(r: RowReader): HeldCall {
  return {
    uuid: r.text("uuid"),
    accountId: r.int("account_id"),
    cardId: r.optInt("card_id"),
    productId: r.int("product_id"),
    ani: r.text("ani"),
    dnis: r.text("dnis"),
    destination: r.text("destination"),
    prefix: r.text("prefix"),
    rateTableId: r.int("rate_table_id"),
    gateway: r.text("gateway"),
    rate: rateOf(r),
    amountMicros: r.int("amount_micros"),
    grantedSeconds: r.int("granted_seconds"),
    createdAt: r.int("created_at"),
    answeredAt: r.optInt("answered_at"),
    balanceMicros: r.int("balance_micros"),
    costTableId: r.optInt("cost_table_id"),
    costMaxPrefixDigits: r.optInt("cost_max_prefix_digits") ?? MAX_PREFIX_DIGITS,
  };
}

/** The answered time a call is charged for: what the callee reported, at most the grant. */
export function billedMs(grantedSeconds: number, answeredMs: number): number {
  const cap = grantedSeconds * 1000;
  return answeredMs < cap ? answeredMs : cap;
}

/**
 * The best evidence for an answered call whose callee leg never reported (the switch died, or
 * its hook failed and left nothing to retry): the time since the answer mark, at most the
 * grant, so never more than the hold. Without an answer mark the call was not answered.
 */
export function estimatedEvidence(call: HeldCall, nowSeconds: number): CallEvidence {
  if (call.answeredAt === undefined) return { answeredMs: 0, cause: "", disposition: "NOT_ANSWERED", estimated: false };
  const sinceAnswer = nowSeconds > call.answeredAt ? (nowSeconds - call.answeredAt) * 1000 : 0;
  return { answeredMs: billedMs(call.grantedSeconds, sinceAnswer), cause: "", disposition: "ESTIMATED", estimated: true };
}

function optSql(n: number | undefined): string {
  return n === undefined ? "NULL" : sqlInt(n);
}

/**
 * The writes that settle `call` on `evidence`: debit the cost and release the hold (guarded so
 * the account must still hold it), one CDR, one ledger row for an answered call, the hold row
 * deleted. Every answered call gets its ledger row, a free one too (amount 0), so each answered
 * CDR has exactly one. vendorCostMicros: what the gateway's cost table charges for the same answered time.
 */
export function planSettlement(call: HeldCall, evidence: CallEvidence, vendorCostMicros: number, nowSeconds: number): SettlementPlan {
  const billed = billedMs(call.grantedSeconds, evidence.answeredMs);
  const cost = callCost(call.rate, billed);
  const after = call.balanceMicros - cost;
  const r = call.rate;
  const writes: Write[] = [
    {
      sql: "UPDATE accounts SET balance_micros = balance_micros - " + sqlInt(cost) + ", held_micros = held_micros - " + sqlInt(call.amountMicros) +
        " WHERE id = " + sqlInt(call.accountId) + " AND held_micros >= " + sqlInt(call.amountMicros),
      rows: 1,
    },
    {
      sql: "INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, cost_table_id, gateway, " +
        "rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, " +
        "minimum_cost_micros, granted_seconds, hold_micros, answered_at, answered_ms, billed_ms, estimated, cost_micros, vendor_cost_micros, " +
        "balance_before_micros, balance_after_micros, hangup_cause, disposition, started_at, settled_at) VALUES (" +
        [
          sqlText(call.uuid), sqlInt(call.accountId), optSql(call.cardId), sqlInt(call.productId), sqlText(call.ani), sqlText(call.dnis),
          sqlText(call.destination), sqlText(call.prefix), sqlInt(call.rateTableId), optSql(call.costTableId), sqlText(call.gateway),
          sqlInt(r.ratePerMinuteMicros), sqlInt(r.connectFeeMicros), sqlInt(r.disconnectFeeMicros), sqlInt(r.initialSeconds),
          sqlInt(r.incrementSeconds), sqlInt(r.graceSeconds), sqlInt(r.minimumCostMicros), sqlInt(call.grantedSeconds),
          sqlInt(call.amountMicros), optSql(call.answeredAt), sqlInt(evidence.answeredMs), sqlInt(billed), evidence.estimated ? "1" : "0",
          sqlInt(cost), sqlInt(vendorCostMicros), sqlInt(call.balanceMicros), sqlInt(after), sqlText(evidence.cause),
          sqlText(evidence.disposition), sqlInt(call.createdAt), sqlInt(nowSeconds),
        ].join(", ") + ")",
      rows: 1,
    },
  ];
  if (billed > 0) {
    writes.push({
      sql: "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" +
        [
          sqlInt(call.accountId), sqlText(evidence.estimated ? ESTIMATED_CALL_REASON : CALL_REASON), sqlInt(-cost), sqlInt(call.balanceMicros),
          sqlInt(after), sqlText(call.uuid), sqlInt(nowSeconds),
        ].join(", ") + ")",
      rows: 1,
    });
  }
  writes.push({ sql: "DELETE FROM holds WHERE uuid = " + sqlText(call.uuid), rows: 1 });
  return { billedMs: billed, costMicros: cost, balanceAfterMicros: after, writes };
}

/** Ledger reason of a hold released without a call to bill (amount 0). */
export const HOLD_REAPED_REASON = "hold_reaped";

/**
 * The writes that release a hold whose call was never answered (its settlement never came and
 * there is no answer mark): the account holds that much less, a ledger note of amount 0, the
 * hold row deleted. The balance is never touched: money reserved is given back, never taken.
 */
export function planRelease(call: HeldCall, nowSeconds: number): Write[] {
  return [
    {
      sql: "UPDATE accounts SET held_micros = held_micros - " + sqlInt(call.amountMicros) + " WHERE id = " + sqlInt(call.accountId) +
        " AND held_micros >= " + sqlInt(call.amountMicros),
      rows: 1,
    },
    {
      sql: "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" +
        [sqlInt(call.accountId), sqlText(HOLD_REAPED_REASON), "0", sqlInt(call.balanceMicros), sqlInt(call.balanceMicros), sqlText(call.uuid), sqlInt(nowSeconds)].join(", ") + ")",
      rows: 1,
    },
    { sql: "DELETE FROM holds WHERE uuid = " + sqlText(call.uuid), rows: 1 },
  ];
}
