import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exec, ok, query, rejectsAll, seeded, tempDb } from "../support/db";

async function withCards(fn: (db: string, dir: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "3", "--value", "10"]);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "2", "--value", "5"]);
    await fn(t.db, t.dir);
  } finally {
    t.cleanup();
  }
}

const ledgerOf = (db: string, serial: string): unknown[] =>
  query(db, "SELECT l.reason, l.amount_micros, l.balance_before_micros, l.balance_after_micros, l.note FROM ledger l JOIN cards c ON c.account_id = l.account_id WHERE c.serial = ? ORDER BY l.id", serial);

test("cards list filters by batch and state and limits; show prints one card", () =>
  withCards(async (db) => {
    const all = JSON.parse((await ok(db, ["cards", "list", "--json"])).stdout) as { serial: string; batch_id: number; pin?: string }[];
    assert.deepEqual(all.map((c) => c.serial), ["0000000001", "0000000002", "0000000003", "0000000004", "0000000005"]);
    assert.equal(all[0].pin, undefined);
    const b2 = JSON.parse((await ok(db, ["cards", "list", "--batch", "2", "--json"])).stdout) as { serial: string }[];
    assert.deepEqual(b2.map((c) => c.serial), ["0000000004", "0000000005"]);
    assert.equal((JSON.parse((await ok(db, ["cards", "list", "--limit", "2", "--json"])).stdout) as unknown[]).length, 2);
    await ok(db, ["cards", "block", "0000000002"]);
    assert.match((await ok(db, ["cards", "list", "--state", "blocked"])).stdout, /^SERIAL.*\n0000000002 +blocked +gold +1 +10\.00 USD/);
    const show = await ok(db, ["cards", "show", "0000000004"]);
    assert.match(show.stdout, /balance: +5\.00 USD/);
    assert.doesNotMatch(show.stdout, /pin/);
    const [{ pin }] = query<{ pin: string }>(db, "SELECT pin FROM cards WHERE serial = '0000000004'");
    assert.equal(JSON.parse((await ok(db, ["cards", "show", "0000000004", "--show-pin", "--json"])).stdout).pin, pin);
  }));

test("block and unblock move a card between states", () =>
  withCards(async (db) => {
    await ok(db, ["cards", "block", "0000000001"]);
    assert.equal(query<{ state: string }>(db, "SELECT state FROM cards WHERE serial = '0000000001'")[0].state, "blocked");
    assert.match((await ok(db, ["cards", "unblock", "0000000001"])).stdout, /unblocked \(new\)/);
    exec(db, "UPDATE cards SET state = 'blocked', first_used_at = 5 WHERE serial = '0000000001'");
    assert.match((await ok(db, ["cards", "unblock", "0000000001"])).stdout, /unblocked \(active\)/);
  }));

test("refill adds money with a refill ledger row; void empties the card with a void ledger row", () =>
  withCards(async (db) => {
    assert.match((await ok(db, ["cards", "refill", "0000000001", "--amount", "2.50", "--note", "promo"])).stdout, /balance 12\.50 USD/);
    await ok(db, ["cards", "void", "0000000001"]);
    assert.deepEqual(ledgerOf(db, "0000000001"), [
      { reason: "issue", amount_micros: 10000000, balance_before_micros: 0, balance_after_micros: 10000000, note: "" },
      { reason: "refill", amount_micros: 2500000, balance_before_micros: 10000000, balance_after_micros: 12500000, note: "promo" },
      { reason: "void", amount_micros: -12500000, balance_before_micros: 12500000, balance_after_micros: 0, note: "" },
    ]);
    assert.deepEqual(query(db, "SELECT c.state, a.state AS account_state, a.balance_micros FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.serial = '0000000001'"), [
      { state: "void", account_state: "closed", balance_micros: 0 },
    ]);
  }));

