import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../support/cli";
import { dumpDb, ok, query, rejectsAll, seeded, tempDb } from "../support/db";

test("products add stores every setting and show/list print them", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, [
      "products", "add", "silver", "--rate-table", "eur", "--currency", "EUR", "--language", "es",
      "--access-number", "34900100200", "--access-number", "34900100201", "--connect-fee", "0.10", "--disconnect-fee", "0.05",
      "--max-concurrent-calls", "2", "--pin-length", "14", "--pin-max-tries", "4", "--expiry", "after-first-use:90",
      "--maintenance-fee", "0.50", "--maintenance-every", "30", "--max-call-seconds", "3600",
      "--international-prefixes", "00", "--national-prefix", "0", "--country-code", "34", "--national-number-length", "9",
      "--lockout-failures", "6", "--lockout-window-seconds", "900", "--announce-rate", "on", "--announce-call-cost", "on",
      "--cap-calls", "20", "--cap-money", "15.50", "--language-menu", "es,en",
    ]);
    const [p] = query(t.db, "SELECT * FROM products WHERE name = 'silver'");
    assert.deepEqual(
      { ...p, id: undefined, created_at: undefined },
      {
        id: undefined, created_at: undefined, name: "silver", kind: "card", language: "es", currency: "EUR", rate_table_id: 2,
        connect_fee_micros: 100000, disconnect_fee_micros: 50000, max_concurrent_calls: 2, pin_length: 14, pin_max_tries: 4,
        expiry_kind: "after_first_use", expiry_date: null, expiry_days: 90, maintenance_fee_micros: 500000, maintenance_every_days: 30,
        max_call_seconds: 3600, international_prefixes: "00", national_prefix: "0", country_code: "34", national_number_length: 9,
        lockout_failures: 6, lockout_window_seconds: 900, announce_rate: 1, announce_call_cost: 1, cap_calls: 20, cap_money_micros: 15500000, language_menu: "es,en", vouchers: 0, voucher_key: "",
      },
    );
    assert.deepEqual(query(t.db, "SELECT dnis FROM access_numbers WHERE product_id = ? ORDER BY dnis", p.id), [{ dnis: "34900100200" }, { dnis: "34900100201" }]);
    const show = await ok(t.db, ["products", "show", "silver"]);
    assert.match(show.stdout, /connect fee: +0\.10 EUR/);
    assert.match(show.stdout, /expiry: +after-first-use:90/);
    assert.match(show.stdout, /maintenance: +0\.50 EUR every 30 days after first use/);
    assert.match(show.stdout, /announce rate: +on\n/);
    assert.match(show.stdout, /daily caps: +20 calls, 15\.50 EUR in any 24 h per card or account/);
    const json = JSON.parse((await ok(t.db, ["products", "show", "silver", "--json"])).stdout);
    assert.equal(json.rate_table, "eur");
    assert.deepEqual(json.access_numbers, ["34900100200", "34900100201"]);
    const list = JSON.parse((await ok(t.db, ["products", "list", "--json"])).stdout) as { name: string }[];
    assert.deepEqual(list.map((x) => x.name), ["gold", "shop", "silver"]);
    assert.match((await ok(t.db, ["products", "list"])).stdout, /^NAME +KIND/);
  } finally {
    t.cleanup();
  }
});

test("a fixed expiry is stored as the first second after the given day (UTC)", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["products", "add", "fx", "--rate-table", "std", "--expiry", "fixed:2099-12-31"]);
    const [p] = query<{ expiry_date: number }>(t.db, "SELECT expiry_date FROM products WHERE name = 'fx'");
    assert.equal(p.expiry_date, Date.UTC(2100, 0, 1) / 1000);
    assert.match((await ok(t.db, ["products", "show", "fx"])).stdout, /expiry: +fixed:2099-12-31/);
  } finally {
    t.cleanup();
  }
});

test("products set changes only the options given and can replace the access numbers", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    const [before] = query(t.db, "SELECT * FROM products WHERE name = 'gold'");
    await ok(t.db, ["products", "set", "gold", "--pin-max-tries", "5", "--access-number", "18005550199"]);
    const [after] = query(t.db, "SELECT * FROM products WHERE name = 'gold'");
    assert.deepEqual(after, { ...before, pin_max_tries: 5 });
    assert.deepEqual(query(t.db, "SELECT dnis FROM access_numbers"), [{ dnis: "18005550199" }]);
    await ok(t.db, ["products", "set", "gold", "--maintenance-fee", "1", "--maintenance-every", "7"]);
    await ok(t.db, ["products", "set", "gold", "--maintenance-fee", "0"]);
    const [m] = query(t.db, "SELECT maintenance_fee_micros, maintenance_every_days FROM products WHERE name = 'gold'");
    assert.deepEqual(m, { maintenance_fee_micros: 0, maintenance_every_days: 0 });
    await ok(t.db, ["products", "set", "gold", "--national-prefix=", "--expiry", "none"]);
  } finally {
    t.cleanup();
  }
});

