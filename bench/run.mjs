// npm run bench: rating, per-call cost, money throughput, card generation and rate import, then
// the same on PostgreSQL (bench/lib/postgres.mjs) when a server is given. Usage: USAGE.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { writeReport } from "./lib/results_file.mjs";
import { callDb } from "./lib/fixtures.mjs";
import { rateLookupRows } from "./lib/rating.mjs";
import { callCostRows } from "./lib/calls.mjs";
import { moneyRows, sqliteMoneyDb } from "./lib/money.mjs";
import { importRows } from "./lib/imports.mjs";
import { machineFacts } from "./lib/machine.mjs";
import { PG_HOW, PgDatabases, pgServer } from "./lib/pg.mjs";
import { postgresRows } from "./lib/postgres.mjs";
import { markdown, textTable } from "./lib/report.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const SIZES = {
  full: {
    rates: [
      { prefixes: 10000, lookups: 20000, scans: 200 },
      { prefixes: 100000, lookups: 20000, scans: 40 },
      { prefixes: 1000000, lookups: 20000, scans: 10 },
    ],
    calls: { calls: 300, spawns: 150, loads: 200 },
    money: { total: 1600, reps: 3 },
    imports: { cards: 1000000, lines: 1000000 },
    pg: { rates: { prefixes: 1000000, lookups: 20000, reps: 2 }, money: { total: 400, reps: 2 }, imports: { cards: 1000000, lines: 1000000 } },
  },
  quick: {
    rates: [
      { prefixes: 100, lookups: 200, scans: 10 },
      { prefixes: 1000, lookups: 200, scans: 10 },
      { prefixes: 2000, lookups: 200, scans: 10 },
    ],
    calls: { calls: 3, spawns: 3, loads: 3 },
    money: { total: 16, reps: 1 },
    imports: { cards: 1000, lines: 1000 },
    pg: { rates: { prefixes: 2000, lookups: 200, reps: 1 }, money: { total: 16, reps: 1 }, imports: { cards: 1000, lines: 1000 } },
  },
};

const USAGE = `Usage: node bench/run.mjs [options]   (npm run bench; after npm run build, from the repository root)
  (none)                full sizes (several minutes); writes bench/RESULTS.md
  --quick               tiny sizes in a few seconds (CI smoke); writes no file unless --results
  --results PATH        where to write the markdown report (a call capacity section there, from
                        bench/callrate.mjs, is kept)
  --pg postgres://USER:PASS@HOST:PORT   the PostgreSQL server (a role with CREATEDB); without it
                        CCARD_TEST_PG_URL or CCARD_TEST_PG, as the tests have it; with none the
                        PostgreSQL section is skipped
  --only-pg             the PostgreSQL section alone
Prints one table.`;
const { values, checked, fail } = benchArgs(USAGE, {
  quick: { type: "boolean", default: false }, results: { type: "string" }, pg: { type: "string" }, "only-pg": { type: "boolean", default: false },
});
const sizes = values.quick ? SIZES.quick : SIZES.full;
const resultsPath = values.results ?? (values.quick || values["only-pg"] ? undefined : "bench/RESULTS.md");
const server = checked(() => pgServer(values.pg));
if (server === undefined && values["only-pg"]) fail(`--only-pg needs a PostgreSQL server: ${PG_HOW}`);

buildFakeDbh({ quiet: true }); // the Lua side's Dbh (spec/support/fsdbh.c)
const dir = mkdtempSync(join(os.tmpdir(), "ccard-bench-"));
const started = Date.now();
const step = (what) => process.stderr.write(`bench: ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`);
try {
  const machine = machineFacts(dir);
  const rows = [];
  if (!values["only-pg"]) {
    step("rate lookup");
    rows.push(...rateLookupRows(dir, sizes.rates));
    step("per-call cost");
    const template = callDb(dir, 8);
    const callsDb = join(dir, "per-call.db");
    copyFileSync(template, callsDb);
    rows.push(...callCostRows(callsDb, dir, sizes.calls));
    step("authorise+settle throughput");
    rows.push(...(await moneyRows(sqliteMoneyDb(template, dir), sizes.money)));
    step("card generation and rate import");
    rows.push(...importRows(sizes.imports));
  }
  if (server === undefined) {
    console.log(`PostgreSQL section skipped: no server given (${PG_HOW})`);
  } else {
    const dbs = new PgDatabases(server);
    machine.postgres = await dbs.facts();
    rows.push(...(await postgresRows(dbs, dir, sizes.pg, step)));
  }
  const loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(textTable(rows));
  console.log(`\nload average before ${machine.loadBefore}, after ${loadAfter}`);
  if (resultsPath !== undefined) {
    writeReport(resultsPath, markdown(rows, machine, { quick: values.quick, onlyPg: values["only-pg"], loadAfter, seconds: (Date.now() - started) / 1000 }));
    console.log(`wrote ${resultsPath}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
