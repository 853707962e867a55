import { test } from "node:test";
import assert from "node:assert/strict";
import { chownSync, existsSync, statSync } from "node:fs";
import { runCli } from "../support/cli";
import { openStore } from "../../../src/cli/store/open";
import { MIGRATIONS, migrationSql } from "../../../src/cli/store/schema";
import { ENGINE, exec, onlyOn, query, tempDb } from "../support/db";

test("ccard init creates the database and is idempotent", onlyOn("sqlite"), async () => {
  const t = tempDb();
  try {
    const first = await runCli(t.db, ["init"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`schema version ${MIGRATIONS[MIGRATIONS.length - 1].version}\n$`));
    assert.ok(existsSync(t.db));
    const again = await runCli(t.db, ["init"]);
    assert.equal(again.code, 0);
  } finally {
    t.cleanup();
  }
});

test("a command on a missing database says to run init, exit 1", onlyOn("sqlite"), async () => {
  const t = tempDb();
  try {
    await assert.rejects(openStore(t.db, "read"), /run 'ccard init' first/);
    assert.equal(existsSync(t.db), false);
  } finally {
    t.cleanup();
  }
});

test("unknown commands and options are usage errors (exit 2)", onlyOn("sqlite"), async () => {
  const t = tempDb();
  try {
    assert.equal((await runCli(t.db, ["frobnicate"])).code, 2);
    const r = await runCli(t.db, ["init", "--bogus"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--bogus'/);
    assert.equal(existsSync(t.db), false);
  } finally {
    t.cleanup();
  }
});

test("run as root, ccard hands the files it creates to the database folder's owner", { skip: process.getuid?.() !== 0 ? "needs root" : ENGINE !== "sqlite" ? "sqlite only" : false }, async () => {
  const t = tempDb();
  try {
    chownSync(t.dir, 65534, 65534);
    const r = await runCli(t.db, ["init"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(t.db).uid, 65534);
  } finally {
    t.cleanup();
  }
});

test("ccard init brings a schema-1 database up to date: each rate table's active deck is registered as in force, with its longest prefix", async () => {
  const t = tempDb({ empty: true });
  try {
    exec(t.db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    exec(t.db, migrationSql(MIGRATIONS[0], ENGINE));
    exec(t.db, `INSERT INTO schema_migrations VALUES (1, 'core', 0);
      INSERT INTO rate_tables (id, name, active_version, created_at) VALUES (1, 'a', 2, 0), (2, 'empty', 0, 0);
      INSERT INTO rates (table_id, version, prefix, rate_per_minute_micros, initial_seconds, increment_seconds)
        VALUES (1, 1, '4420712345', 1, 1, 1), (1, 2, '44', 1, 1, 1), (1, 2, '44207', 1, 1, 1);`);
    const r = await runCli(t.db, ["init"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`schema version ${MIGRATIONS[MIGRATIONS.length - 1].version}\n$`));
    assert.deepEqual(query(t.db, "SELECT table_id, version, effective_at AS e, max_prefix_digits AS m, row_count AS n FROM rate_versions"), [
      { table_id: 1, version: 2, e: 0, m: 5, n: 2 },
    ]);
  } finally {
    t.cleanup();
  }
});

test("a database of a newer ccard is refused, not migrated or written", async () => {
  const t = tempDb();
  try {
    assert.equal((await runCli(t.db, ["init"])).code, 0);
    exec(t.db, "INSERT INTO schema_migrations VALUES (99, 'from the future', 0)");
    const r = await runCli(t.db, ["products", "list"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /schema version 99, this ccard knows up to \d+: upgrade ccard/);
  } finally {
    t.cleanup();
  }
});
