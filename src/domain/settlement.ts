/**
 * Settling one call attempt, as statements: the IVR (Lua, over Dbh) and the CLI (Node, the
 * reaper and `holds reap`) run the very same writes, so a call is billed alike whichever of
 * them settles it. Pure: it reads nothing and runs nothing.
 *
 * The caller reads the hold with heldCallSql before it begins a transaction (a hold's fields
 * never change once placed but for its answer mark), prices the call, then runs the plan's
 * writes in one short transaction that holds nothing but them. The first write is the guard:
 * it changes the account only while the hold is still there, so 0 rows from it means another
 * settlement won (roll back, nothing to do). Every later write must change exactly its rows;
 * any other count is a failure that rolls the whole transaction back (on PostgreSQL's Dbh a
 * refused INSERT answers true with 0 rows, so the count is the only proof a write happened).
 * The balances the CDR and the ledger record are read by those very INSERTs, after the debit.
 *
 * The rule: a call is charged callCost(billedMs) at the rate its hold recorded (a banded call
 * over the bands the hold recorded, from its answer instant: domain/call_price.ts), where
 * billedMs is the callee's answered time capped at the grant. The cut-off is scheduled so that the
 * answered time stays below the grant (src/ivr/cutoff.ts); should a switch still run past it,
 * the cap keeps the charge within the hold and the CDR keeps the real answered time beside it.
 */
import { MAX_PREFIX_DIGITS } from "./numbers";
import { BandPlan, storedPlan, storedPrices } from "./bands";
import { liveTimeline, recordedTimeline } from "./call_price";
import { ceilDiv } from "./intmath";
import { Rate, Timeline, billedByBand, callCost, formatBandSeconds } from "./tariff";
import { MAX_PREFIX_DIGITS_OF_T } from "./rate_sql";
import { sqlInt, sqlText } from "./sql";

/** A hold as settlement needs it. */
export interface HeldCall {
  uuid: string;
  accountId: number;
  destination: string;
  rate: Rate;
  /** The band prices and band changes the hold recorded ("" for an unbanded call). */
  bandPrices: string;
  bandChanges: string;
  amountMicros: number;
  grantedSeconds: number;
  /** When the hold was placed (epoch seconds). */
  createdAt: number;
  /** When the callee answered (api_on_answer), if the mark was written. */
  answeredAt?: number;
  /** The gateway's cost table, its longest prefix bound and its band plan, for the vendor cost. */
  costTableId?: number;
  costMaxPrefixDigits: number;
  costPlan?: BandPlan;
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
  /** writes[0] is the guard (0 rows: the hold is gone); the rest must each change `rows`. */
  writes: Write[];
}

/** Ledger reasons of call charges, and of a hold released without a call to bill (amount 0). */
export const CALL_REASON = "call";
export const ESTIMATED_CALL_REASON = "call_estimated";
export const HOLD_REAPED_REASON = "hold_reaped";

/** Reads a column of a row the way each runtime can (Dbh gives text, better-sqlite3 numbers). */
export interface RowReader {
  int(column: string): number;
  optInt(column: string): number | undefined;
  text(column: string): string;
}

const RATE_COLUMNS = [
  "rate_per_minute_micros", "connect_fee_micros", "disconnect_fee_micros", "initial_seconds",
  "increment_seconds", "grace_seconds", "minimum_cost_micros",
];