test("bad product input is refused with a clear message and changes nothing", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "1", "--value", "1"]);
    const add = (...a: string[]): string[] => ["products", "add", "new", "--rate-table", "std", ...a];
    await rejectsAll(t.db, [
      [["products", "add", "new"], 2, /--rate-table is required/],
      [["products", "add", "--rate-table", "std"], 2, /expected NAME/],
      [["products", "add", "bad name", "--rate-table", "std"], 2, /product name 'bad name' may only hold letters/],
      [["products", "add", "gold", "--rate-table", "std"], 1, /product 'gold' already exists/],
      [["products", "add", "new", "--rate-table", "nope"], 1, /no rate table 'nope'/],
      [add("--kind", "gift"), 2, /--kind 'gift' is not one of card, retail/],
      [add("--language", "fr"), 2, /--language 'fr' is not one of en, es/],
      [add("--currency", "usd"), 2, /--currency 'usd' is not three capital letters/],
      [add("--currency", "EUR"), 1, /currency EUR differs from rate table 'std' \(USD\)/],
      [add("--access-number", "18005550100"), 1, /access number 18005550100 already belongs to product 'gold'/],
      [add("--access-number", "1800-555"), 2, /--access-number '1800-555' must be 1-20 digits/],
      [add("--access-number", "1", "--access-number", "1"), 2, /--access-number 1 is given twice/],
      [add("--connect-fee", "1e3"), 2, /--connect-fee '1e3' is not a decimal amount/],
      [add("--disconnect-fee", "0.0000001"), 2, /more than 6 decimals/],
      [add("--connect-fee", "-1"), 2, /argument missing|ambiguous|Option/],
      [add("--max-concurrent-calls", "0"), 2, /--max-concurrent-calls must be from 1 to 1000, got 0/],
      [add("--pin-length", "8"), 2, /--pin-length 8 is below 10: add --allow-short-pins/],
      [add("--pin-length", "19"), 2, /--pin-length must be from 4 to 18, got 19/],
      [add("--pin-length", "3", "--allow-short-pins"), 2, /--pin-length must be from 4 to 18, got 3/],
      [add("--pin-max-tries", "x"), 2, /--pin-max-tries 'x' is not a whole number/],
      [add("--expiry", "sometimes"), 2, /--expiry 'sometimes' is not none, fixed:YYYY-MM-DD/],
      [add("--expiry", "fixed:2020-01-01"), 1, /already past/],
      [add("--expiry", "fixed:2099-02-30"), 2, /not a real calendar date/],
      [add("--expiry", "after-first-use:0"), 2, /days must be from 1 to 36500/],
      [add("--maintenance-fee", "1"), 1, /--maintenance-fee and --maintenance-every go together/],
      [add("--maintenance-every", "30"), 1, /--maintenance-fee and --maintenance-every go together/],
      [add("--max-call-seconds", "90000"), 2, /--max-call-seconds must be from 1 to 86400/],
      [add("--international-prefixes", "00,+1"), 2, /--international-prefixes '00,\+1' must be a comma-separated list/],
      [add("--national-prefix", "0"), 1, /--national-prefix needs --country-code/],
      [add("--country-code", "044"), 2, /--country-code '044' may not start with 0/],
      [add("--national-number-length", "10"), 1, /--national-number-length needs --country-code/],
      [add("--lockout-failures", "0"), 2, /--lockout-failures must be from 1 to 100/],
      [add("--bogus"), 2, /Unknown option '--bogus'/],
      [["products", "set", "gold"], 2, /nothing to change/],
      [["products", "set", "nope", "--pin-max-tries", "2"], 1, /no product named 'nope'/],
      [["products", "set", "gold", "--kind", "retail"], 1, /--kind cannot change: product 'gold' already has accounts/],
      [["products", "set", "gold", "--rate-table", "eur"], 1, /currency USD differs from rate table 'eur'/],
      [["products", "set", "shop", "--access-number", "18005550100"], 1, /already belongs to product 'gold'/],
      [["products", "show", "nope"], 1, /no product named 'nope'/],
      [["products", "show"], 2, /expected NAME/],
    ]);
  } finally {
    t.cleanup();
  }
});

