/**
 * ccard audit: a database written by the CLI and the IVR's own settlement writes passes every
 * check; one CDR, ledger row or hold altered by hand fails it, naming the row, as does each
 * other way to break a money rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { spoolText } from "../../../src/domain/spool";
import { openStore } from "../../../src/cli/store/open";
import { nowSeconds } from "../../../src/cli/time";
import { runCli } from "../support/cli";
import { dumpDb, exec, ok, query, seeded, tempDb, transaction } from "../support/db";
import { PER_MINUTE_60, PER_SECOND_FEES, placeHold, settleCall } from "../support/ivr_writes";

const U = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const LIVE = U(99);

interface Check {
  name: string;
  status: string;
  problem_count: number;
  problems: { account_id?: number; ledger_id?: number; cdr_uuid?: string; hold_uuid?: string; problem: string }[];
}
interface Audit {
  ok: boolean;
  cdrs: number;
  estimated_cdrs: number;
  cdrs_not_priced: number;
  checks: Check[];
}

/** A CDR and its 'call' ledger row as settlement wrote them before schema 3: no tariff columns, no billed_ms. */
function legacyCall(dbPath: string, accountId: number, uuid: string, answeredMs: number, costMicros: number, now: number): void {
  const [{ balance_micros: before }] = query<{ balance_micros: number }>(dbPath, "SELECT balance_micros FROM accounts WHERE id = ?", accountId);
  transaction(dbPath, [
    { sql: "UPDATE accounts SET balance_micros = ? WHERE id = ? AND balance_micros = ?", params: [before - costMicros, accountId, before], rows: 1 },
    {
      sql:
        "INSERT INTO cdrs (uuid, account_id, product_id, destination, prefix, rate_table_id, rate_per_minute_micros, granted_seconds, answered_ms, cost_micros, " +
        "balance_before_micros, balance_after_micros, started_at, settled_at) VALUES (?, ?, 2, '33142685300', '33', 1, 60000, 600, ?, ?, ?, ?, ?, ?)",
      params: [uuid, accountId, answeredMs, costMicros, before, before - costMicros, now - 900, now - 800],
    },
    {
      sql: "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (?, 'call', ?, ?, ?, ?, ?)",
      params: [accountId, -costMicros, before, before - costMicros, uuid, now - 800],
    },
  ]);
}

/**
 * A database as operations leave it: cards issued, refilled and voided, a retail account
 * credited and debited (all through the CLI); calls settled with the IVR's writes (answered,
 * unanswered, past the grant, free within the grace period, with fees); an answered call
 * whose report never came billed as estimated by `holds reap`, two estimates corrected from
 * their spooled figures (one to nothing), a hold released; a CDR from before schema 3; one call still up.
 */