/** The hold of a UUID and its gateway's cost table, in one read. */
export function heldCallSql(uuid: string): string {
  return "SELECT h.uuid, h.account_id, h.destination, h.amount_micros, h.granted_seconds, h.created_at, h.answered_at, h." + RATE_COLUMNS.join(", h.") +
    ", h.bands, h.band_changes, g.cost_table_id, " + MAX_PREFIX_DIGITS_OF_T + " AS cost_max_prefix_digits, t.band_rules AS cost_band_rules, " +
    "t.band_offsets AS cost_band_offsets FROM holds h LEFT JOIN gateways g ON g.name = h.gateway LEFT JOIN rate_tables t ON t.id = g.cost_table_id " +
    "WHERE h.uuid = " + sqlText(uuid);
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
    destination: r.text("destination"),
    rate: rateOf(r),
    bandPrices: r.text("bands"),
    bandChanges: r.text("band_changes"),
    amountMicros: r.int("amount_micros"),
    grantedSeconds: r.int("granted_seconds"),
    createdAt: r.int("created_at"),
    answeredAt: r.optInt("answered_at"),
    costTableId: r.optInt("cost_table_id"),
    costMaxPrefixDigits: r.optInt("cost_max_prefix_digits") ?? MAX_PREFIX_DIGITS,
    costPlan: storedPlan(r.text("cost_band_rules"), r.text("cost_band_offsets")),
  };
}

/** The timeline a hold's call is priced on (undefined: unbanded). */
export function heldTimeline(call: HeldCall): Timeline | undefined {
  return recordedTimeline(call.rate, call.bandPrices, call.bandChanges, callStartedAt(call));
}

/**
 * What a vendor's rate row (TARIFF_COLUMNS of its cost table's deck) charges for `billed` ms of
 * a call that started at `startedAt`, banded by the cost table's plan when it has one.
 */
export function vendorPrice(row: RowReader, plan: BandPlan | undefined, startedAt: number, billed: number): number {
  const rate = rateOf(row);
  return callCost(rate, billed, liveTimeline({ rate, plan, prices: storedPrices(row.text("bands")) }, startedAt, ceilDiv(billed, 1000)));
}

/** The instant a call's vendor deck is read at: its answer when marked, else when its hold was placed. */
export function callStartedAt(call: HeldCall): number {
  return call.answeredAt ?? call.createdAt;
}

/** The answered time a call is charged for: what the callee reported, at most the grant. */
export function billedMs(grantedSeconds: number, answeredMs: number): number {
  const cap = grantedSeconds * 1000;
  return answeredMs < cap ? answeredMs : cap;
}

/**
 * The best evidence for an answered call whose callee leg never reported (the switch died, or
 * its hook failed and left nothing to retry): the time since the answer mark, at least a second
 * (it was answered) and at most the grant, so never more than the hold. Without an answer mark
 * the call was not answered.
 */
export function estimatedEvidence(call: HeldCall, nowSeconds: number): CallEvidence {
  if (call.answeredAt === undefined) return { answeredMs: 0, cause: "", disposition: "NOT_ANSWERED", estimated: false };
  const sinceAnswer = nowSeconds > call.answeredAt ? (nowSeconds - call.answeredAt) * 1000 : 0;
  return { answeredMs: billedMs(call.grantedSeconds, sinceAnswer > 1000 ? sinceAnswer : 1000), cause: "", disposition: "ESTIMATED", estimated: true };
}

function optSql(n: number | undefined): string {
  return n === undefined ? "NULL" : sqlInt(n);
}

/** A ledger row for the account, its balance read (after the change) by the INSERT itself. */
function ledgerWrite(accountId: number, reason: string, amountMicros: number, ref: string, nowSeconds: number): Write {
  return {
    sql: "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) SELECT a.id, " +
      [sqlText(reason), sqlInt(amountMicros), "a.balance_micros - " + sqlInt(amountMicros), "a.balance_micros", sqlText(ref), sqlInt(nowSeconds)].join(", ") +
      " FROM accounts a WHERE a.id = " + sqlInt(accountId),
    rows: 1,
  };
}

/**
 * The writes that settle `call` on `evidence`: debit the cost and release the hold (the guard),
 * one CDR built from the hold row itself, one ledger row for an answered call (a free one too,
 * amount 0, so each answered CDR has exactly one), the hold row deleted. vendorCostMicros: what
 * the gateway's cost table charges for the same billed time.
 */
