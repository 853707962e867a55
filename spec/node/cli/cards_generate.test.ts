import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureIo, runCli } from "../support/cli";
import { dispatch } from "../../../src/cli/framework/dispatch";
import { rootCommand } from "../../../src/cli/main";
import { exec, ok, query, rejectsAll, seeded, tempDb } from "../support/db";

test("generate writes one batch, an account, a card and an issue ledger row per card", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    const r = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "50", "--value", "10.00"]);
    assert.match(r.stderr, /batch 1: 50 cards 0000000001-0000000050, 10\.00 USD each/);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "serial,pin,value,currency,expiry");
    assert.equal(lines.length, 51);
    const rows = lines.slice(1).map((l) => l.split(","));
    rows.forEach(([serial, pin, value, currency, expiry], i) => {
      assert.equal(serial, String(i + 1).padStart(10, "0"));
      assert.match(pin, /^[0-9]{12}$/);
      assert.deepEqual([value, currency, expiry], ["10.00", "USD", ""]);
    });
    assert.deepEqual(query(t.db, "SELECT id, card_count, value_micros, state, first_serial, last_serial FROM batches"), [
      { id: 1, card_count: 50, value_micros: 10000000, state: "active", first_serial: "0000000001", last_serial: "0000000050" },
    ]);
    const cards = query<{ serial: string; pin: string; state: string; balance_micros: number; kind: string; currency: string; expires_at: null }>(
      t.db,
      "SELECT c.serial, c.pin, c.state, a.balance_micros, a.kind, a.currency, c.expires_at FROM cards c JOIN accounts a ON a.id = c.account_id ORDER BY c.serial",
    );
    assert.deepEqual(cards.map((c) => [c.serial, c.pin]), rows.map(([s, p]) => [s, p]));
    for (const c of cards) assert.deepEqual([c.state, c.balance_micros, c.kind, c.currency, c.expires_at], ["new", 10000000, "card", "USD", null]);
    const ledger = query(t.db, "SELECT DISTINCT reason, amount_micros, balance_before_micros, balance_after_micros, ref FROM ledger");
    assert.deepEqual(ledger, [{ reason: "issue", amount_micros: 10000000, balance_before_micros: 0, balance_after_micros: 10000000, ref: "1" }]);
    assert.equal(query<{ n: number }>(t.db, "SELECT COUNT(*) AS n FROM ledger")[0].n, 50);

    const second = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "2", "--value", "0.125", "--pin-length", "16"]);
    assert.match(second.stdout, /\n0000000051,[0-9]{16},0\.125,USD,\n0000000052,[0-9]{16},0\.125,USD,\n$/);
  } finally {
    t.cleanup();
  }
});

test("expiry comes from the product's policy, or from --expires", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["products", "set", "gold", "--expiry", "after-creation:30"]);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    const [a] = query<{ created_at: number; expires_at: number }>(t.db, "SELECT created_at, expires_at FROM cards");
    assert.equal(a.expires_at, a.created_at + 30 * 86400);
    await ok(t.db, ["products", "set", "gold", "--expiry", "after-first-use:90"]);
    const fu = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    assert.match(fu.stdout, /,1\.00,USD,90 days after first use\n$/);
    await ok(t.db, ["products", "set", "gold", "--expiry", "fixed:2098-06-30"]);
    const fx = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    assert.match(fx.stdout, /,USD,2098-06-30\n$/);
    const ov = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1", "--expires", "2097-01-31"]);
    assert.match(ov.stdout, /,USD,2097-01-31\n$/);
    assert.deepEqual(
      query(t.db, "SELECT serial, expires_at FROM cards WHERE serial > '0000000001' ORDER BY serial"),
      [
        { serial: "0000000002", expires_at: null },
        { serial: "0000000003", expires_at: Date.UTC(2098, 6, 1) / 1000 },
        { serial: "0000000004", expires_at: Date.UTC(2097, 1, 1) / 1000 },
      ],
    );
  } finally {
    t.cleanup();
  }
});

