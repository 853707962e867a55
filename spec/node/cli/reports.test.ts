import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { parseCsv } from "../../../src/cli/csv";
import { dumpDb, exec, tempDb } from "../support/db";

const DAY1 = Date.UTC(2026, 10, 1) / 1000;
const DAY2 = Date.UTC(2026, 10, 2) / 1000;

/** [uuid, product, gateway, answered_ms, cost µ, vendor µ, disposition, started_at, estimated] */
const CDRS: [string, number, string, number, number, number, string, number, number][] = [
  ["u1", 1, "a", 65000, 100000, 60000, "NORMAL_CLEARING", DAY1 + 10, 0],
  ["u2", 1, "a", 30500, 50000, 20000, "NORMAL_CLEARING", DAY1 + 20, 0],
  ["u3", 1, "a", 0, 0, 0, "USER_BUSY", DAY1 + 30, 0],
  ["u4", 2, "b", 0, 0, 0, "NO_ANSWER", DAY1 + 40, 0],
  ["u5", 2, "a", 120000, 200000, 250000, "ESTIMATED", DAY2 + 5, 1],
];

/** A database with two products, one account and the fixture CDRs (as the IVR writes them). */
async function withCdrs(fn: (db: string, dir: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    assert.equal((await runCli(t.db, ["init"])).code, 0);
    exec(t.db, `INSERT INTO rate_tables (name, created_at) VALUES ('t', 0);
      INSERT INTO products (name, rate_table_id, created_at) VALUES ('gold', 1, 0), ('silver', 1, 0);
      INSERT INTO accounts (product_id, kind, currency, balance_micros, created_at) VALUES (1, 'master', 'USD', 0, 0);`);
    const ins =
      "INSERT INTO cdrs (uuid, account_id, product_id, ani, dnis, destination, prefix, rate_table_id, gateway, rate_per_minute_micros, " +
        "granted_seconds, answered_ms, cost_micros, vendor_cost_micros, balance_before_micros, balance_after_micros, hangup_cause, disposition, started_at, settled_at, estimated) " +
        "VALUES (?, 1, ?, '15551230000', '18005550000', '442071234567', '4420', 1, ?, 100000, 600, ?, ?, ?, 5000000, 5000000 - ?, ?, ?, ?, ? + 200, ?)";
    for (const c of CDRS) exec(t.db, ins, c[0], c[1], c[2], c[3], c[4], c[5], c[4], c[6], c[6], c[7], c[7], c[8]);
    await fn(t.db, t.dir);
  } finally {
    t.cleanup();
  }
}

