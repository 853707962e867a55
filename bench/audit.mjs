// `ccard audit` on a million CDRs: the command (built code, in-process, --json) on a database of
// settled calls (bench/lib/audit_db.mjs), against two baselines measured in the same run on the
// same file through the same store: one SQL read of the tables it checks (COUNT and SUM over
// cdrs, ledger, accounts and holds), and every CDR and ledger row streamed into Node once (the
// least any pricing in Node reads). Medians of --runs runs, after one untimed read that warms
// the page cache. Usage: USAGE below (--help).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { createRequire } from "node:module";
import { buildAuditDb } from "./lib/audit_db.mjs";

const require = createRequire(import.meta.url);
const { openStore } = require("../dist/src/cli/store/open.js");
const { dispatch } = require("../dist/src/cli/framework/dispatch.js");
const { rootCommand } = require("../dist/src/cli/main.js");

const USAGE = `Usage: node bench/audit.mjs [--cdrs 1000000] [--accounts CDRS/10] [--runs 3]   (after npm run build)`;
const { values, whole } = benchArgs(USAGE, { cdrs: { type: "string", default: "1000000" }, accounts: { type: "string" }, runs: { type: "string", default: "3" } });
const CDRS = whole("cdrs");
const ACCOUNTS = whole("accounts", values.accounts ?? String(Math.max(1, Math.floor(CDRS / 10))));
const RUNS = whole("runs");

const seconds = async (fn) => {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { result, s: Number(process.hrtime.bigint() - t0) / 1e9 };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const n = (x) => x.toLocaleString("en-US");

const SQL_READ = [
  "SELECT COUNT(*) AS n, SUM(cost_micros) AS a, SUM(answered_ms) AS b, SUM(billed_ms) AS c, SUM(granted_seconds) AS d, SUM(rate_per_minute_micros) AS e FROM cdrs",
  "SELECT COUNT(*) AS n, SUM(amount_micros) AS a, SUM(balance_before_micros) AS b, SUM(balance_after_micros) AS c, SUM(account_id) AS d FROM ledger",
  "SELECT COUNT(*) AS n, SUM(balance_micros) AS a, SUM(held_micros) AS b FROM accounts",
  "SELECT COUNT(*) AS n, SUM(amount_micros) AS a FROM holds",
];
const STREAMED = [
  "SELECT uuid, account_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, " +
    "minimum_cost_micros, granted_seconds, hold_micros, answered_ms, billed_ms, estimated, cost_micros FROM cdrs",
  "SELECT id, account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref FROM ledger",
];

async function sqlRead(store) {
  for (const q of SQL_READ) await store.get(q);
}

async function streamedRead(store) {
  let rows = 0;
  for (const q of STREAMED) for await (const batch of store.arrayBatches(q, [], 2000)) rows += batch.length;
  return rows;
}

async function audit(path) {
  let out = "";
  const io = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => process.stderr.write(t) }, env: { CCARD_DB: path }, interactive: false };
  const code = await dispatch(rootCommand, ["audit", "--json"], io);
  const doc = JSON.parse(out);
  if (code !== 0) throw new Error(`ccard audit exited ${code} on the benchmark's database: ${JSON.stringify(doc.checks.filter((c) => c.status !== "ok"))}`);
  return doc;
}

const dir = mkdtempSync(join(os.tmpdir(), "ccard-bench-audit-"));
try {
  const path = join(dir, "audit.db");
  const loadBefore = load();
  const built = await seconds(() => buildAuditDb(path, { cdrs: CDRS, accounts: ACCOUNTS }));
  const c = built.result;
  const store = await openStore(path, "read");
  const times = { sql: [], streamed: [], audit: [] };
  let doc;
  try {
    await sqlRead(store); // warms the page cache for every run alike
    for (let r = 0; r < RUNS; r++) {
      times.sql.push((await seconds(() => sqlRead(store))).s);
      times.streamed.push((await seconds(() => streamedRead(store))).s);
      const a = await seconds(() => audit(path));
      doc = a.result;
      times.audit.push(a.s);
    }
  } finally {
    await store.close();
  }
  const [sql, streamed, audited] = [median(times.sql), median(times.streamed), median(times.audit)];
  const mib = (statSync(path).size / 1048576).toFixed(0);
  console.log(`audit: ${n(c.cdrs)} CDRs (${n(c.estimated)} estimated, ${n(c.legacy)} settled before schema 3), ${n(c.ledger)} ledger rows, ${n(c.accounts)} accounts; ${mib} MiB, built in ${built.s.toFixed(1)} s`);
  console.log(`ccard audit (in-process, --json):                    ${audited.toFixed(2)} s (all ${doc.checks.length} checks passed; median of ${RUNS})`);
  console.log(`baseline, one SQL read of the tables (COUNT, SUM):   ${sql.toFixed(2)} s`);
  console.log(`baseline, every CDR and ledger row streamed to Node: ${streamed.toFixed(2)} s`);
  console.log(`ratio audit / SQL read: ${(audited / sql).toFixed(1)}x; audit / streamed read: ${(audited / streamed).toFixed(1)}x`);
  console.log(`load average before ${loadBefore}, after ${load()} (${os.cpus().length} cores)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
