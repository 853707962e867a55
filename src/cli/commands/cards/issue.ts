/**
 * Issuing a batch of cards in one IMMEDIATE transaction: the batch row, then per card an
 * account (balance = value), a card (sequential serial, random PIN) and the 'issue' ledger row.
 * Rows go in as multi-row INSERTs of CHUNK cards; a PIN already taken (by any card, in this
 * batch or before) is skipped by ON CONFLICT (pin) DO NOTHING and that card retried alone with
 * a new PIN until it goes in. Any error rolls everything back.
 */
import { CliError } from "../../framework";
import type { Db } from "../../store/db";
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

function rowsSql(table: string, cols: string, perRow: number, rows: number, tail = ""): string {
  const one = `(${new Array(perRow).fill("?").join(",")})`;
  return `INSERT INTO ${table} (${cols}) VALUES ${new Array(rows).fill(one).join(",")}${tail}`;
}

function statements(db: Db, rows: number) {
  return {
    accounts: db.prepare(rowsSql("accounts", "id, product_id, kind, currency, balance_micros, created_at", 6, rows)),
    cards: db.prepare(rowsSql("cards", "serial, pin, account_id, batch_id, product_id, state, created_at, expires_at", 8, rows, " ON CONFLICT (pin) DO NOTHING")),
    ledger: db.prepare(rowsSql("ledger", "account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at", 7, rows)),
  };
}

/**
 * Writes the whole batch; call inside nothing (it opens its own IMMEDIATE transaction).
 * onProgress(done) is called after every chunk. Throws CliError when serials run out.
 */
export function issueBatch(db: Db, plan: BatchPlan, onProgress?: (done: number) => void): IssuedBatch {
  const pinSource = plan.pinSource ?? new PinSource();
  return db.transaction((): IssuedBatch => {
    const top = db.prepare("SELECT serial FROM cards ORDER BY serial DESC LIMIT 1").get() as { serial: string } | undefined;
    const firstSerial = top === undefined ? 1 : Number(top.serial) + 1;
    const lastSerial = firstSerial + plan.count - 1;
    if (lastSerial > MAX_SERIAL) throw new CliError(`serials would pass ${MAX_SERIAL}: only ${Math.max(0, MAX_SERIAL - firstSerial + 1)} left`);
    const firstAccount = (db.prepare("SELECT COALESCE(MAX(id), 0) + 1 AS id FROM accounts").get() as { id: number }).id;
    const batchId = Number(
      db
        .prepare("INSERT INTO batches (product_id, card_count, value_micros, first_serial, last_serial, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(plan.productId, plan.count, plan.valueMicros, serialText(firstSerial), serialText(lastSerial), plan.now).lastInsertRowid,
    );
    const ref = String(batchId);
    const retry = db.prepare("INSERT INTO cards (serial, pin, account_id, batch_id, product_id, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'new', ?, ?) ON CONFLICT (pin) DO NOTHING");
    const insertedIn = db.prepare("SELECT account_id FROM cards WHERE account_id BETWEEN ? AND ?");
    const full = statements(db, CHUNK);
    const pins: string[] = new Array(plan.count);
    for (let start = 0; start < plan.count; start += CHUNK) {
      const n = Math.min(CHUNK, plan.count - start);
      const st = n === CHUNK ? full : statements(db, n);
      const acc: unknown[] = [];
      const card: unknown[] = [];
      const led: unknown[] = [];
      for (let i = start; i < start + n; i++) {
        const id = firstAccount + i;
        const pin = pinSource.next(plan.pinLength);
        pins[i] = pin;
        acc.push(id, plan.productId, "card", plan.currency, plan.valueMicros, plan.now);
        card.push(serialText(firstSerial + i), pin, id, batchId, plan.productId, "new", plan.now, plan.expiresAt);
        led.push(id, "issue", plan.valueMicros, 0, plan.valueMicros, ref, plan.now);
      }
      st.accounts.run(acc);
      if (st.cards.run(card).changes < n) {
        // Some PINs were taken: find the cards that did not go in and give each a new PIN.
        const inserted = new Set((insertedIn.all(firstAccount + start, firstAccount + start + n - 1) as { account_id: number }[]).map((r) => r.account_id));
        for (let i = start; i < start + n; i++) {
          const id = firstAccount + i;
          if (inserted.has(id)) continue;
          let tries = 0;
          do {
            if (++tries > MAX_PIN_TRIES) throw new CliError(`no free PIN found after ${MAX_PIN_TRIES} tries: the PIN space is too crowded, use longer PINs`);
            pins[i] = pinSource.next(plan.pinLength);
          } while (retry.run(serialText(firstSerial + i), pins[i], id, batchId, plan.productId, plan.now, plan.expiresAt).changes === 0);
        }
      }
      st.ledger.run(led);
      if (onProgress !== undefined) onProgress(start + n);
    }
    return { batchId, firstSerial, pins };
  }).immediate();
}
