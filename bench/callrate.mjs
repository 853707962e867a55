// Call capacity on the fake switch, open loop (bench/lib/callrate.mjs): rising call rates until
// p99 setup passes 2 s, for ccard (retail calls through the installed, precompiled scripts) and
// for the same row changes as bare transactions, on a fresh database each, per engine: an SQLite
// file, and a throwaway PostgreSQL database (bench/lib/pg.mjs) copied from the same fixture. The
// callers and the scripts are the same on both; only the DSN they are handed differs.
//   node bench/callrate.mjs [--rates 10,20,30] [--seconds 8] [--talk-ms 2000] [--accounts 100]
//                           [--modes bare,ccard] [--engines sqlite,pgsql] [--pg postgres://USER:PASS@HOST:PORT]
//   --engines: default sqlite, plus pgsql when a server is given (--pg, or CCARD_TEST_PG_URL /
//   CCARD_TEST_PG); the password goes to the callers as PGPASSWORD and is never printed.
// Prints a table per engine and mode, the ratio of the two capacities per engine, and the load average.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { retailCli, retailDb } from "./lib/fixtures.mjs";
import { capacityRun, pgReader, sqliteReader } from "./lib/callrate.mjs";
import { PG_HOW, PgDatabases, pgServer } from "./lib/pg.mjs";
import { runLua } from "./lib/proc.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const { values } = parseArgs({
  options: {
    rates: { type: "string", default: "10,20,30,40,60,80,100,120,150,180,220,260,300" },
    seconds: { type: "string", default: "8" },
    "talk-ms": { type: "string", default: "2000" },
    accounts: { type: "string", default: "100" },
    modes: { type: "string", default: "bare,ccard" },
    engines: { type: "string" },
    pg: { type: "string" },
  },
});
const rates = values.rates.split(",").map(Number);
const accounts = Number(values.accounts);
const BALANCE = 1e12;
const server = pgServer(values.pg);
const engines = (values.engines ?? (server ? "sqlite,pgsql" : "sqlite")).split(",");
for (const e of engines) if (e !== "sqlite" && e !== "pgsql") throw new Error(`--engines takes sqlite and pgsql, got ${e}`);
if (engines.includes("pgsql") && server === undefined) throw new Error(`--engines pgsql needs a PostgreSQL server: ${PG_HOW}`);

const log = (m) => process.stderr.write(`callrate: ${m}\n`);
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const dbs = engines.includes("pgsql") ? new PgDatabases(server) : undefined;
if (dbs) {
  try {
    log(await dbs.facts());
  } catch (e) {
    throw new Error(`cannot reach the PostgreSQL server ${server.label}: ${e.message}`);
  }
  await dbs.dropStale();
}
// Callers that keep a PostgreSQL connection between calls (bench/lua/call_worker.lua KEEP): what the
// server allows this role, less the connections already open and a margin for the callers that
// connect per call and for the money check.
const keepConnections = dbs === undefined ? undefined : await dbs.with("postgres", async (c) => {
  const q = async (sql) => Number(Object.values((await c.query(sql)).rows[0])[0]);
  const free = (await q("SHOW max_connections")) - (await q("SHOW superuser_reserved_connections")) - (await q("SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"));
  return Math.max(0, free - 30);
});
if (dbs) log(`${keepConnections} PostgreSQL callers keep their connection between calls, the others connect per call`);

buildFakeDbh({ quiet: true });
const dir = mkdtempSync(join(os.tmpdir(), "ccard-callrate-"));
try {
  const template = retailDb(dir, accounts, BALANCE);
  const scripts = join(dir, "scripts");
  runLua("lua5.3", "bench/lua/call_cost.lua", ["install", scripts, "compiled"]);
  mkdirSync(join(scripts, "spool"), { recursive: true });
  const clis = Array.from({ length: accounts }, (_, i) => retailCli(i + 2));
  // A fresh database per engine and mode: the path or DSN the callers open, and a money reader on it.
  const fresh = async (engine, mode) => {
    if (engine === "sqlite") {
      const db = join(dir, `${mode}.db`);
      copyFileSync(template, db);
      return { db, money: sqliteReader(db) };
    }
    const name = await dbs.fromSqlite(template);
    return { db: dbs.dsn(name), money: pgReader(dbs, name) };
  };
  const loadBefore = loadavg();
  const runs = [];
  for (const engine of engines) {
    for (const mode of values.modes.split(",")) {
      const { db, money } = await fresh(engine, mode);
      const r = await capacityRun(mode, {
        rates, seconds: Number(values.seconds), talkMs: Number(values["talk-ms"]), scripts, db, money, clis,
        keepConnections: engine === "pgsql" ? keepConnections : undefined,
        openingMicros: BALANCE * accounts, progress: (m) => log(`${engine} ${m}`),
      });
      runs.push({ engine, ...r });
    }
  }
  for (const r of runs) {
    console.log(`\n${r.engine} ${r.mode}: capacity ${r.capacity} calls/s (p99 setup ≤ 2 s, ≥ 99 % ok); ${r.money}`);
    console.log("rate/s  offered  ok %    p50 ms  p99 ms  max ms  busy runs  load");
    for (const s of r.steps) {
      console.log(`${String(s.rate).padEnd(7)} ${String(s.offered).padEnd(8)} ${(s.okShare * 100).toFixed(1).padEnd(7)} ${s.p50.toFixed(0).padEnd(7)} ${s.p99.toFixed(0).padEnd(7)} ${s.max.toFixed(0).padEnd(7)} ${String(s.busyRuns).padEnd(10)} ${s.load.toFixed(2)}`);
    }
  }
  console.log("");
  for (const engine of engines) {
    const by = Object.fromEntries(runs.filter((r) => r.engine === engine).map((r) => [r.mode, r.capacity]));
    if (by.bare && by.ccard !== undefined) console.log(`${engine}: ccard / bare capacity: ${(by.ccard / by.bare).toFixed(2)}×`);
  }
  console.log(`load average before ${loadBefore}, after ${loadavg()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (dbs) await dbs.dropAll();
}