async function operated(dbPath: string, dir: string): Promise<void> {
  await seeded(dbPath);
  await ok(dbPath, ["cards", "generate", "--product", "gold", "--count", "3", "--value", "10.00", "--out", join(dir, "cards.csv")]);
  await ok(dbPath, ["cards", "refill", "0000000001", "--amount", "2.50"]);
  await ok(dbPath, ["cards", "void", "0000000003"]);
  const created = await ok(dbPath, ["accounts", "create", "--product", "shop", "--name", "corner shop", "--balance", "20", "--json"]);
  const shop = (JSON.parse(created.stdout) as { id: number }).id;
  await ok(dbPath, ["accounts", "debit", String(shop), "1.25"]);
  const now = nowSeconds();
  const [card1, card2] = [1, 2];
  const calls: [number, number, number, typeof PER_MINUTE_60, number, number][] = [
    // uuid, account, product, rate, granted s, answered ms
    [1, card1, 1, PER_MINUTE_60, 600, 61000],
    [2, card1, 1, PER_MINUTE_60, 600, 0],
    [3, card1, 1, PER_MINUTE_60, 120, 120400], // past the grant: billed 120,000 ms
    [4, shop, 2, PER_SECOND_FEES, 900, 2500], // within the grace period: free, one ledger row of 0
    [5, shop, 2, PER_SECOND_FEES, 900, 47001],
  ];
  for (const [n, account, product, rate, granted, answered] of calls) {
    placeHold(dbPath, { uuid: U(n), accountId: account, productId: product, rate, grantedSeconds: granted }, now);
    settleCall(dbPath, U(n), answered, now, 1000);
  }
  placeHold(dbPath, { uuid: U(6), accountId: card2, productId: 1, rate: PER_MINUTE_60, grantedSeconds: 300, expiresIn: -5, answeredAgo: 200 }, now);
  placeHold(dbPath, { uuid: U(7), accountId: card2, productId: 1, rate: PER_MINUTE_60, grantedSeconds: 300, expiresIn: -5 }, now);
  placeHold(dbPath, { uuid: U(8), accountId: shop, productId: 2, rate: PER_SECOND_FEES, grantedSeconds: 600, expiresIn: -5, answeredAgo: 500 }, now);
  placeHold(dbPath, { uuid: U(10), accountId: card2, productId: 1, rate: PER_MINUTE_60, grantedSeconds: 300, expiresIn: -5, answeredAgo: 250 }, now);
  const spool = join(dir, "spool");
  mkdirSync(spool);
  await ok(dbPath, ["holds", "reap", "--spool-dir", spool]);
  writeFileSync(join(spool, `${U(8)}.hook`), spoolText({ uuid: U(8), evidence: { answeredMs: 95000, cause: "NORMAL_CLEARING", disposition: "ANSWER", estimated: false }, atSeconds: now }));
  // Its real figures say U(10) was never answered after all: the whole estimate comes back.
  writeFileSync(join(spool, `${U(10)}.hook`), spoolText({ uuid: U(10), evidence: { answeredMs: 0, cause: "NO_ANSWER", disposition: "NO_ANSWER", estimated: false }, atSeconds: now }));
  await ok(dbPath, ["holds", "reap", "--spool-dir", spool]);
  legacyCall(dbPath, shop, U(9), 30000, 40000, now);
  placeHold(dbPath, { uuid: LIVE, accountId: card1, productId: 1, rate: PER_MINUTE_60, grantedSeconds: 600 }, now);
}

async function audit(dbPath: string, ...argv: string[]): Promise<{ code: number; doc: Audit; stderr: string }> {
  const r = await runCli(dbPath, ["audit", "--json", ...argv]);
  return { code: r.code, doc: JSON.parse(r.stdout) as Audit, stderr: r.stderr };
}

const failed = (doc: Audit): string[] => doc.checks.filter((c) => c.status === "fail").map((c) => c.name);
const check = (doc: Audit, name: string): Check => doc.checks.find((c) => c.name === name) ?? assert.fail(`no check ${name}`);

/** Runs fn on a fresh operated database. */
async function withOperated(fn: (db: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    await operated(t.db, t.dir);
    await fn(t.db);
  } finally {
    t.cleanup();
  }
}

test("a database written by the CLI and the IVR's settlement passes every check, and the audit changes nothing", async () => {
  await withOperated(async (db) => {
    const reasons = query<{ reason: string }>(db, "SELECT DISTINCT reason FROM ledger ORDER BY reason").map((r) => r.reason);
    assert.deepEqual(reasons, ["call", "call_estimated", "credit", "debit", "estimate_corrected", "hold_reaped", "issue", "refill", "void"]);
    const before = dumpDb(db);
    const text = await runCli(db, ["audit"]);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /^audit of .*: accounts 4, ledger rows \d+, CDRs 9, live holds 1\n/);
    assert.match(text.stdout, /✓ cdr_ledger: each CDR's cost is in the ledger once\n/);
    assert.match(text.stdout, /\nCDRs settled before schema 3, not priced again \(they record no tariff\): 1\nestimated CDRs \(.*\): 1\nall 7 checks passed\n$/);
    const { code, doc } = await audit(db);
    assert.equal(code, 0);
    assert.deepEqual([doc.ok, doc.cdrs, doc.estimated_cdrs, doc.cdrs_not_priced, failed(doc)], [true, 9, 1, 1, []]);
    assert.deepEqual(doc.checks.map((c) => c.name), ["ledger_rows", "ledger_chain", "balances", "held", "expired_holds", "cdr_costs", "cdr_ledger"]);
    assert.equal(dumpDb(db), before);
  });
});

