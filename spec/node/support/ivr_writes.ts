/**
 * Calls on a test database with the IVR's own writes: a hold as placeHold reserves it (its
 * amount callCost of the grant, held_micros raised by it), and its settlement as
 * src/domain/settlement.ts plans it for settle.lua, run in one transaction behind its guard.
 */
import { CallEvidence, RowReader, heldCallOf, heldCallSql, planSettlement } from "../../../src/domain/settlement";
import { Rate, callCost } from "../../../src/domain/tariff";
import { query, transaction } from "./db";

export const PER_MINUTE_60: Rate = { ratePerMinuteMicros: 100000, connectFeeMicros: 0, disconnectFeeMicros: 0, initialSeconds: 60, incrementSeconds: 60, graceSeconds: 0, minimumCostMicros: 0 };
export const PER_SECOND_FEES: Rate = { ratePerMinuteMicros: 60000, connectFeeMicros: 10000, disconnectFeeMicros: 5000, initialSeconds: 30, incrementSeconds: 6, graceSeconds: 3, minimumCostMicros: 20000 };

export interface HoldSpec {
  uuid: string;
  accountId: number;
  productId: number;
  rate: Rate;
  grantedSeconds: number;
  /** Seconds after `now` the hold expires (negative: expired). */
  expiresIn?: number;
  /** Seconds before `now` the callee answered (answered.lua's mark); absent: no mark. */
  answeredAgo?: number;
}

function reader(row: Record<string, unknown>): RowReader {
  const opt = (c: string): number | undefined => (row[c] === null || row[c] === undefined ? undefined : Number(row[c]));
  return { int: (c) => Number(row[c]), optInt: opt, text: (c) => String(row[c] ?? "") };
}

/** Reserves callCost(grant) on the account and writes the hold row, in one transaction; returns the amount held. */
export function placeHold(dbPath: string, h: HoldSpec, now: number): number {
  const amount = callCost(h.rate, h.grantedSeconds * 1000);
  const r = h.rate;
  transaction(dbPath, [
    { sql: "UPDATE accounts SET held_micros = held_micros + ? WHERE id = ? AND balance_micros - held_micros >= ?", params: [amount, h.accountId, amount], rows: 1 },
    {
      sql:
        "INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros, connect_fee_micros, " +
        "disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, gateway, created_at, expires_at, answered_at) " +
        "VALUES (?, ?, ?, ?, ?, '441612345678', '44', 1, ?, ?, ?, ?, ?, ?, ?, 'gw1', ?, ?, ?)",
      params: [h.uuid, h.accountId, h.productId, amount, h.grantedSeconds, r.ratePerMinuteMicros, r.connectFeeMicros, r.disconnectFeeMicros, r.initialSeconds,
        r.incrementSeconds, r.graceSeconds, r.minimumCostMicros, now - 60, now + (h.expiresIn ?? h.grantedSeconds + 180), h.answeredAgo === undefined ? null : now - h.answeredAgo],
    },
  ]);
  return amount;
}

/** Settles the hold `uuid` from the callee leg's answered milliseconds, as settle.lua does; returns the cost charged. */
export function settleCall(dbPath: string, uuid: string, answeredMs: number, now: number, vendorCostMicros = 0): number {
  const row = query(dbPath, heldCallSql(uuid))[0];
  if (row === undefined) throw new Error(`settleCall: no hold ${uuid}`);
  const evidence: CallEvidence = { answeredMs, cause: "NORMAL_CLEARING", disposition: answeredMs > 0 ? "ANSWER" : "NO_ANSWER", estimated: false };
  const plan = planSettlement(heldCallOf(reader(row)), evidence, vendorCostMicros, now);
  // The first write is the guard (one row, or the call was settled already), then each its planned count.
  transaction(dbPath, plan.writes.map((w, i) => ({ sql: w.sql, params: [], rows: i === 0 ? 1 : w.rows })));
  return plan.costMicros;
}
