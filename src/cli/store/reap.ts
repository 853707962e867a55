/**
 * Ending a hold past its expiry, with the very writes the IVR's reaper runs
 * (src/domain/settlement.ts): a call whose callee answered (the answer mark answered.lua wrote)
 * is billed from the mark as an estimated CDR; any other hold is released (its money given back,
 * a 'hold_reaped' ledger row of amount 0). Each in a short transaction of its own.
 */
import { MAX_PREFIX_DIGITS } from "../../domain/numbers";
import { CallEvidence, HeldCall, RowReader, Write, billedMs, estimatedEvidence, heldCallOf, heldCallSql, planRelease, planSettlement, rateOf } from "../../domain/settlement";
import { TARIFF_COLUMNS, rateLookupSql } from "../../domain/sql";
import { callCost } from "../../domain/tariff";
import type { Sql, Store } from "./store";

/** How a reaped hold ended. */
export type Reaped = "estimated" | "released";

/** Reads a row as src/domain/settlement.ts asks (integers are numbers, or text on some engines). */
function reader(row: Record<string, unknown>): RowReader {
  const opt = (c: string): number | undefined => (row[c] === null || row[c] === undefined ? undefined : Number(row[c]));
  return { int: (c) => Number(row[c]), optInt: opt, text: (c) => String(row[c] ?? "") };
}

/** What the gateway's cost table charges for the billed time (0 without one, or no rate). */
async function vendorCost(db: Sql, call: HeldCall, evidence: CallEvidence): Promise<number> {
  const billed = billedMs(call.grantedSeconds, evidence.answeredMs);
  if (call.costTableId === undefined || billed === 0) return 0;
  const row = await db.get<Record<string, unknown>>(rateLookupSql(call.costTableId, call.destination, MAX_PREFIX_DIGITS, TARIFF_COLUMNS));
  return row === undefined ? 0 : callCost(rateOf(reader(row)), billed);
}

/**
 * Runs a plan in one transaction on the account: its guard first (0 rows: the hold is gone,
 * nothing is written), then every other write, each of which must change exactly its rows.
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
  if (evidence.estimated) return (await runPlan(db, call.accountId, planSettlement(call, evidence, await vendorCost(db, call, evidence), now).writes)) ? "estimated" : undefined;
  return (await runPlan(db, call.accountId, planRelease(call, now))) ? "released" : undefined;
}