async function json(db: string, argv: string[]): Promise<unknown> {
  const r = await runCli(db, [...argv, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("asr-acd by gateway, product and day", async () => {
  await withCdrs(async (db) => {
    assert.deepEqual(await json(db, ["report", "asr-acd"]), [
      { key: "a", attempts: "4", answered: "3", asr_percent: "75.0", acd_seconds: "71.8", estimated: "1" },
      { key: "b", attempts: "1", answered: "0", asr_percent: "0.0", acd_seconds: "", estimated: "0" },
      { key: "TOTAL", attempts: "5", answered: "3", asr_percent: "60.0", acd_seconds: "71.8", estimated: "1" },
    ]);
    const byProduct = (await json(db, ["report", "asr-acd", "--by", "product"])) as { key: string; asr_percent: string }[];
    assert.deepEqual(byProduct.map((r) => [r.key, r.asr_percent]), [["gold", "66.7"], ["silver", "50.0"], ["TOTAL", "60.0"]]);
    const byDay = (await json(db, ["report", "asr-acd", "--by", "day"])) as { key: string; attempts: string }[];
    assert.deepEqual(byDay.map((r) => [r.key, r.attempts]), [["2026-11-01", "4"], ["2026-11-02", "1"], ["TOTAL", "5"]]);
    const text = await runCli(db, ["report", "asr-acd"]);
    assert.match(text.stdout, /^GROUP\s+ATTEMPTS\s+ANSWERED\s+ASR %\s+ACD s\s+ESTIMATED\na\s+4\s+3\s+75\.0\s+71\.8\s+1\n/);
  });
});

test("margin: revenue, vendor cost, margin and margin % with exact money", async () => {
  await withCdrs(async (db) => {
    assert.deepEqual(await json(db, ["report", "margin", "--by", "day"]), [
      { key: "2026-11-01", calls: "4", revenue_micros: "150000", revenue: "0.150000", vendor_cost_micros: "80000", vendor_cost: "0.080000", margin_micros: "70000", margin: "0.070000", margin_percent: "46.7", estimated_revenue_micros: "0", estimated_revenue: "0.000000" },
      { key: "2026-11-02", calls: "1", revenue_micros: "200000", revenue: "0.200000", vendor_cost_micros: "250000", vendor_cost: "0.250000", margin_micros: "-50000", margin: "-0.050000", margin_percent: "-25.0", estimated_revenue_micros: "200000", estimated_revenue: "0.200000" },
      { key: "TOTAL", calls: "5", revenue_micros: "350000", revenue: "0.350000", vendor_cost_micros: "330000", vendor_cost: "0.330000", margin_micros: "20000", margin: "0.020000", margin_percent: "5.7", estimated_revenue_micros: "200000", estimated_revenue: "0.200000" },
    ]);
    const b = (await json(db, ["report", "margin", "--to", "2026-11-01"])) as { key: string; margin_percent: string }[];
    assert.deepEqual(b.map((r) => [r.key, r.margin_percent]), [["a", "46.7"], ["b", ""], ["TOTAL", "46.7"]]);
  });
});

test("reports honour --from/--to and reject bad options", async () => {
  await withCdrs(async (db) => {
    const r = (await json(db, ["report", "asr-acd", "--from", "2026-11-02", "--to", "2026-11-02"])) as { key: string; attempts: string }[];
    assert.deepEqual(r.map((x) => [x.key, x.attempts]), [["a", "1"], ["TOTAL", "1"]]);
    const empty = (await json(db, ["report", "margin", "--from", "2027-01-01"])) as unknown[];
    assert.deepEqual(empty, [{ key: "TOTAL", calls: "0", revenue_micros: "0", revenue: "0.000000", vendor_cost_micros: "0", vendor_cost: "0.000000", margin_micros: "0", margin: "0.000000", margin_percent: "", estimated_revenue_micros: "0", estimated_revenue: "0.000000" }]);
    const before = dumpDb(db);
    for (const [argv, msg] of [
      [["report", "asr-acd", "--by", "country"], /--by 'country' is not one of gateway, product, day/],
      [["report", "margin", "--from", "2026-13-01"], /--from '2026-13-01' is not a real calendar date/],
      [["report", "margin", "--from", "1/11/2026"], /--from '1\/11\/2026' is not a date YYYY-MM-DD/],
      [["report", "margin", "--from", "2026-11-02", "--to", "2026-11-01"], /is before --from/],
      [["report", "margin", "extra"], /got extra 'extra'/],
    ] as [string[], RegExp][]) {
      const x = await runCli(db, argv);
      assert.equal(x.code, 2, argv.join(" "));
      assert.match(x.stderr, msg);
    }
    assert.equal(dumpDb(db), before);
  });
});

test("cdr export writes every column, money as exact decimal text", async () => {
  await withCdrs(async (db, dir) => {
    const r = await runCli(db, ["cdr", "export"]);
    assert.equal(r.code, 0, r.stderr);
    const recs = parseCsv(r.stdout).map((x) => x.fields);
    assert.deepEqual(recs[0], [
      "id", "uuid", "account_id", "card_id", "product_id", "ani", "dnis", "destination", "prefix", "rate_table_id", "cost_table_id",
      "gateway", "rate_per_minute", "granted_seconds", "answered_ms", "cost", "vendor_cost", "balance_before", "balance_after",
      "hangup_cause", "disposition", "started_at", "settled_at", "connect_fee", "disconnect_fee", "initial_seconds",
      "increment_seconds", "grace_seconds", "minimum_cost", "hold", "answered_at", "billed_ms", "estimated", "bands", "band_changes", "bands_billed",
    ]);
    assert.equal(recs.length, 6);
    const u1 = Object.fromEntries(recs[0].map((k, i) => [k, recs[1][i]]));
    assert.equal(u1.uuid, "u1");
    assert.equal(u1.card_id, "");
    assert.equal(u1.cost, "0.100000");
    assert.equal(u1.vendor_cost, "0.060000");
    assert.equal(u1.balance_after, "4.900000");
    assert.equal(u1.rate_per_minute, "0.100000");
    assert.equal(u1.answered_ms, "65000");
    assert.equal(u1.started_at, String(DAY1 + 10));
    const j = (await json(db, ["cdr", "export", "--from", "2026-11-02"])) as Record<string, unknown>[];
    assert.equal(j.length, 1);
    assert.equal(j[0].uuid, "u5");
    assert.equal(j[0].cost, "0.200000");
    assert.equal(j[0].card_id, null);
    assert.equal(j[0].answered_ms, 120000);
    assert.deepEqual(await json(db, ["cdr", "export", "--to", "2026-10-31"]), []);
    const out = join(dir, "cdrs.csv");
    assert.equal((await runCli(db, ["cdr", "export", "--csv", "--out", out])).code, 0);
    assert.equal(readFileSync(out, "utf8"), r.stdout);
  });
});

test("cdr export rejects conflicting or bad options", async () => {
  await withCdrs(async (db, dir) => {
    const before = dumpDb(db);
    assert.match((await runCli(db, ["cdr", "export", "--csv", "--json"])).stderr, /exclude each other/);
    assert.equal((await runCli(db, ["cdr", "export", "--from", "2026-02-30"])).code, 2);
    const bad = await runCli(db, ["cdr", "export", "--out", join(dir, "nope", "x.csv")]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot write/);
    assert.equal(dumpDb(db), before);
  });
});
