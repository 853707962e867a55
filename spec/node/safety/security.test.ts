import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../support/cli";
import { nowSeconds } from "../../../src/cli/time";
import { exec, rejectsAll, withDb } from "../support/db";

function seedFailures(db: string): void {
  const now = nowSeconds();
  const ins = "INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES (?, ?, ?, ?, ?, ?)";
  exec(db, ins, "ani", "15551230000", 5, now - 100, now - 10, now + 3500);
  exec(db, ins, "ani", "15559999999", 2, now - 50, now - 40, 0);
  exec(db, ins, "dnis", "18005550100", 7, now - 100, now - 10, 0);
}


test("security show lists counters, marks lockouts, and filters by kind", async () => {
  await withDb(async (db) => {
    assert.equal((await runCli(db, ["security", "show"])).stdout, "no failed PIN attempts recorded\n");
    seedFailures(db);
    const all = await runCli(db, ["security", "show"]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /ani\s+15551230000\s+5\s+\S+Z\s+\S+Z\s+LOCKED until \d{4}-\d\d-\d\dT/);
    assert.match(all.stdout, /ani\s+15559999999\s+2\s+\S+\s+\S+\s+open/);
    assert.match(all.stdout, /dnis\s+18005550100\s+7/);
    const dnis = await runCli(db, ["security", "show", "--kind", "dnis"]);
    assert.doesNotMatch(dnis.stdout, /15551230000/);
    assert.match(dnis.stdout, /18005550100/);
  });
});

test("security clear lifts one lockout and refuses what it cannot clear, changing nothing", async () => {
  await withDb(async (db) => {
    seedFailures(db);
    const r = await runCli(db, ["security", "clear", "ani", "15551230000"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "cleared ani '15551230000'\n");
    assert.doesNotMatch((await runCli(db, ["security", "show"])).stdout, /15551230000/);
    await rejectsAll(db, [
      [["security", "clear", "ani", "15551230000"], 1, /no failed PIN attempts recorded for ani '15551230000'/],
      [["security", "clear", "pin", "1"], 2, /KIND 'pin' is not one of ani, card, dnis/],
      [["security", "clear", "ani"], 2, /expected KIND KEY/],
      [["security", "clear", "ani", "1' OR '1'='1"], 1, /no failed PIN attempts recorded/],
      [["security", "clear", "ani", "1\u00002"], 2, /KEY must be 1 to 64 printable characters/],
      [["security", "show", "--kind", "all"], 2, /--kind 'all' is not one of ani, card, dnis/],
    ]);
  });
});
