/**
 * Issuing a batch of cards in one write transaction: the batch row, then per card an account
 * (balance = value), a card (sequential serial, random PIN) and the 'issue' ledger row. Rows go
 * in CHUNK cards at a time through the store's bulk insert; a PIN already taken (by any card,
 * in this batch or before) is skipped by the cards' unique key and that card retried alone
 * with a new PIN until it goes in. Any error rolls everything back.
 */
import { Failure } from "../../exit";
import type { SqlRecord, Store } from "../../store/store";
import { PinSource } from "./pins";

/** Serials are 10 digits, zero-padded: 0000000001 … 9999999999. */
export const SERIAL_WIDTH = 10;
const MAX_SERIAL = 9999999999;
const CHUNK = 100;
/** New PINs tried for one card before giving up (the PIN space is checked first, so never hit in practice). */
const MAX_PIN_TRIES = 1000;

export interface BatchPlan {
  productId: number;
  currency: string;
  count: number;
  valueMicros: number;
  pinLength: number;
  /** Epoch second at which the cards stop working; null when set later (first use) or never. */
  expiresAt: number | null;
  now: number;
  /** Where PINs come from; the CSPRNG unless a test passes its own. */
  pinSource?: { next(length: number): string };
}

export interface IssuedBatch {
  batchId: number;
  firstSerial: number;
  pins: string[];
}

/** A serial number as its 10-digit text. */
export function serialText(n: number): string {
  return String(n).padStart(SERIAL_WIDTH, "0");
}

/**
 * Writes the whole batch in its own transaction. onProgress(done) is called after every chunk.
 * Failure SERIALS_EXHAUSTED when serials run out, PIN_SPACE_FULL when no free PIN is found.
 */
export function issueBatch(db: Store, plan: BatchPlan, onProgress?: (done: number) => void): Promise<IssuedBatch> {
  const pinSource = plan.pinSource ?? new PinSource();
  return db.transaction(async (tx): Promise<IssuedBatch> => {
    const top = await tx.get<{ serial: string }>("SELECT serial FROM cards ORDER BY serial DESC LIMIT 1");
    const firstSerial = top === undefined ? 1 : Number(top.serial) + 1;
    const lastSerial = firstSerial + plan.count - 1;
    if (lastSerial > MAX_SERIAL) throw new Failure("SERIALS_EXHAUSTED", `serials would pass ${MAX_SERIAL}: only ${Math.max(0, MAX_SERIAL - firstSerial + 1)} left`);
    const firstAccount = await tx.reserveIds("accounts", plan.count);
    const batchId = await tx.insertId("batches", {
      product_id: plan.productId, card_count: plan.count, value_micros: plan.valueMicros, first_serial: serialText(firstSerial),
      last_serial: serialText(lastSerial), created_at: plan.now,
    });
    const ref = String(batchId);
    const card = (i: number, pin: string): SqlRecord => ({
      serial: serialText(firstSerial + i), pin, account_id: firstAccount + i, batch_id: batchId, product_id: plan.productId,
      state: "new", created_at: plan.now, expires_at: plan.expiresAt,
    });
    const pins: string[] = new Array(plan.count);
    for (let start = 0; start < plan.count; start += CHUNK) {
      const n = Math.min(CHUNK, plan.count - start);
      const accounts: SqlRecord[] = [];
      const cards: SqlRecord[] = [];
      const ledger: SqlRecord[] = [];
      for (let i = start; i < start + n; i++) {
        const id = firstAccount + i;
        pins[i] = pinSource.next(plan.pinLength);
        accounts.push({ id, product_id: plan.productId, kind: "card", currency: plan.currency, balance_micros: plan.valueMicros, created_at: plan.now });
        cards.push(card(i, pins[i]));
        ledger.push({ account_id: id, reason: "issue", amount_micros: plan.valueMicros, balance_before_micros: 0, balance_after_micros: plan.valueMicros, ref, created_at: plan.now });
      }
      await tx.insertMany("accounts", accounts);
      if ((await tx.insertMany("cards", cards, { skipConflictsOn: ["pin"] })) < n) {
        // Some PINs were taken: find the cards that did not go in and give each a new PIN.
        const rows = await tx.all<{ account_id: number }>("SELECT account_id FROM cards WHERE account_id BETWEEN ? AND ?", [firstAccount + start, firstAccount + start + n - 1]);
        const inserted = new Set(rows.map((r) => r.account_id));
        for (let i = start; i < start + n; i++) {
          if (inserted.has(firstAccount + i)) continue;
          let tries = 0;
          do {
            if (++tries > MAX_PIN_TRIES) throw new Failure("PIN_SPACE_FULL", `no free PIN found after ${MAX_PIN_TRIES} tries: the PIN space is too crowded, use longer PINs`);
            pins[i] = pinSource.next(plan.pinLength);
          } while ((await tx.insertMany("cards", [card(i, pins[i])], { skipConflictsOn: ["pin"] })) === 0);
        }
      }
      await tx.insertMany("ledger", ledger);
      if (onProgress !== undefined) onProgress(start + n);
    }
    return { batchId, firstSerial, pins };
  });
}
