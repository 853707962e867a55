/**
 * Holds as the operator sees them. A hold whose expiry has passed belongs to a call whose
 * settlement never came (the IVR or the switch died): reap.ts ends it.
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
  /** When the callee answered, as answered.lua marked it; null until then. */
  answered_at: number | null;
}

const COLUMNS = "uuid, account_id, amount_micros, granted_seconds, destination, created_at, expires_at, answered_at";

/** Live holds, oldest first; only those expired at `now` (epoch seconds) when expiredOnly. */
export function listHolds(db: Store, now: number, expiredOnly: boolean): Promise<HoldRow[]> {
  return expiredOnly
    ? db.all<HoldRow>(`SELECT ${COLUMNS} FROM holds WHERE expires_at <= ? ORDER BY created_at, uuid`, [now])
    : db.all<HoldRow>(`SELECT ${COLUMNS} FROM holds ORDER BY created_at, uuid`);
}