test("products --help explains the options and exits 0", async () => {
  const t = tempDb();
  try {
    const r = await runCli(t.db, ["products", "add", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--expiry POLICY/);
  } finally {
    t.cleanup();
  }
});

test("products block and unblock destinations: show lists them; bad prefixes change nothing", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    const b = JSON.parse((await ok(t.db, ["products", "block", "gold", "--prefix", "881", "--prefix", "882", "--prefix", "881", "--json"])).stdout);
    assert.deepEqual(b, { product: "gold", blocked_prefixes: ["881", "882"], added: ["881", "882"] });
    assert.match((await ok(t.db, ["products", "block", "gold", "--prefix", "900"])).stdout, /blocks 881, 882, 900 \(1 added\)/);
    assert.match((await ok(t.db, ["products", "show", "gold"])).stdout, /blocked prefixes: +881, 882, 900\n/);
    const u = JSON.parse((await ok(t.db, ["products", "unblock", "gold", "--prefix", "882", "--prefix", "1", "--json"])).stdout);
    assert.deepEqual(u, { product: "gold", blocked_prefixes: ["881", "900"], removed: ["882"] });
    const before = dumpDb(t.db);
    for (const argv of [["--prefix", "+881"], ["--prefix", "88a"], ["--prefix", "1234567890123456"], []]) {
      const r = await runCli(t.db, ["products", "block", "gold", ...argv]);
      assert.equal(r.code, 2, `${argv.join(" ")}: ${r.stderr}`);
    }
    assert.equal((await runCli(t.db, ["products", "block", "nope", "--prefix", "881"])).code, 1);
    for (const argv of [["--announce-rate", "yes"], ["--cap-calls", "-1"], ["--cap-money", "1e3"], ["--language-menu", "en"], ["--language-menu", "en,fr"], ["--language-menu", "en,en"]]) {
      assert.equal((await runCli(t.db, ["products", "set", "gold", ...argv])).code, 2, argv.join(" "));
    }
    assert.equal(dumpDb(t.db), before);
  } finally {
    t.cleanup();
  }
});

test("balance numbers are stored beside the access numbers, each list replaced on its own; only card products take them", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["products", "set", "gold", "--balance-number", "18005550177", "--balance-number", "18005550178"]);
    const j = JSON.parse((await ok(t.db, ["products", "show", "gold", "--json"])).stdout);
    assert.deepEqual(j.balance_numbers, ["18005550177", "18005550178"]);
    assert.ok(j.access_numbers.length > 0 && !j.access_numbers.includes("18005550177"));
    await ok(t.db, ["products", "set", "gold", "--balance-number", "18005550179"]);
    assert.deepEqual(query(t.db, "SELECT dnis FROM access_numbers WHERE purpose = 'balance' ORDER BY dnis"), [{ dnis: "18005550179" }]);
    assert.deepEqual(JSON.parse((await ok(t.db, ["products", "show", "gold", "--json"])).stdout).access_numbers, j.access_numbers);
    const before = dumpDb(t.db);
    const retail = await runCli(t.db, ["products", "set", "shop", "--balance-number", "18005550180", "--json"]);
    assert.equal(retail.code, 1);
    assert.equal(JSON.parse(retail.stderr).error.code, "PRODUCT_RULE");
    const taken = await runCli(t.db, ["products", "set", "shop", "--access-number", "18005550179"]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /already belongs to product 'gold'/);
    const twice = await runCli(t.db, ["products", "set", "gold", "--access-number", "18005550181", "--balance-number", "18005550181"]);
    assert.equal(twice.code, 2);
    assert.equal(dumpDb(t.db), before);
  } finally {
    t.cleanup();
  }
});

test("voucher products: no access numbers, no voucher key of their own, cannot become or stop being vouchers once they have cards", async () => {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["products", "add", "topup", "--rate-table", "std", "--vouchers", "on"]);
    await ok(t.db, ["products", "set", "gold", "--voucher-key", "9"]);
    const show = await ok(t.db, ["products", "show", "topup"]);
    assert.match(show.stdout, /kind: +card \(recharge vouchers\)/);
    assert.match((await ok(t.db, ["products", "show", "gold"])).stdout, /voucher key: +9\n/);
    await ok(t.db, ["cards", "generate", "--product", "topup", "--count", "3", "--value", "5.00", "--out", `${t.dir}/v.csv`]);
    const before = dumpDb(t.db);
    for (const [argv, why] of [
      [["products", "set", "topup", "--access-number", "18005550150"], /voucher product has no access numbers/],
      [["products", "set", "topup", "--voucher-key", "9"], /takes no --voucher-key/],
      [["products", "set", "topup", "--vouchers", "off"], /--vouchers cannot change/],
      [["products", "add", "v2", "--rate-table", "std", "--vouchers", "on", "--kind", "retail"], /--vouchers is for card products/],
    ] as [string[], RegExp][]) {
      const r = await runCli(t.db, argv);
      assert.equal(r.code, 1, `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, why);
    }
    assert.equal((await runCli(t.db, ["products", "set", "gold", "--voucher-key", "12345"])).code, 2);
    assert.equal(dumpDb(t.db), before);
  } finally {
    t.cleanup();
  }
});