test("--out writes the CSV (mode 0600) only after the commit and never overwrites without --force", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    const out = join(t.dir, "cards.csv");
    const r = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "3", "--value", "5", "--out", out]);
    assert.match(r.stdout, /batch 1: 3 cards .* written to /);
    assert.equal(readFileSync(out, "utf8").split("\n").length, 5);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    writeFileSync(out, "keep me");
    await rejectsAll(t.db, [[["cards", "generate", "--product", "gold", "--count", "3", "--value", "5", "--out", out], 1, /already exists: pass --force/]]);
    assert.equal(readFileSync(out, "utf8"), "keep me");
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "3", "--value", "5", "--out", out, "--force"]);
    assert.match(readFileSync(out, "utf8"), /^serial,pin,value,currency,expiry\n0000000004,/);
  } finally {
    t.cleanup();
  }
});

test("bad generate input is refused with a clear message and changes nothing", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["products", "add", "old", "--rate-table", "std"]);
    exec(t.db, "UPDATE products SET expiry_kind = 'fixed', expiry_date = 1000 WHERE name = 'old'");
    const g = (...a: string[]): string[] => ["cards", "generate", ...a];
    await rejectsAll(t.db, [
      [g("--count", "1", "--value", "1"), 2, /--product is required/],
      [g("--product", "gold", "--value", "1"), 2, /--count is required/],
      [g("--product", "gold", "--count", "1"), 2, /--value is required/],
      [g("--product", "nope", "--count", "1", "--value", "1"), 1, /no product named 'nope'/],
      [g("--product", "shop", "--count", "1", "--value", "1"), 1, /'shop' is a retail product/],
      [g("--product", "gold", "--count", "0", "--value", "1"), 2, /--count must be from 1 to 10000000, got 0/],
      [g("--product", "gold", "--count", "1.5", "--value", "1"), 2, /--count '1.5' is not a whole number/],
      [g("--product", "gold", "--count", "1", "--value", "0"), 2, /--value must be more than 0/],
      [g("--product", "gold", "--count", "1", "--value", "ten"), 2, /--value 'ten' is not a decimal amount/],
      [g("--product", "gold", "--count", "1", "--value", "1", "--pin-length", "9"), 2, /below 10: add --allow-short-pins/],
      [g("--product", "gold", "--count", "101", "--value", "1", "--pin-length", "4", "--allow-short-pins"), 1, /4-digit PINs are too few for 101 cards/],
      [g("--product", "gold", "--count", "1", "--value", "1", "--expires", "2001-01-01"), 1, /--expires 2001-01-01 is already past/],
      [g("--product", "gold", "--count", "1", "--value", "1", "--expires", "31/12/2099"), 2, /not a date YYYY-MM-DD/],
      [g("--product", "old", "--count", "1", "--value", "1"), 1, /fixed expiry that is already past/],
      [g("--product", "gold", "--count", "1", "--value", "1", "--out", join(t.dir, "no", "such", "dir.csv")), 1, /cannot write .*ENOENT/],
      [g("--product", "gold", "--count", "1", "--value", "1", "extra"), 2, /got extra 'extra'/],
    ]);
    assert.equal(existsSync(join(t.dir, "no")), false);
  } finally {
    t.cleanup();
  }
});

test("serials that would pass 9999999999 are refused and nothing is written", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    exec(t.db, "UPDATE cards SET serial = '9999999998'");
    await rejectsAll(t.db, [[["cards", "generate", "--product", "gold", "--count", "2", "--value", "1"], 1, /serials would pass 9999999999: only 1 left/]]);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
  } finally {
    t.cleanup();
  }
});

test("generate --help shows the options", async () => {
  const t = tempDb();
  try {
    const r = await runCli(t.db, ["cards", "generate", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--pin-length L/);
  } finally {
    t.cleanup();
  }
});

test("a terminal gets a progress bar for large batches; a pipe does not", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    const terminal = captureIo(t.db, {}, true);
    assert.equal(await dispatch(rootCommand, ["cards", "generate", "--product", "gold", "--count", "10000", "--value", "1"], terminal), 0);
    assert.match(terminal.out().stderr, /\rgenerating \[#{20}\] 100% 10000\/10000\n/);
    const piped = await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "10000", "--value", "1"]);
    assert.doesNotMatch(piped.stderr, /generating/);
  } finally {
    t.cleanup();
  }
});