test("batches list, show and block (every new or active card of the batch)", () =>
  withCards(async (db) => {
    const list = JSON.parse((await ok(db, ["batches", "list", "--json"])).stdout) as { id: number; card_count: number }[];
    assert.deepEqual(list.map((b) => [b.id, b.card_count]), [[1, 3], [2, 2]]);
    await ok(db, ["cards", "void", "0000000003"]);
    assert.match((await ok(db, ["batches", "block", "1"])).stdout, /batch 1 blocked \(2 cards\)/);
    assert.deepEqual(query(db, "SELECT serial, state FROM cards ORDER BY serial"), [
      { serial: "0000000001", state: "blocked" },
      { serial: "0000000002", state: "blocked" },
      { serial: "0000000003", state: "void" },
      { serial: "0000000004", state: "new" },
      { serial: "0000000005", state: "new" },
    ]);
    const show = JSON.parse((await ok(db, ["batches", "show", "1", "--json"])).stdout);
    assert.deepEqual([show.state, show.cards_by_state], ["blocked", { new: 0, active: 0, blocked: 2, void: 1 }]);
    assert.match((await ok(db, ["batches", "show", "2"])).stdout, /cards by state: new 2, active 0, blocked 0, void 0/);
  }));

test("bad card and batch input is refused with a clear message and changes nothing", () =>
  withCards(async (db) => {
    await ok(db, ["cards", "void", "0000000005"]);
    await ok(db, ["cards", "block", "0000000004"]);
    // A live call on card 3: money held and a holds row.
    exec(db, "UPDATE accounts SET held_micros = 1000000 WHERE id = (SELECT account_id FROM cards WHERE serial = '0000000003')");
    exec(
      db,
      `INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros,
       connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, created_at, expires_at)
       SELECT 'u1', account_id, product_id, 1000000, 60, '44', '44', 1, 1, 0, 0, 1, 1, 0, 0, 0, 9999999999 FROM cards WHERE serial = '0000000003'`,
    );
    await rejectsAll(db, [
      [["cards", "show", "0000000099"], 1, /no card with serial '0000000099'/],
      [["cards", "show"], 2, /expected SERIAL/],
      [["cards", "list", "--state", "lost"], 2, /--state 'lost' is not one of new, active, blocked, void/],
      [["cards", "list", "--batch", "9"], 1, /no batch 9/],
      [["cards", "list", "--batch", "x"], 2, /--batch 'x' is not a whole number/],
      [["cards", "list", "--limit", "0"], 2, /--limit must be from 1 to 1000000/],
      [["cards", "block", "0000000004"], 1, /already blocked/],
      [["cards", "block", "0000000005"], 1, /is void/],
      [["cards", "unblock", "0000000001"], 1, /card 0000000001 is new, not blocked/],
      [["cards", "refill", "0000000001"], 2, /--amount is required/],
      [["cards", "refill", "0000000001", "--amount", "0"], 2, /--amount must be more than 0/],
      [["cards", "refill", "0000000001", "--amount", "1,5"], 2, /--amount '1,5' is not a decimal amount/],
      [["cards", "refill", "0000000005", "--amount", "1"], 1, /is void: it cannot be refilled/],
      [["cards", "refill", "0000000099", "--amount", "1"], 1, /no card with serial/],
      [["cards", "void", "0000000005"], 1, /already void/],
      [["cards", "void", "0000000003"], 1, /card 0000000003 has a live call \(1\.00 USD held\)/],
      [["batches", "show", "7"], 1, /no batch 7/],
      [["batches", "show"], 2, /expected ID/],
      [["batches", "block", "abc"], 2, /batch id 'abc' is not a whole number/],
    ]);
    await ok(db, ["batches", "block", "2"]);
    await rejectsAll(db, [[["batches", "block", "2"], 1, /batch 2 is already blocked/]]);
  }));

test("batches export prints the batch's CSV again, from the database", () =>
  withCards(async (db, dir) => {
    const out = join(dir, "b2.csv");
    await ok(db, ["cards", "generate", "--product", "gold", "--count", "2", "--value", "7.5", "--out", out]);
    const first = readFileSync(out, "utf8");
    assert.equal((await ok(db, ["batches", "export", "3"])).stdout, first);
    const again = join(dir, "again.csv");
    assert.match((await ok(db, ["batches", "export", "3", "--out", again])).stdout, /batch 3: 2 cards written to/);
    assert.equal(readFileSync(again, "utf8"), first);
    await rejectsAll(db, [
      [["batches", "export", "9"], 1, /no batch 9/],
      [["batches", "export", "3", "--out", again], 1, /already exists: pass --force/],
      [["batches", "export", "3", "--out", dir, "--force"], 1, /is not a regular file/],
      [["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--out", dir, "--force"], 1, /is not a regular file/],
    ]);
  }));
