/**
 * Holds as the operator sees them, and the reaper: a hold whose expiry has passed belongs to a
 * call whose settlement never came (the IVR or the switch died). Reaping releases its money
 * exactly as the IVR's reapAccountHolds (src/ivr/store/holds.ts) does: held_micros drops by
 * the hold, the hold row goes, and the ledger gets a 'hold_reaped' row (amount 0, ref uuid).
 */
import type { Store } from "./store";

export interface HoldRow {
  uuid: string;
  account_id: number;
  amount_micros: number;
  granted_seconds: number;
  destination: string;
  created_at: number;
  expires_at: number;
}

const COLUMNS = "uuid, account_id, amount_micros, granted_seconds, destination, created_at, expires_at";

/** Live holds, oldest first; only those expired at `now` (epoch seconds) when expiredOnly. */
export function listHolds(db: Store, now: number, expiredOnly: boolean): Promise<HoldRow[]> {
  return expiredOnly
    ? db.all<HoldRow>(`SELECT ${COLUMNS} FROM holds WHERE expires_at <= ? ORDER BY created_at, uuid`, [now])
    : db.all<HoldRow>(`SELECT ${COLUMNS} FROM holds ORDER BY created_at, uuid`);
}

/**
 * Reaps one hold in its own transaction, if it is still there and still expired (a settlement
 * may have won the race since it was listed). Resolves true when it was reaped.
 */
export function reapHold(db: Store, uuid: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const h = await tx.get<{ account_id: number; amount_micros: number }>("SELECT account_id, amount_micros FROM holds WHERE uuid = ? AND expires_at <= ?", [uuid, now]);
    if (h === undefined) return false;
    const a = await tx.get<{ balance_micros: number }>("SELECT balance_micros FROM accounts WHERE id = ?", [h.account_id]);
    if (a === undefined) throw new Error(`hold ${uuid} names account ${h.account_id}, which does not exist`);
    await tx.run("UPDATE accounts SET held_micros = held_micros - ? WHERE id = ?", [h.amount_micros, h.account_id]);
    await tx.run("DELETE FROM holds WHERE uuid = ?", [uuid]);
    await tx.insert("ledger", {
      account_id: h.account_id, reason: "hold_reaped", amount_micros: 0, balance_before_micros: a.balance_micros,
      balance_after_micros: a.balance_micros, ref: uuid, created_at: now,
    });
    return true;
  });
}