test("--quiet prints nothing when every check holds; --json still prints its document", async () => {
  await withOperated(async (db) => {
    const quiet = await runCli(db, ["audit", "--quiet"]);
    assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, "", ""]);
    const json = await audit(db, "--quiet");
    assert.equal(json.doc.ok, true);
  });
});

// One row altered by hand: [what, SQL, the checks that fail, the first problem's ids, a line of the failure message].
const ALTERED: [string, string, string[], (db: string) => Record<string, unknown>, RegExp][] = [
  ["a CDR's cost", `UPDATE cdrs SET cost_micros = cost_micros + 1 WHERE uuid = '${U(1)}'`, ["cdr_costs", "cdr_ledger"],
    () => ({ cdr_uuid: U(1), account_id: 1 }), new RegExp(`first: CDR ${U(1)} \\(account 1\\): cost 0\\.200001 ≠ 0\\.200000, callCost of its 61000 ms`)],
  ["a ledger row's amount", `UPDATE ledger SET amount_micros = amount_micros - 1 WHERE ref = '${U(5)}'`, ["ledger_rows", "balances", "cdr_ledger"],
    (db) => ({ ledger_id: query<{ id: number }>(db, "SELECT id FROM ledger WHERE ref = ?", U(5))[0].id, account_id: 4 }), /first: ledger \d+ \(account 4\): balance after \S+ ≠ balance before/],
  ["a hold's amount", `UPDATE holds SET amount_micros = amount_micros + 1 WHERE uuid = '${LIVE}'`, ["held"],
    () => ({ account_id: 1, hold_uuid: LIVE }), new RegExp(`first: account 1: held 1\\.000000 ≠ 1\\.000001 of its live hold ${LIVE}`)],
];

for (const [what, sql, checks, ids, message] of ALTERED) {
  test(`one altered row fails the audit, naming it: ${what}`, async () => {
    await withOperated(async (db) => {
      exec(db, sql);
      const text = await runCli(db, ["audit"]);
      assert.equal(text.code, 1);
      assert.match(text.stderr, /^ccard audit: \d of 7 checks failed, \d+ problem\(s\); first: /);
      assert.match(text.stderr, message);
      for (const name of checks) assert.match(text.stdout, new RegExp(`✗ ${name}: `));
      const { code, doc, stderr } = await audit(db);
      assert.equal(code, 1);
      assert.equal(JSON.parse(stderr).error.code, "AUDIT_FAILED");
      assert.equal(doc.ok, false);
      assert.deepEqual(failed(doc), checks);
      const first = check(doc, checks[0]).problems[0];
      assert.deepEqual(Object.fromEntries(Object.entries(first).filter(([k]) => k !== "problem")), ids(db));
    });
  });
}

