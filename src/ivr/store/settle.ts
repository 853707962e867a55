/**
 * Settlement of one call attempt with the writes src/domain/settlement.ts plans: cost from the
 * callee's answered milliseconds with the tariff that granted the time, debit, release the hold,
 * one CDR, one ledger row for an answered call. The hold and the vendor's price are read first;
 * the transaction holds only the writes. Idempotent per call UUID: the hold row is the token
 * (the guard finds it, the plan deletes it) and cdrs.uuid is UNIQUE.
 */
import { Result, fail, ok } from "../../domain/result";
import { CallEvidence, HeldCall, billedMs, callStartedAt, heldCallOf, heldCallSql, planSettlement, vendorPrice } from "../../domain/settlement";
import { sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";
import { lookupRateRow } from "./rates";
import { first, int, optInt, reader, text } from "./rows";
import { runPlan } from "./tx";

/** A settled call as its CDR has it: what the IVR announces and puts on the caller's channel. */
export interface Settlement {
  uuid: string;
  accountId: number;
  answeredMs: number;
  costMicros: number;
  vendorCostMicros: number;
  ratePerMinuteMicros: number;
  balanceBeforeMicros: number;
  balanceAfterMicros: number;
  gateway: string;
  rateTable: string;
  /** The gateway's cost table, "" when it has none. */
  costTable: string;
  estimated: boolean;
}

export type SettleCode = "UNKNOWN_CALL";

/** The settled CDR of a UUID, if any (read-only). */
export function findSettlement(sql: SqlPort, uuid: string): Settlement | undefined {
  const c = first(sql.rows(
    "SELECT c.account_id, c.answered_ms, c.cost_micros, c.vendor_cost_micros, c.rate_per_minute_micros, c.balance_before_micros, " +
      "c.balance_after_micros, c.gateway, c.estimated, r.name AS rate_table, v.name AS cost_table FROM cdrs c " +
      "LEFT JOIN rate_tables r ON r.id = c.rate_table_id LEFT JOIN rate_tables v ON v.id = c.cost_table_id WHERE c.uuid = " + sqlText(uuid),
  ));
  if (c === undefined) return undefined;
  return {
    uuid, accountId: int(c, "account_id"), answeredMs: int(c, "answered_ms"), costMicros: int(c, "cost_micros"),
    vendorCostMicros: int(c, "vendor_cost_micros"), ratePerMinuteMicros: int(c, "rate_per_minute_micros"),
    balanceBeforeMicros: int(c, "balance_before_micros"), balanceAfterMicros: int(c, "balance_after_micros"),
    gateway: text(c, "gateway"), rateTable: text(c, "rate_table"), costTable: text(c, "cost_table"),
    estimated: int(c, "estimated") === 1,
  };
}

/** A hold as settlement reads it (outside any transaction: its fields do not change). */
export function heldCall(sql: SqlPort, uuid: string): HeldCall | undefined {
  const h = first(sql.rows(heldCallSql(uuid)));
  return h === undefined ? undefined : heldCallOf(reader(h));
}

/**
 * What the vendor charges for the billed time: the gateway's cost table (its deck in force when
 * the call started), priced with the same tariff function.
 */
function vendorCost(sql: SqlPort, call: HeldCall, billed: number): number {
  if (call.costTableId === undefined || billed === 0) return 0;
  const r = lookupRateRow(sql, call.costTableId, call.destination, callStartedAt(call), call.costMaxPrefixDigits, "tariff");
  return r === undefined ? 0 : vendorPrice(reader(r), call.costPlan, callStartedAt(call), billed);
}

/** What a settlement did. */
export interface Settled {
  costMicros: number;
  billedMs: number;
  /** True when the UUID had been settled before (nothing changed now). */
  alreadySettled: boolean;
}

/** Settles a hold read with heldCall; false when another settlement ended it first. */
export function settleHeld(sql: SqlPort, nowSeconds: number, call: HeldCall, evidence: CallEvidence): Settled | undefined {
  const plan = planSettlement(call, evidence, vendorCost(sql, call, billedMs(call.grantedSeconds, evidence.answeredMs)), nowSeconds);
  if (!runPlan(sql, call.accountId, plan.writes)) return undefined;
  return { costMicros: plan.costMicros, billedMs: plan.billedMs, alreadySettled: false };
}

/** Settles a call from the callee leg's evidence. Failure codes: UNKNOWN_CALL (no hold and no CDR for this UUID). */
export function settle(sql: SqlPort, nowSeconds: number, uuid: string, evidence: CallEvidence): Result<Settled, SettleCode> {
  const call = heldCall(sql, uuid);
  const settled = call === undefined ? undefined : settleHeld(sql, nowSeconds, call, evidence);
  if (settled !== undefined) return ok(settled);
  const done = first(sql.rows("SELECT cost_micros, billed_ms, answered_ms FROM cdrs WHERE uuid = " + sqlText(uuid)));
  if (done === undefined) return fail("UNKNOWN_CALL");
  return ok({ costMicros: int(done, "cost_micros"), billedMs: optInt(done, "billed_ms") ?? int(done, "answered_ms"), alreadySettled: true });
}
