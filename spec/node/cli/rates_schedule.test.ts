// Scheduled decks: `rates import --effective`, the version in force at an instant, pending
// versions in `rates tables`, `rates cancel`, `rates lookup --at`, `rates export --version`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { dumpDb, query, withDb } from "../support/db";

const OLD = "prefix,destination,rate_per_minute\n44,United Kingdom,0.02\n1,USA,0.01\n";
const NEW = "prefix,destination,rate_per_minute\n44,United Kingdom,0.03\n4420,London,0.025\n";

const now = (): number => Math.floor(Date.now() / 1000);
const iso = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(".000Z", "Z");

async function json(db: string, argv: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(db, [...argv, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** A table 't' with OLD in force and NEW loaded to take effect at `at`. */
async function scheduled(db: string, dir: string, at: number): Promise<void> {
  writeFileSync(join(dir, "old.csv"), OLD);
  writeFileSync(join(dir, "new.csv"), NEW);
  assert.equal((await runCli(db, ["rates", "import", join(dir, "old.csv"), "--table", "t", "--create"])).code, 0);
  const r = await runCli(db, ["rates", "import", join(dir, "new.csv"), "--table", "t", "--effective", iso(at)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`as version 2 \\(takes effect at ${iso(at)}; in force until then: 1\\)`));
}

const ratePerMinute = async (db: string, number: string, at?: number): Promise<unknown> =>
  (await json(db, ["rates", "lookup", "--table", "t", number, ...(at === undefined ? [] : ["--at", iso(at)])])).rate_per_minute;

test("a deck scheduled for T is not used at T - 1 s and is used at T; nothing runs at T", async () => {
  await withDb(async (db, dir) => {
    const T = now() + 3;
    await scheduled(db, dir, T);
    assert.equal(await ratePerMinute(db, "+442071234567", T - 1), "0.020000");
    assert.equal(await ratePerMinute(db, "+442071234567", T), "0.025000");
    assert.equal(await ratePerMinute(db, "+442071234567"), "0.020000"); // now, before T
    const tables = (await json(db, ["rates", "tables"])) as unknown as Record<string, unknown>[];
    assert.deepEqual(tables[0], { name: "t", currency: "USD", active_version: 1, row_count: 2, pending: [{ version: 2, effective_at: T, row_count: 2 }] });
    const text = await runCli(db, ["rates", "tables"]);
    assert.match(text.stdout, new RegExp(`v2 from ${iso(T)}`));
    // The clock passes T; no ccard process runs meanwhile.
    while (now() < T) await new Promise((res) => setTimeout(res, 100));
    assert.equal(await ratePerMinute(db, "+442071234567"), "0.025000");
    assert.equal(await ratePerMinute(db, "+442071234567", T - 1), "0.020000"); // version 1's rows stay until the next import …
    const after = (await json(db, ["rates", "tables"])) as unknown as Record<string, unknown>[];
    assert.deepEqual(after[0], { name: "t", currency: "USD", active_version: 2, row_count: 2, pending: [] });
    // … which deletes what the deck in force superseded.
    writeFileSync(join(dir, "third.csv"), OLD);
    assert.equal((await runCli(db, ["rates", "import", join(dir, "third.csv"), "--table", "t"])).code, 0);
    assert.deepEqual(query(db, "SELECT DISTINCT version AS v FROM rates ORDER BY v"), [{ v: 3 }]);
    assert.deepEqual(query(db, "SELECT version AS v FROM rate_versions ORDER BY v"), [{ v: 3 }]);
  });
});

test("cancelling a pending version before T leaves the old deck; a version in force cannot be cancelled", async () => {
  await withDb(async (db, dir) => {
    const T = now() + 86400;
    await scheduled(db, dir, T);
    const c = await json(db, ["rates", "cancel", "--table", "t", "--version", "2"]);
    assert.deepEqual(c, { table: "t", version: 2, effective_at: T, row_count: 2 });
    assert.equal(await ratePerMinute(db, "+442071234567", T), "0.020000");
    assert.deepEqual(query(db, "SELECT DISTINCT version AS v FROM rates ORDER BY v"), [{ v: 1 }]);
    const before = dumpDb(db);
    const inForce = await runCli(db, ["rates", "cancel", "--table", "t", "--version", "1", "--json"]);
    assert.equal(inForce.code, 1);
    assert.equal(JSON.parse(inForce.stderr).error.code, "WRONG_STATE");
    const missing = await runCli(db, ["rates", "cancel", "--table", "t", "--version", "7"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /rate table 't' has no version 7/);
    assert.deepEqual(dumpDb(db), before);
  });
});

test("an immediate import under a pending version warns that the pending one still takes over at its time", async () => {
  await withDb(async (db, dir) => {
    const T = now() + 86400;
    await scheduled(db, dir, T);
    writeFileSync(join(dir, "fix.csv"), "prefix,destination,rate_per_minute\n44,United Kingdom,0.015\n");
    const r = await runCli(db, ["rates", "import", join(dir, "fix.csv"), "--table", "t"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`version 2 still takes effect at ${iso(T)} \\(ccard rates cancel --table t --version 2 withdraws it\\)`));
    assert.equal(await ratePerMinute(db, "+442071234567"), "0.015000");
    assert.equal(await ratePerMinute(db, "+442071234567", T), "0.025000");
    // The pending version is exported on request, the one in force by default.
    const pending = await runCli(db, ["rates", "export", "--table", "t", "--version", "2"]);
    assert.match(pending.stdout, /^4420,London,0.025/m);
    const current = await runCli(db, ["rates", "export", "--table", "t"]);
    assert.match(current.stdout, /^44,United Kingdom,0.015/m);
  });
});

test("a bad or past --effective or --at is refused and changes nothing", async () => {
  await withDb(async (db, dir) => {
    writeFileSync(join(dir, "old.csv"), OLD);
    assert.equal((await runCli(db, ["rates", "import", join(dir, "old.csv"), "--table", "t", "--create"])).code, 0);
    const before = dumpDb(db);
    for (const bad of ["2027-01-01", "2027-01-01T00:00", "2027-02-30T00:00Z", "2027-01-01T24:00Z", "2027-01-01T00:00+25:00", "tomorrow"]) {
      const r = await runCli(db, ["rates", "import", join(dir, "old.csv"), "--table", "t", "--effective", bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--effective/);
      const l = await runCli(db, ["rates", "lookup", "--table", "t", "+442071234567", "--at", bad]);
      assert.equal(l.code, 2, bad);
    }
    const past = await runCli(db, ["rates", "import", join(dir, "old.csv"), "--table", "t", "--effective", "2020-01-01T00:00Z", "--json"]);
    assert.equal(past.code, 1);
    assert.equal(JSON.parse(past.stderr).error.code, "DATE_PAST");
    assert.deepEqual(dumpDb(db), before);
    // An offset is honoured: 01:00+01:00 is 00:00Z.
    const at = await json(db, ["rates", "lookup", "--table", "t", "+442071234567", "--at", "2030-01-01T01:00+01:00"]);
    assert.equal(at.at, Date.UTC(2030, 0, 1) / 1000);
  });
});