// Every other way to break a rule: [what, SQL, the check that fails, what its first problem names].
const BROKEN: [string, string, string, RegExp][] = [
  ["money outside the ledger", "UPDATE accounts SET balance_micros = balance_micros + 5 WHERE id = 2", "balances", /^account 2: balance \S+ ≠ opening 0\.000000 \+ ledger/],
  ["an account with money and no ledger row", "INSERT INTO accounts (product_id, kind, currency, balance_micros, created_at) VALUES (2, 'master', 'USD', 7, 0)", "balances", /^account 5: balance 0\.000007 but no ledger row/],
  ["a broken chain", "UPDATE ledger SET balance_before_micros = balance_before_micros + 1, balance_after_micros = balance_after_micros + 1 WHERE reason = 'refill'", "ledger_chain", /^ledger \d+ \(account 1\): balance before 10\.000001, but the account's previous row \(ledger 1\) left 10\.000000$/],
  ["held money no hold holds", "UPDATE accounts SET held_micros = held_micros + 3 WHERE id = 2", "held", /^account 2: held 0\.000003 ≠ 0\.000000 of no live hold$/],
  ["a hold past its expiry", `UPDATE holds SET expires_at = 1000 WHERE uuid = '${LIVE}'`, "expired_holds", new RegExp(`^hold ${LIVE} \\(account 1, 1\\.000000\\) expired \\d+ s ago: run 'ccard holds reap'$`)],
  ["billed more than the grant", `UPDATE cdrs SET billed_ms = 120400 WHERE uuid = '${U(3)}'`, "cdr_costs", new RegExp(`^CDR ${U(3)} \\(account 1\\): billed 120400 ms, but 120400 ms answered with 120 s granted bills 120000 ms$`)],
  ["an estimate above its hold", `UPDATE cdrs SET hold_micros = 1 WHERE estimated = 1`, "cdr_costs", /: estimated, and its cost 0\.400000 is more than its hold 0\.000001$/],
  ["a tariff no call can be priced at", `UPDATE cdrs SET increment_seconds = 0 WHERE uuid = '${U(1)}'`, "cdr_costs", /: the rate it records is not a valid rate \(INCREMENT_NOT_POSITIVE\)$/],
  ["a negative time", `UPDATE cdrs SET answered_ms = -5, billed_ms = -5 WHERE uuid = '${U(2)}'`, "cdr_costs", /: granted 600 s, answered -5 ms, billed -5 ms: not counts$/],
  ["a CDR that lost its tariff", `UPDATE cdrs SET grace_seconds = NULL WHERE uuid = '${U(4)}'`, "cdr_costs", /: grace_seconds missing$/],
  ["a call debited twice", `INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) SELECT account_id, 'call', 0, balance_after_micros, balance_after_micros, ref, 0 FROM ledger WHERE ref = '${U(4)}'`, "cdr_ledger", new RegExp(`^CDR ${U(4)} \\(account 4\\): 2 'call'/'call_estimated' ledger row\\(s\\), expected one, as it billed time$`)],
  ["a debit of a call never settled", "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) SELECT 2, 'call', 0, balance_micros, balance_micros, 'no-such-call', 0 FROM accounts WHERE id = 2", "cdr_ledger", /^ledger \d+ \(account 2, 1 call row\(s\) with ref 'no-such-call'\): no CDR has this call UUID$/],
  ["a call's debit on another account", `UPDATE ledger SET account_id = 2 WHERE ref = '${U(4)}'`, "cdr_ledger", new RegExp(`^CDR ${U(4)} \\(account 4\\): its ledger rows are on account\\(s\\) 2$`)],
];

test("each other way to break a money rule fails its check, naming the row", async () => {
  for (const [what, sql, name, problem] of BROKEN) {
    await withOperated(async (db) => {
      exec(db, sql);
      const { code, doc } = await audit(db);
      assert.equal(code, 1, what);
      const c = check(doc, name);
      assert.equal(c.status, "fail", `${what}: ${JSON.stringify(doc.checks)}`);
      assert.match(c.problems[0].problem, problem, what);
    });
  }
});

test("--limit caps the problems shown per check, not their count", async () => {
  await withOperated(async (db) => {
    exec(db, "UPDATE ledger SET amount_micros = amount_micros + 1 WHERE reason = 'issue'");
    const { doc } = await audit(db, "--limit", "1");
    const rows = check(doc, "ledger_rows");
    assert.deepEqual([rows.problem_count, rows.problems.length], [3, 1]);
    const text = await runCli(db, ["audit", "--limit", "1"]);
    assert.match(text.stdout, /✗ ledger_rows: each ledger row adds up — 3 problems\n {4}ledger 1 \(account 1\): .*\n {4}… and 2 more \(--limit\)\n/);
    const bad = await runCli(db, ["audit", "--limit", "0"]);
    assert.deepEqual([bad.code, bad.stderr.split("\n")[0]], [2, "ccard audit: --limit must be from 1 to 1000000, got 0"]);
  });
});

test("the audit reads one snapshot: a change committed while it reads is not seen", async () => {
  await withOperated(async (db) => {
    const store = await openStore(db, "read");
    try {
      const seen = await store.snapshot(async (s) => {
        const first = await s.get<{ n: number }>("SELECT COUNT(*) AS n FROM ledger");
        exec(db, "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, created_at) VALUES (2, 'note', 0, 0, 0, 0)");
        const again = await s.get<{ n: number }>("SELECT COUNT(*) AS n FROM ledger");
        return [first?.n, again?.n];
      });
      assert.equal(seen[0], seen[1]);
      assert.equal((await store.get<{ n: number }>("SELECT COUNT(*) AS n FROM ledger"))?.n, Number(seen[0]) + 1);
    } finally {
      await store.close();
    }
  });
});
