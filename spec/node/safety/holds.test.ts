import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../support/cli";
import { seedAccounts, seedHolds } from "./seed_money";
import { dumpDb, exec, query, withDb } from "../support/db";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spoolFileName, spoolText } from "../../../src/domain/spool";

const U = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

test("holds list shows every live hold; --expired only the stale ones", async () => {
  await withDb(async (db) => {
    const [a, b] = seedAccounts(db, [5000000, 2000000]);
    seedHolds(db, [
      { uuid: U(1), account: a, amountMicros: 1500000, expiresIn: 650 },
      { uuid: U(2), account: b, amountMicros: 250000, expiresIn: -30, ageSeconds: 8000 },
    ]);
    const all = await runCli(db, ["holds", "list"]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, new RegExp(`${U(1)}\\s+${a}\\s+1\\.500000\\s+10[01]s\\s+in 10m`));
    assert.match(all.stdout, new RegExp(`${U(2)}\\s+${b}\\s+0\\.250000\\s+2h\\s+expired`));
    const expired = await runCli(db, ["holds", "list", "--expired"]);
    assert.doesNotMatch(expired.stdout, new RegExp(U(1)));
    assert.match(expired.stdout, new RegExp(U(2)));
  });
});

test("holds reap releases only expired holds, across accounts, with a ledger row each, and reports them unsettled", async () => {
  await withDb(async (db) => {
    const [a, b] = seedAccounts(db, [5000000, 2000000]);
    seedHolds(db, [
      { uuid: U(1), account: a, amountMicros: 1500000, expiresIn: 600 },
      { uuid: U(2), account: a, amountMicros: 1000000, expiresIn: -1 },
      { uuid: U(3), account: b, amountMicros: 2000000, expiresIn: -3600 },
    ]);
    const dry = await runCli(db, ["holds", "reap", "--dry-run"]);
    const before = dumpDb(db);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would reap 2 hold\(s\), 3\.000000 released/);
    assert.equal(dumpDb(db), before, "--dry-run changed the database");

    const r = await runCli(db, ["holds", "reap"]);
    assert.equal(r.code, 0, r.stderr);
    for (const u of [U(2), U(3)]) assert.match(r.stdout, new RegExp(`${u}.*unsettled: the call may have been answered; check the switch's CDRs`));
    assert.doesNotMatch(r.stdout, new RegExp(U(1)));
    assert.match(r.stdout, /reaped 2 hold\(s\), 3\.000000 released/);
    assert.deepEqual(query(db, "SELECT id, balance_micros, held_micros FROM accounts ORDER BY id"), [
      { id: a, balance_micros: 5000000, held_micros: 1500000 },
      { id: b, balance_micros: 2000000, held_micros: 0 },
    ]);
    assert.deepEqual(query(db, "SELECT uuid FROM holds"), [{ uuid: U(1) }]);
    assert.deepEqual(query(db, "SELECT account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref FROM ledger ORDER BY ref"), [
      { account_id: a, reason: "hold_reaped", amount_micros: 0, balance_before_micros: 5000000, balance_after_micros: 5000000, ref: U(2) },
      { account_id: b, reason: "hold_reaped", amount_micros: 0, balance_before_micros: 2000000, balance_after_micros: 2000000, ref: U(3) },
    ]);
    // Reaping again finds nothing and changes nothing.
    const after = dumpDb(db);
    const again = await runCli(db, ["holds", "reap"]);
    assert.equal(again.stdout, "no expired holds\n");
    assert.equal(dumpDb(db), after);
  });
});

