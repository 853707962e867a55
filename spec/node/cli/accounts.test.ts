import { test } from "node:test";
import assert from "node:assert/strict";
import { exec, ok, query, rejectsAll, seeded, tempDb } from "../support/db";

async function withAccounts(fn: (db: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["accounts", "create", "--product", "shop", "--name", "Corner Shop", "--balance", "20"]);
    await ok(t.db, ["accounts", "create", "--product", "shop", "--name", "Empty"]);
    await fn(t.db);
  } finally {
    t.cleanup();
  }
}

const ledger = (db: string, id: number): unknown[] =>
  query(db, "SELECT reason, amount_micros, balance_before_micros, balance_after_micros, note FROM ledger WHERE account_id = ? ORDER BY id", id);

test("accounts create makes a master account in the product's currency, opening balance in the ledger", () =>
  withAccounts(async (db) => {
    assert.deepEqual(query(db, "SELECT id, kind, name, currency, balance_micros, held_micros, state FROM accounts ORDER BY id"), [
      { id: 1, kind: "master", name: "Corner Shop", currency: "USD", balance_micros: 20000000, held_micros: 0, state: "active" },
      { id: 2, kind: "master", name: "Empty", currency: "USD", balance_micros: 0, held_micros: 0, state: "active" },
    ]);
    assert.deepEqual(ledger(db, 1), [{ reason: "credit", amount_micros: 20000000, balance_before_micros: 0, balance_after_micros: 20000000, note: "opening balance" }]);
    assert.deepEqual(ledger(db, 2), []);
  }));

test("credit and debit change the balance with a signed ledger row; debit stops at the held money", () =>
  withAccounts(async (db) => {
    assert.match((await ok(db, ["accounts", "credit", "2", "7.5", "--note", "cash"])).stdout, /account 2: credit 7\.50 USD, balance 7\.50 USD/);
    assert.match((await ok(db, ["accounts", "debit", "2", "2.25"])).stdout, /balance 5\.25 USD/);
    assert.deepEqual(ledger(db, 2), [
      { reason: "credit", amount_micros: 7500000, balance_before_micros: 0, balance_after_micros: 7500000, note: "cash" },
      { reason: "debit", amount_micros: -2250000, balance_before_micros: 7500000, balance_after_micros: 5250000, note: "" },
    ]);
    exec(db, "UPDATE accounts SET held_micros = 5000000 WHERE id = 2");
    await rejectsAll(db, [[["accounts", "debit", "2", "0.26"], 1, /account 2 has only 0\.25 USD available \(balance 5\.25 USD, held by live calls 5\.00 USD\)/]]);
    await ok(db, ["accounts", "debit", "2", "0.25"]);
    assert.equal(query<{ b: number }>(db, "SELECT balance_micros AS b FROM accounts WHERE id = 2")[0].b, 5000000);
  }));

test("show and list print balances, available money, caller IDs and the ledger", () =>
  withAccounts(async (db) => {
    await ok(db, ["cli", "add", "02079460000", "--account", "1"]);
    exec(db, "UPDATE accounts SET held_micros = 1500000 WHERE id = 1");
    const show = await ok(db, ["accounts", "show", "1"]);
    assert.match(show.stdout, /available: +18\.50 USD/);
    assert.match(show.stdout, /caller IDs: +442079460000/);
    assert.match(show.stdout, /LEDGER .*\n1 .* credit +20\.00 USD +20\.00 USD +opening balance/);
    const json = JSON.parse((await ok(db, ["accounts", "show", "1", "--json"])).stdout);
    assert.deepEqual([json.available_micros, json.clis, json.ledger.length], [18500000, ["442079460000"], 1]);
    await ok(db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "3"]);
    const masters = JSON.parse((await ok(db, ["accounts", "list", "--json"])).stdout) as { id: number }[];
    assert.deepEqual(masters.map((a) => a.id), [1, 2]);
    const all = JSON.parse((await ok(db, ["accounts", "list", "--all", "--json"])).stdout) as { id: number; card_serial: string | null }[];
    assert.deepEqual(all.map((a) => [a.id, a.card_serial]), [[1, null], [2, null], [3, "0000000001"]]);
    assert.match((await ok(db, ["accounts", "list", "--product", "shop"])).stdout, /^ID +KIND .*\n1 +master +Corner Shop +shop +active +20\.00 USD +18\.50 USD/);
  }));

test("bad account input is refused with a clear message and changes nothing", () =>
  withAccounts(async (db) => {
    exec(db, "UPDATE accounts SET state = 'closed' WHERE id = 2");
    await rejectsAll(db, [
      [["accounts", "create", "--name", "x"], 2, /--product is required/],
      [["accounts", "create", "--product", "shop"], 2, /--name is required/],
      [["accounts", "create", "--product", "nope", "--name", "x"], 1, /no product named 'nope'/],
      [["accounts", "create", "--product", "gold", "--name", "x"], 1, /'gold' is a card product: master accounts belong to retail products/],
      [["accounts", "create", "--product", "shop", "--name", " "], 2, /--name must be 1 to 100 printable characters/],
      [["accounts", "create", "--product", "shop", "--name", "x", "--balance", "1.1234567"], 2, /--balance '1.1234567' has more than 6 decimals/],
      [["accounts", "show", "9"], 1, /no account 9/],
      [["accounts", "show", "0"], 2, /account id must be at least 1, got 0/],
      [["accounts", "show", "1", "--ledger", "x"], 2, /--ledger 'x' is not a whole number/],
      [["accounts", "list", "--product", "nope"], 1, /no product named 'nope'/],
      [["accounts", "credit", "1"], 2, /expected ID AMOUNT/],
      [["accounts", "credit", "1", "abc"], 2, /AMOUNT 'abc' is not a decimal amount/],
      [["accounts", "credit", "1", "0"], 2, /AMOUNT must be more than 0/],
      [["accounts", "credit", "1", "1000000000"], 2, /AMOUNT '1000000000' is too large/],
      [["accounts", "credit", "2", "1"], 1, /account 2 is closed/],
      [["accounts", "debit", "1", "20.000001"], 1, /account 1 has only 20\.00 USD available/],
      [["accounts", "debit", "x", "1"], 2, /account id 'x' is not a whole number/],
      [["accounts", "debit", "1", "1", "--note", "n".repeat(501)], 2, /--note must be 0 to 500 printable characters/],
    ]);
  }));
