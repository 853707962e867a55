import { test } from "node:test";
import assert from "node:assert/strict";
import { chownSync, existsSync, statSync } from "node:fs";
import { runCli, tempDb } from "../support/cli";
import { openStore } from "../../../src/cli/context";

test("ccard init creates the database and is idempotent", async () => {
  const t = tempDb();
  try {
    const first = await runCli(t.db, ["init"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /schema version 1/);
    assert.ok(existsSync(t.db));
    const again = await runCli(t.db, ["init"]);
    assert.equal(again.code, 0);
  } finally {
    t.cleanup();
  }
});

test("a command on a missing database says to run init, exit 1", async () => {
  const t = tempDb();
  try {
    assert.throws(() => openStore(t.db, false), /run 'ccard init' first/);
    assert.equal(existsSync(t.db), false);
  } finally {
    t.cleanup();
  }
});

test("unknown commands and options are usage errors (exit 2)", async () => {
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

test("run as root, ccard hands the files it creates to the database folder's owner", { skip: process.getuid?.() !== 0 ? "needs root" : false }, async () => {
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
