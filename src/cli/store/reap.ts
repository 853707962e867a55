/**
 * Ending what calls left behind, with the very writes the IVR runs (src/domain/settlement.ts),
 * each in a short transaction of its own:
 * - a call whose settle.lua spooled its figures is settled from them (or, when another
 *   switch's reaper estimated it meanwhile, its estimated CDR is corrected with them);
 * - a hold past its expiry is billed from its answer mark as an estimated CDR when the callee
 *   answered (the mark answered.lua wrote), and released otherwise (its money given back, a
 *   'hold_reaped' ledger row of amount 0).
 */
import { MAX_PREFIX_DIGITS } from "../../domain/numbers";
import {
  RowReader, Write, billedMs, callStartedAt, estimatedCdrOf, estimatedCdrSql, estimatedEvidence, heldCallOf, heldCallSql, planCorrection,
  planRelease, planSettlement, vendorPrice,
} from "../../domain/settlement";
import type { BandPlan } from "../../domain/bands";
import { SpooledHook } from "../../domain/spool";
import { TARIFF_COLUMNS, rateLookupSql } from "../../domain/rate_sql";
import type { Sql, Store } from "./store";

/** How a reaped hold ended. */
export type Reaped = "estimated" | "released";

/** Reads a row as src/domain/settlement.ts asks (integers are numbers, or text on some engines). */
function reader(row: Record<string, unknown>): RowReader {
  const opt = (c: string): number | undefined => (row[c] === null || row[c] === undefined ? undefined : Number(row[c]));
  return { int: (c) => Number(row[c]), optInt: opt, text: (c) => String(row[c] ?? "") };
}

/**
 * What a gateway's cost table charges for a billed time to a destination (0 without one, or no
 * rate), from its deck in force at `startedAt`, when the call started.
 */
async function vendorCost(db: Sql, call: { costTableId?: number; costPlan?: BandPlan; destination: string }, startedAt: number, billed: number): Promise<number> {
  if (call.costTableId === undefined || billed === 0) return 0;
  const row = await db.get<Record<string, unknown>>(rateLookupSql(call.costTableId, call.destination, startedAt, MAX_PREFIX_DIGITS, TARIFF_COLUMNS));
  return row === undefined ? 0 : vendorPrice(reader(row), call.costPlan, startedAt, billed);
}

/**
 * Runs a plan in one transaction on the account: its guard first (0 rows: the hold is gone, or
 * a release finds it answered since; nothing is written), then every other write, each of which
 * must change exactly its rows.
 */
async function runPlan(db: Store, accountId: number, writes: Write[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.lockAccount(accountId);
    if ((await tx.run(writes[0].sql)) !== 1) return false;
    for (const w of writes.slice(1)) {
      const n = await tx.run(w.sql);
      if (n !== w.rows) throw new Error(`a settlement write changed ${n} rows, expected ${w.rows}: ${w.sql}`);
    }
    return true;
  });
}

/**
 * Ends the hold `uuid` if it is still there and past its expiry at `now` (a settlement may have
 * won the race since it was listed); undefined when it was not.
 */
export async function reapHold(db: Store, uuid: string, now: number): Promise<Reaped | undefined> {
  const row = await db.get<Record<string, unknown>>(heldCallSql(uuid));
  const expired = await db.get("SELECT 1 AS x FROM holds WHERE uuid = ? AND expires_at <= ?", [uuid, now]);
  if (row === undefined || expired === undefined) return undefined;
  const call = heldCallOf(reader(row));
  const evidence = estimatedEvidence(call, now);
  if (!evidence.estimated) return (await runPlan(db, call.accountId, planRelease(call, now))) ? "released" : undefined;
  const vendor = await vendorCost(db, call, callStartedAt(call), billedMs(call.grantedSeconds, evidence.answeredMs));
  return (await runPlan(db, call.accountId, planSettlement(call, evidence, vendor, now).writes)) ? "estimated" : undefined;
}

/** How a spooled hook was dealt with. */
export type Applied =
  /** the hold was settled from it */
  | "settled"
  /** another reaper had estimated the call: its CDR now has the real figures */
  | "corrected"
  /** the call was settled already: nothing to do */
  | "already"
  /** no hold and no CDR has this UUID: kept, for the operator to look at */
  | "unknown";

/** Settles a call from the figures its settle.lua spooled. */
export async function applySpooled(db: Store, hook: SpooledHook, now: number): Promise<Applied> {
  const row = await db.get<Record<string, unknown>>(heldCallSql(hook.uuid));
  if (row !== undefined) {
    const call = heldCallOf(reader(row));
    const vendor = await vendorCost(db, call, callStartedAt(call), billedMs(call.grantedSeconds, hook.evidence.answeredMs));
    if (await runPlan(db, call.accountId, planSettlement(call, hook.evidence, vendor, now).writes)) return "settled";
  }
  const estimated = await db.get<Record<string, unknown>>(estimatedCdrSql(hook.uuid));
  if (estimated !== undefined) {
    const cdr = estimatedCdrOf(reader(estimated));
    const vendor = await vendorCost(db, cdr, cdr.startedAt, billedMs(cdr.grantedSeconds, hook.evidence.answeredMs));
    if (await runPlan(db, cdr.accountId, planCorrection(cdr, hook.evidence, vendor, now).writes)) return "corrected";
  }
  return (await db.get("SELECT 1 AS x FROM cdrs WHERE uuid = ?", [hook.uuid])) !== undefined ? "already" : "unknown";
}
