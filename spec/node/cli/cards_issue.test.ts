import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../../src/cli/store/open";
import { issueBatch } from "../../../src/cli/commands/cards/issue";
import { PinSource } from "../../../src/cli/commands/cards/pins";
import { dumpDb, ok, query, seeded, tempDb } from "../support/db";

/** A PIN source that plays a script first, then falls back to the CSPRNG. */
function scripted(pins: string[]): { next(length: number): string } {
  const real = new PinSource();
  return { next: (length) => pins.shift() ?? real.next(length) };
}

test("a PIN already taken (in the database or the same batch) is retried with a new PIN", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    const [{ pin: taken }] = query<{ pin: string }>(t.db, "SELECT pin FROM cards");
    const db = await openStore(t.db, "write");
    const dup = "111111111111";
    // Chunk 1 (100 cards): card 1 collides with the existing card, card 3 repeats card 2's PIN;
    // their retries (taken again, then free ones) come next in the script, before chunk 2's PINs.
    const batch = await issueBatch(db, {
      productId: 1, currency: "USD", count: 250, valueMicros: 1, pinLength: 12, expiresAt: null, now: 1,
      pinSource: scripted([taken, dup, dup, ...Array.from({ length: 97 }, (_, i) => String(200000000000 + i)), taken, "222222222222", dup, "333333333333"]),
    });
    await db.close();
    assert.deepEqual(batch.pins.slice(0, 3), ["222222222222", dup, "333333333333"]);
    const pins = query<{ pin: string }>(t.db, "SELECT c.pin FROM cards c WHERE c.batch_id = ? ORDER BY c.serial", batch.batchId).map((r) => r.pin);
    assert.deepEqual(pins, batch.pins);
    assert.equal(new Set(pins).size, 250);
    assert.equal(query<{ n: number }>(t.db, "SELECT COUNT(*) AS n FROM accounts")[0].n, 251);
  } finally {
    t.cleanup();
  }
});

test("a batch that fails part way leaves nothing behind", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    const [{ pin }] = query<{ pin: string }>(t.db, "SELECT pin FROM cards");
    const before = dumpDb(t.db);
    const db = await openStore(t.db, "write");
    // 150 good PINs, then only the taken one: card 151 can never go in.
    const pins = Array.from({ length: 150 }, (_, i) => String(500000000000 + i));
    const source = { next: () => pins.shift() ?? pin };
    await assert.rejects(issueBatch(db, { productId: 1, currency: "USD", count: 200, valueMicros: 1, pinLength: 12, expiresAt: null, now: 1, pinSource: source }), /no free PIN found after 1000 tries/);
    await db.close();
    assert.equal(dumpDb(t.db), before);
  } finally {
    t.cleanup();
  }
});

test("PinSource gives digits only, of the asked length, each digit about equally often", () => {
  const src = new PinSource();
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 20000; i++) {
    const pin = src.next(18);
    assert.match(pin, /^[0-9]{18}$/);
    for (const ch of pin) counts[ch.charCodeAt(0) - 48]++;
  }
  // 360,000 digits: expected 36,000 each, sd ≈ 180; a modulo-biased source would be off by ~1,400 for 0-5.
  for (const c of counts) assert.ok(Math.abs(c - 36000) < 1000, `digit counts ${counts.join(",")}`);
});