export function planSettlement(call: HeldCall, evidence: CallEvidence, vendorCostMicros: number, nowSeconds: number): SettlementPlan {
  const billed = billedMs(call.grantedSeconds, evidence.answeredMs);
  const timeline = heldTimeline(call);
  const cost = callCost(call.rate, billed, timeline);
  const bandsBilled = timeline === undefined ? "NULL" : sqlText(formatBandSeconds(billedByBand(call.rate, billed, timeline)));
  const uuid = sqlText(call.uuid);
  const writes: Write[] = [
    {
      sql: "UPDATE accounts SET balance_micros = balance_micros - " + sqlInt(cost) + ", held_micros = held_micros - " + sqlInt(call.amountMicros) +
        " WHERE id = " + sqlInt(call.accountId) + " AND held_micros >= " + sqlInt(call.amountMicros) +
        " AND EXISTS (SELECT 1 FROM holds WHERE uuid = " + uuid + ")",
      rows: 1,
    },
    {
      sql: "INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, gateway, " +
        RATE_COLUMNS.join(", ") + ", bands, band_changes, bands_billed, granted_seconds, hold_micros, answered_at, started_at, cost_table_id, answered_ms, billed_ms, estimated, " +
        "cost_micros, vendor_cost_micros, balance_before_micros, balance_after_micros, hangup_cause, disposition, settled_at) " +
        "SELECT h.uuid, h.account_id, h.card_id, h.product_id, h.ani, h.dnis, h.destination, h.prefix, h.rate_table_id, h.gateway, h." +
        RATE_COLUMNS.join(", h.") + ", h.bands, h.band_changes, " + bandsBilled + ", h.granted_seconds, h.amount_micros, h.answered_at, h.created_at, " +
        [
          optSql(call.costTableId), sqlInt(evidence.answeredMs), sqlInt(billed), evidence.estimated ? "1" : "0", sqlInt(cost),
          sqlInt(vendorCostMicros), "a.balance_micros + " + sqlInt(cost), "a.balance_micros", sqlText(evidence.cause),
          sqlText(evidence.disposition), sqlInt(nowSeconds),
        ].join(", ") +
        " FROM holds h JOIN accounts a ON a.id = h.account_id WHERE h.uuid = " + uuid,
      rows: 1,
    },
  ];
  if (billed > 0) writes.push(ledgerWrite(call.accountId, evidence.estimated ? ESTIMATED_CALL_REASON : CALL_REASON, -cost, call.uuid, nowSeconds));
  writes.push({ sql: "DELETE FROM holds WHERE uuid = " + uuid, rows: 1 });
  return { billedMs: billed, costMicros: cost, writes };
}

/**
 * The writes that release a hold whose call was never answered (its settlement never came and
 * there is no answer mark): the hold row deleted (the guard), the account holding that much
 * less, a ledger note of amount 0. The balance is never touched: money reserved is given back,
 * never taken. The guard is the DELETE itself because the answer mark is written without the
 * account's lock (src/ivr/store/answer_mark.ts): on PostgreSQL a guard that only reads the hold
 * (EXISTS …) can miss a mark committed after it, and the release would then delete an answered
 * call's hold. The DELETE takes the hold row's lock, waits for a mark being written and then
 * finds it; a mark written after it finds no hold.
 */
export function planRelease(call: HeldCall, nowSeconds: number): Write[] {
  return [
    { sql: "DELETE FROM holds WHERE uuid = " + sqlText(call.uuid) + " AND answered_at IS NULL", rows: 1 },
    {
      sql: "UPDATE accounts SET held_micros = held_micros - " + sqlInt(call.amountMicros) + " WHERE id = " + sqlInt(call.accountId) +
        " AND held_micros >= " + sqlInt(call.amountMicros),
      rows: 1,
    },
    ledgerWrite(call.accountId, HOLD_REAPED_REASON, 0, call.uuid, nowSeconds),
  ];
}

/** Ledger reason of the money given back when an estimated call's real figures arrive. */
export const ESTIMATE_CORRECTED_REASON = "estimate_corrected";

