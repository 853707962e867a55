/**
 * ccard db copy: the demo's SQLite database into PostgreSQL and back into a new SQLite file,
 * every row identical and the audit passing on each; a non-empty target refused with nothing
 * written; a copy that fails half way leaves the target empty; the copy's ids continue.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { TABLES } from "../../../src/cli/store/schema";
import { runCli } from "../support/cli";
import { PG_USER, dumpDb, exec, ok, onlyOn, query, tempDb } from "../support/db";
import { repoRoot } from "../support/fixtures";

const PG = onlyOn("pgsql");

/** Every row of every table but schema_migrations (each database records when it was migrated). */
function rows(db: string): Record<string, string[]> {
  const all = JSON.parse(dumpDb(db)) as Record<string, string[]>;
  delete all.schema_migrations;
  return all;
}

test("the demo database copied to PostgreSQL and back is the same row for row, and passes the audit each time", PG, async () => {
  const r = spawnSync("node", ["scripts/demo.mjs", "--dtmf", "pin,00441612345678,2", "--talk", "61"], { cwd: repoRoot(), encoding: "utf8", timeout: 120000 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const pg = tempDb({ engine: "pgsql" });
  try {
    const demo = join(pg.dir, "demo.db");
    copyFileSync(join(repoRoot(), "demo-data", "demo.db"), demo);
    for (const f of ["-wal", "-shm"]) if (existsSync(join(repoRoot(), "demo-data", "demo.db" + f))) copyFileSync(join(repoRoot(), "demo-data", "demo.db" + f), demo + f);
    const there = await ok(demo, ["db", "copy", "--to", pg.db]);
    assert.match(there.stdout, new RegExp(String.raw`^copied \S+demo\.db to postgres:\/\/${PG_USER}:\*\*\*@127\.0\.0\.1:\d+\/ccard_t_\w+: \d+ rows in ${TABLES.length} tables, read back row for row and 4 balances checked\n`));
    assert.match(there.stdout, /^ {2}cdrs +1 {2}[0-9a-f]{16}$/m);
    const back = join(pg.dir, "back.db");
    const json = await ok(pg.db, ["db", "copy", "--to", back, "--json"]);
    const doc = JSON.parse(json.stdout) as { to: string; rows: number; accounts: number; tables: { table: string; rows: number; digest: string }[] };
    assert.deepEqual([doc.to, doc.accounts], [back, 4]);
    const original = rows(demo);
    assert.ok(original.cdrs.length === 1 && original.ledger.length >= 4, JSON.stringify(original.cdrs));
    assert.deepEqual(rows(pg.db), original);
    assert.deepEqual(rows(back), original);
    // The digests of both copies agree table by table.
    const digests = JSON.parse((await ok(demo, ["db", "copy", "--to", join(pg.dir, "again.db"), "--json"])).stdout).tables;
    assert.deepEqual(digests, doc.tables);
    for (const db of [demo, pg.db, back]) {
      const audit = await runCli(db, ["audit"]);
      assert.equal(audit.code, 0, audit.stdout + audit.stderr);
      assert.match(audit.stdout, /CDRs 1, .*\nall 7 checks passed\n$/s);
    }
  } finally {
    pg.cleanup();
  }
});

test("a target that holds any row is refused and nothing is written to it", PG, async () => {
  const src = tempDb({ engine: "sqlite" });
  const pg = tempDb({ engine: "pgsql" });
  try {
    await ok(src.db, ["init"]);
    await ok(src.db, ["rates", "create-table", "std"]);
    await ok(pg.db, ["routes", "add", "uk"]);
    const before = dumpDb(pg.db);
    const r = await runCli(src.db, ["db", "copy", "--to", pg.db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(String.raw`^ccard db copy: postgres:\/\/${PG_USER}:\*\*\*@\S+ is not empty \(table routes has 1 rows\): db copy writes only into an empty database; nothing was written\n$`));
    assert.equal(dumpDb(pg.db), before);
    const same = await runCli(src.db, ["db", "copy", "--to", src.db]);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /is the database being copied/);
  } finally {
    src.cleanup();
    pg.cleanup();
  }
});

test("a copy that fails half way leaves the target as it was (one transaction)", PG, async () => {
  const src = tempDb({ engine: "sqlite" });
  const pg = tempDb({ engine: "pgsql" });
  try {
    await ok(src.db, ["init"]);
    await ok(src.db, ["rates", "create-table", "std"]);
    await ok(src.db, ["products", "add", "gold", "--rate-table", "std"]);
    await ok(src.db, ["cards", "generate", "--product", "gold", "--count", "50", "--value", "1", "--out", join(src.dir, "c.csv")]);
    // The target refuses ledger rows: the accounts and cards before them go back too.
    exec(pg.db, "ALTER TABLE ledger ADD CONSTRAINT refuse_all CHECK (amount_micros < 0)");
    const r = await runCli(src.db, ["db", "copy", "--to", pg.db]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^ccard db copy: the database refused the change \(new row for relation "ledger" violates check constraint "refuse_all"\)/);
    for (const t of ["rate_tables", "products", "accounts", "batches", "cards", "ledger"]) assert.equal(query(pg.db, `SELECT COUNT(*) AS n FROM ${t}`)[0].n, 0, t);
  } finally {
    src.cleanup();
    pg.cleanup();
  }
});

test("after a copy into PostgreSQL, new rows take ids after the copied ones", PG, async () => {
  const src = tempDb({ engine: "sqlite" });
  const pg = tempDb({ engine: "pgsql" });
  try {
    await ok(src.db, ["init"]);
    await ok(src.db, ["rates", "create-table", "std"]);
    await ok(src.db, ["products", "add", "gold", "--rate-table", "std"]);
    await ok(src.db, ["products", "add", "shop", "--kind", "retail", "--rate-table", "std"]);
    await ok(src.db, ["cards", "generate", "--product", "gold", "--count", "3", "--value", "1", "--out", join(src.dir, "c.csv")]);
    await ok(src.db, ["db", "copy", "--to", pg.db]);
    const created = JSON.parse((await ok(pg.db, ["accounts", "create", "--product", "shop", "--name", "shop", "--balance", "2", "--json"])).stdout);
    assert.equal(created.id, 4);
    await ok(pg.db, ["cards", "generate", "--product", "gold", "--count", "2", "--value", "1", "--out", join(src.dir, "d.csv")]);
    assert.deepEqual(query(pg.db, "SELECT MAX(id) AS a FROM accounts")[0], { a: 6 });
    assert.deepEqual(query(pg.db, "SELECT id FROM ledger ORDER BY id").map((x) => x.id), [1, 2, 3, 4, 5, 6]);
    const audit = await runCli(pg.db, ["audit"]);
    assert.equal(audit.code, 0, audit.stdout);
  } finally {
    src.cleanup();
    pg.cleanup();
  }
});
