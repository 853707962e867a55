/**
 * Holds as the operator sees them, and the reaper: a hold whose expiry has passed belongs to a
 * call whose settlement never came (the IVR or the switch died). Reaping releases its money
 * exactly as the IVR's reapAccountHolds (src/ivr/store/holds.ts) does: held_micros drops by
 * the hold, the hold row goes, and the ledger gets a 'hold_reaped' row (amount 0, ref uuid).
 */
import type { Db } from "./db";

export interface HoldRow {
  uuid: string;
  accountId: number;
  amountMicros: bigint;
  grantedSeconds: number;
  destination: string;
  createdAt: number;
  expiresAt: number;
}

/** A holds row read with safeIntegers: every integer column is a bigint. */
interface RawHold {
  uuid: string;
  account_id: bigint;
  amount_micros: bigint;
  granted_seconds: bigint;
  destination: string;
  created_at: bigint;
  expires_at: bigint;
}

function toHold(r: RawHold): HoldRow {
  return {
    uuid: r.uuid, accountId: Number(r.account_id), amountMicros: r.amount_micros, grantedSeconds: Number(r.granted_seconds),
    destination: r.destination, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
  };
}

const COLUMNS = "uuid, account_id, amount_micros, granted_seconds, destination, created_at, expires_at";

/** Live holds, oldest first; only those expired at nowSeconds when expiredOnly. */
export function listHolds(db: Db, nowSeconds: number, expiredOnly: boolean): HoldRow[] {
  const where = expiredOnly ? " WHERE expires_at <= ?" : "";
  const stmt = db.prepare(`SELECT ${COLUMNS} FROM holds${where} ORDER BY created_at, uuid`).safeIntegers(true);
  const rows = (expiredOnly ? stmt.all(nowSeconds) : stmt.all()) as RawHold[];
  return rows.map(toHold);
}

/**
 * Reaps one hold in its own BEGIN IMMEDIATE transaction, if it is still there and still expired
 * (a settlement may have won the race since it was listed). Returns true when it was reaped.
 */
export function reapHold(db: Db, uuid: string, nowSeconds: number): boolean {
  return db.transaction((): boolean => {
    const h = db.prepare("SELECT account_id, amount_micros FROM holds WHERE uuid = ? AND expires_at <= ?").safeIntegers(true).get(uuid, nowSeconds) as
      { account_id: bigint; amount_micros: bigint } | undefined;
    if (h === undefined) return false;
    const a = db.prepare("SELECT balance_micros FROM accounts WHERE id = ?").safeIntegers(true).get(h.account_id) as { balance_micros: bigint } | undefined;
    if (a === undefined) throw new Error(`hold ${uuid} names account ${h.account_id}, which does not exist`);
    db.prepare("UPDATE accounts SET held_micros = held_micros - ? WHERE id = ?").run(h.amount_micros, h.account_id);
    db.prepare("DELETE FROM holds WHERE uuid = ?").run(uuid);
    db.prepare(
      "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (?, 'hold_reaped', 0, ?, ?, ?, ?)",
    ).run(h.account_id, a.balance_micros, a.balance_micros, uuid, nowSeconds);
    return true;
  }).immediate();
}