/** An estimated CDR as a correction needs it. */
export interface EstimatedCdr {
  uuid: string;
  accountId: number;
  destination: string;
  grantedSeconds: number;
  rate: Rate;
  billedMs: number;
  costMicros: number;
  costTableId?: number;
  costPlan?: BandPlan;
  /** When the call started: its answer mark, else when its hold was placed (as callStartedAt). */
  startedAt: number;
  /** The bands its hold recorded (see HeldCall); undefined: unbanded. */
  timeline?: Timeline;
}

/** The estimated CDR of a UUID (or nothing when it has none, or a real one). */
export function estimatedCdrSql(uuid: string): string {
  return "SELECT c.uuid, c.account_id, c.destination, c.granted_seconds, c.billed_ms, c.cost_micros, c.cost_table_id, " +
    "COALESCE(c.answered_at, c.started_at) AS started_at, c.bands, c.band_changes, t.band_rules AS cost_band_rules, t.band_offsets AS cost_band_offsets, c." +
    RATE_COLUMNS.join(", c.") + " FROM cdrs c LEFT JOIN rate_tables t ON t.id = c.cost_table_id WHERE c.estimated = 1 AND c.uuid = " + sqlText(uuid);
}

export function estimatedCdrOf(r: RowReader): EstimatedCdr {
  const rate = rateOf(r);
  const startedAt = r.int("started_at");
  return {
    uuid: r.text("uuid"), accountId: r.int("account_id"), destination: r.text("destination"), grantedSeconds: r.int("granted_seconds"),
    rate, billedMs: r.int("billed_ms"), costMicros: r.int("cost_micros"), costTableId: r.optInt("cost_table_id"),
    costPlan: storedPlan(r.text("cost_band_rules"), r.text("cost_band_offsets")),
    startedAt, timeline: recordedTimeline(rate, r.text("bands"), r.text("band_changes"), startedAt),
  };
}

/**
 * The writes that correct an estimated CDR once the callee leg's own figures arrive (a spooled
 * hook applied after another node's reaper estimated the call): the CDR takes the real answered
 * time and cost, and the account gets back what the estimate took too much, in an
 * 'estimate_corrected' ledger row (of 0 when nothing comes back, so every correction is in the
 * ledger). Never more than the estimate is charged afterwards: the hold that covered it is gone,
 * so a real time dearer than the estimate keeps the estimate's billed time and cost beside its
 * real answered time. The guard is the CDR still being estimated.
 */
export function planCorrection(cdr: EstimatedCdr, evidence: CallEvidence, vendorCostMicros: number, nowSeconds: number): SettlementPlan {
  const realBilled = billedMs(cdr.grantedSeconds, evidence.answeredMs);
  const real = callCost(cdr.rate, realBilled, cdr.timeline);
  const cheaper = real <= cdr.costMicros;
  const billed = cheaper ? realBilled : cdr.billedMs;
  const cost = cheaper ? real : cdr.costMicros;
  const refund = cdr.costMicros - cost;
  const bandsBilled = cdr.timeline === undefined ? "" : ", bands_billed = " + sqlText(formatBandSeconds(billedByBand(cdr.rate, billed, cdr.timeline)));
  const writes: Write[] = [
    {
      sql: "UPDATE cdrs SET answered_ms = " + sqlInt(evidence.answeredMs) + ", billed_ms = " + sqlInt(billed) + ", cost_micros = " + sqlInt(cost) + bandsBilled +
        ", vendor_cost_micros = " + sqlInt(vendorCostMicros) + ", estimated = 0, hangup_cause = " + sqlText(evidence.cause) +
        ", disposition = " + sqlText(evidence.disposition) + " WHERE uuid = " + sqlText(cdr.uuid) + " AND estimated = 1",
      rows: 1,
    },
  ];
  if (refund > 0) writes.push({ sql: "UPDATE accounts SET balance_micros = balance_micros + " + sqlInt(refund) + " WHERE id = " + sqlInt(cdr.accountId), rows: 1 });
  writes.push(ledgerWrite(cdr.accountId, ESTIMATE_CORRECTED_REASON, refund, cdr.uuid, nowSeconds));
  return { billedMs: billed, costMicros: cost, writes };
}