test("holds reap bills an expired hold whose callee answered, as an estimated CDR, as the IVR's reaper does", async () => {
  await withDb(async (db) => {
    const [a, b] = seedAccounts(db, [5000000, 2000000]);
    // Answered 30 s ago: billed 30 s (at most the 60 s granted), one 60 s block at 0.10 a minute.
    seedHolds(db, [
      { uuid: U(1), account: a, amountMicros: 1000000, expiresIn: -1, answeredAgo: 30 },
      { uuid: U(2), account: b, amountMicros: 500000, expiresIn: -1 },
    ]);
    const dry = await runCli(db, ["holds", "reap", "--dry-run", "--json"]);
    assert.deepEqual(JSON.parse(dry.stdout).reaped.map((h: { uuid: string; outcome: string }) => [h.uuid, h.outcome]), [[U(1), "estimated"], [U(2), "released"]]);
    const r = await runCli(db, ["holds", "reap"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${U(1)}.*billed as estimated`));
    assert.match(r.stdout, /reaped 2 hold\(s\), 1\.500000 released, 1 billed as estimated/);
    assert.deepEqual(query(db, "SELECT id, balance_micros, held_micros FROM accounts ORDER BY id"), [
      { id: a, balance_micros: 4900000, held_micros: 0 },
      { id: b, balance_micros: 2000000, held_micros: 0 },
    ]);
    const [cdr] = query<{ uuid: string; estimated: number; billed_ms: number; cost_micros: number; balance_before_micros: number; balance_after_micros: number; disposition: string }>(
      db, "SELECT uuid, estimated, billed_ms, cost_micros, balance_before_micros, balance_after_micros, disposition FROM cdrs",
    );
    assert.ok(cdr.billed_ms >= 30000 && cdr.billed_ms <= 32000, `billed ${cdr.billed_ms} ms`);
    assert.deepEqual({ ...cdr, billed_ms: 0 }, { uuid: U(1), estimated: 1, billed_ms: 0, cost_micros: 100000, balance_before_micros: 5000000, balance_after_micros: 4900000, disposition: "ESTIMATED" });
    assert.deepEqual(query(db, "SELECT account_id, reason, amount_micros, balance_after_micros, ref FROM ledger ORDER BY id"), [
      { account_id: a, reason: "call_estimated", amount_micros: -100000, balance_after_micros: 4900000, ref: U(1) },
      { account_id: b, reason: "hold_reaped", amount_micros: 0, balance_after_micros: 2000000, ref: U(2) },
    ]);
    assert.deepEqual(query(db, "SELECT uuid FROM holds"), []);
  });
});

/** Writes a spool file as settle.lua does (src/domain/spool.ts). */
function spool(dir: string, uuid: string, billmsec: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, spoolFileName(uuid));
  writeFileSync(file, spoolText({ uuid, evidence: { answeredMs: billmsec, cause: "NORMAL_CLEARING", disposition: "ANSWER", estimated: false }, atSeconds: 1796000000 }));
  return file;
}

test("holds reap settles a call from the figures its failed hook spooled, once, and removes the file", async () => {
  await withDb(async (db, dir) => {
    const spoolDir = join(dir, "spool");
    const [a] = seedAccounts(db, [5000000]);
    seedHolds(db, [{ uuid: U(1), account: a, amountMicros: 1000000, expiresIn: 600, answeredAgo: 70 }]);
    const file = spool(spoolDir, U(1), 45000);
    const dry = await runCli(db, ["holds", "reap", "--dry-run", "--spool-dir", spoolDir]);
    assert.match(dry.stdout, new RegExp(`${U(1)}\\s+45000\\s+would settle from its spooled figures`));
    assert.ok(existsSync(file));
    const r = await runCli(db, ["holds", "reap", "--spool-dir", spoolDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${U(1)}\\s+45000\\s+settled from the figures its hook spooled`));
    assert.ok(!existsSync(file));
    // 45 s: one 60 s block at 0.10 a minute, a real CDR (not estimated).
    assert.deepEqual(query(db, "SELECT uuid, answered_ms, cost_micros, estimated FROM cdrs"), [{ uuid: U(1), answered_ms: 45000, cost_micros: 100000, estimated: 0 }]);
    assert.deepEqual(query(db, "SELECT balance_micros, held_micros FROM accounts"), [{ balance_micros: 4900000, held_micros: 0 }]);
    const again = await runCli(db, ["holds", "reap", "--spool-dir", spoolDir, "--quiet"]);
    assert.deepEqual([again.code, again.stdout], [0, ""]);
  });
});

test("holds reap corrects an estimate with the spooled figures, gives back the difference, and leaves others alone", async () => {
  await withDb(async (db, dir) => {
    const spoolDir = join(dir, "spool");
    const [a] = seedAccounts(db, [5000000]);
    // Another switch's reaper billed U(1) as estimated: the whole 60 s grant (0.10).
    seedHolds(db, [{ uuid: U(1), account: a, amountMicros: 1000000, expiresIn: -1, answeredAgo: 600 }]);
    assert.equal((await runCli(db, ["holds", "reap", "--spool-dir", spoolDir])).code, 0);
    assert.deepEqual(query(db, "SELECT billed_ms, cost_micros, estimated FROM cdrs"), [{ billed_ms: 60000, cost_micros: 100000, estimated: 1 }]);
    // Its own figures arrive: 2.5 s answered, inside the rate's 5 s of grace (set here), so free.
    exec(db, "UPDATE cdrs SET grace_seconds = 5");
    const real = spool(spoolDir, U(1), 2500);
    const unknown = spool(spoolDir, U(9), 1000);
    writeFileSync(join(spoolDir, "junk.hook"), "not a spool file\n");
    const r = await runCli(db, ["holds", "reap", "--spool-dir", spoolDir, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const outcomes = JSON.parse(r.stdout).spooled.map((x: { uuid: string; outcome: string }) => [x.uuid, x.outcome]);
    assert.deepEqual(outcomes, [[U(1), "corrected"], [U(9), "unknown"], ["", "unreadable"]]);
    assert.ok(!existsSync(real));
    assert.ok(existsSync(unknown) && existsSync(join(spoolDir, "junk.hook")), "a file ccard cannot settle is kept");
    assert.deepEqual(query(db, "SELECT answered_ms, billed_ms, cost_micros, estimated FROM cdrs"), [{ answered_ms: 2500, billed_ms: 2500, cost_micros: 0, estimated: 0 }]);
    assert.deepEqual(query(db, "SELECT balance_micros FROM accounts"), [{ balance_micros: 5000000 }]);
    assert.deepEqual(query(db, "SELECT reason, amount_micros, balance_before_micros, balance_after_micros FROM ledger ORDER BY id"), [
      { reason: "call_estimated", amount_micros: -100000, balance_before_micros: 5000000, balance_after_micros: 4900000 },
      { reason: "estimate_corrected", amount_micros: 100000, balance_before_micros: 4900000, balance_after_micros: 5000000 },
    ]);
  });
});

test("holds reap warns when the spool folder is missing", async () => {
  await withDb(async (db, dir) => {
    const r = await runCli(db, ["holds", "reap", "--spool-dir", join(dir, "nowhere")]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no spool folder .*nowhere: settle\.lua has nowhere to keep the figures of a call it cannot settle/);
  });
});

test("holds commands refuse bad usage", async () => {
  await withDb(async (db) => {
    const r = await runCli(db, ["holds", "reap", "--now", "5"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--now'/);
    const missing = await runCli(`${db}_missing`, ["holds", "list"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no database at .*run 'ccard init' first|has no database '.*_missing': create it first/);
  });
});
