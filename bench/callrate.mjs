// Call capacity on the fake switch, open loop (bench/lib/callrate.mjs): rising call rates until
// p99 setup passes 2 s, for ccard (retail calls through the installed, precompiled scripts) and
// for the same row changes as bare transactions, on a fresh database each, per engine: an SQLite
// file, and a throwaway PostgreSQL database (bench/lib/pg.mjs) copied from the same fixture. The
// callers and the scripts are the same on both; only the DSN they are handed differs. Usage: USAGE.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { retailCli, retailDb } from "./lib/fixtures.mjs";
import { MODES, capacityRatios, capacityRuns, capacityText, pgReader, sqliteReader } from "./lib/callrate.mjs";
import { PG_HOW, PgDatabases, pgServer } from "./lib/pg.mjs";
import { runLua } from "./lib/proc.mjs";
import { writeCapacitySection } from "./lib/results_file.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const USAGE = `Usage: node bench/callrate.mjs [options]   (after npm run build, from the repository root)
  --rates 10,20,30      the call rates offered, calls/s, rising (default 10,20,30,40,60,80,100,120,150,180,220,260,300)
  --seconds 8           how long each rate is offered
  --talk-ms 2000        how long each answered call talks
  --accounts 100        retail accounts (caller IDs) the calls come from
  --modes bare,ccard    what places the calls, the modes taking turns at each rate: ccard; bare, the
                        same row changes as bare transactions; reads, bare plus the reads any prepaid
                        engine makes (product, caller ID's account, rate; the hold at settlement)
  --engines sqlite      sqlite, pgsql or both (default sqlite, plus pgsql when a server is given)
  --pg postgres://USER:PASS@HOST:PORT   the PostgreSQL server (else CCARD_TEST_PG_URL / CCARD_TEST_PG);
                        the password reaches the callers as PGPASSWORD and is never printed
  --repeat 1            run the whole ladder this many times on fresh databases: each run's ratio and
                        their median (on a shared machine one run's ratio moves by a step either way)
  --results PATH        also write the tables as that file's call capacity section
Prints a table per engine and mode (with the caller processes' CPU per call offered), the ratio of
the two capacities per engine, and the load average; exits 1 when ccard's money is not exact.`;
const { values, whole, rising, checked, fail } = benchArgs(USAGE, {
  rates: { type: "string", default: "10,20,30,40,60,80,100,120,150,180,220,260,300" },
  seconds: { type: "string", default: "8" },
  "talk-ms": { type: "string", default: "2000" },
  accounts: { type: "string", default: "100" },
  modes: { type: "string", default: "bare,ccard" },
  engines: { type: "string" },
  pg: { type: "string" },
  repeat: { type: "string", default: "1" },
  results: { type: "string" },
});
const repeat = whole("repeat");
const rates = rising("rates");
const accounts = whole("accounts");
const seconds = whole("seconds");
const talkMs = whole("talk-ms");
const modes = values.modes.split(",");
for (const m of modes) if (!MODES.includes(m)) fail(`--modes takes ${MODES.join(", ")}, got '${m}'`);
const BALANCE = 1e12;
const server = checked(() => pgServer(values.pg));
const engines = (values.engines ?? (server ? "sqlite,pgsql" : "sqlite")).split(",");
for (const e of engines) if (e !== "sqlite" && e !== "pgsql") fail(`--engines takes sqlite and pgsql, got '${e}'`);
if (engines.includes("pgsql") && server === undefined) fail(`--engines pgsql needs a PostgreSQL server: ${PG_HOW}`);

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
// connect per call and for the money check; shared out among the modes.
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
  const spoolDir = join(scripts, "spool"); // settle.lua's (bench/lua/call_worker.lua), emptied before each run
  const clis = Array.from({ length: accounts }, (_, i) => retailCli(i + 2));
  // A fresh database per engine and mode: the path or DSN the callers open, the same as `ccard
  // --db` takes it, and a money reader on it.
  const fresh = async (engine, mode, n) => {
    if (engine === "sqlite") {
      const db = join(dir, `${mode}-${n}.db`);
      copyFileSync(template, db);
      return { mode, db, cliDb: db, money: sqliteReader(db) };
    }
    const name = await dbs.fromSqlite(template);
    return { mode, db: dbs.dsn(name), cliDb: dbs.url(name), money: pgReader(dbs, name) };
  };
  const loadBefore = loadavg();
  const runs = [];
  for (let n = 1; n <= repeat; n++) {
    for (const engine of engines) {
      rmSync(spoolDir, { recursive: true, force: true });
      mkdirSync(spoolDir);
      const modeRuns = [];
      for (const mode of modes) modeRuns.push(await fresh(engine, mode, n));
      const results = await capacityRuns(modeRuns, {
        rates, seconds, talkMs, scripts, spoolDir, clis,
        // The modes' callers are all up at once (they take turns): the kept connections are shared out.
        keepConnections: engine === "pgsql" ? Math.floor(keepConnections / modes.length) : undefined,
        openingMicros: BALANCE * accounts, progress: (m) => log(`${repeat > 1 ? `run ${n} ` : ""}${engine} ${m}`),
      });
      for (const r of results) runs.push({ run: n, engine, ...r });
    }
  }
  const loadAfter = loadavg();
  const md = [];
  const top = rates[rates.length - 1];
  for (const r of runs) {
    const title = `${repeat > 1 ? `run ${r.run}, ` : ""}${r.engine} ${r.mode}`;
    console.log(`\n${title}: capacity ${capacityText(r, top)} calls/s (p99 setup ≤ 2 s, ≥ 99 % ok); ${r.money.text}`);
    console.log("rate/s  offered  ok %    p50 ms  p99 ms  max ms  busy runs  CPU ms/call  load");
    md.push("", `**${title}**: capacity ${capacityText(r, top)} calls/s; ${r.money.text}.`, "",
      "| calls/s | offered | ok % | p50 ms | p99 ms | max ms | FreeSWITCH busy runs | caller CPU ms/call | load |", "|---|---|---|---|---|---|---|---|---|");
    for (const s of r.steps) {
      const cells = [s.rate, s.offered, (s.okShare * 100).toFixed(1), s.p50.toFixed(0), s.p99.toFixed(0), s.max.toFixed(0), s.busyRuns, s.cpuPerCall.toFixed(2), s.load.toFixed(2)];
      console.log(cells.map((c, i) => String(c).padEnd([7, 8, 7, 7, 7, 7, 10, 12, 0][i])).join(" ").trimEnd());
      md.push(`| ${cells.join(" | ")} |`);
    }
  }
  console.log("");
  md.push("");
  for (const line of capacityRatios(runs, { engines, modes, repeat, top })) {
    console.log(line);
    md.push(`- ${line}`);
  }
  console.log(`load average before ${loadBefore}, after ${loadAfter}`);
  if (values.results !== undefined) {
    const args = `--rates ${values.rates} --seconds ${values.seconds} --talk-ms ${values["talk-ms"]} --accounts ${accounts} --modes ${values.modes} --engines ${engines.join(",")} --repeat ${repeat}`;
    writeCapacitySection(values.results, [
      "## Call capacity, open loop", "",
      `Generated by \`node bench/callrate.mjs ${args}\` on ${new Date().toISOString()}, ${os.cpus().length} cores; load average before ${loadBefore}, after ${loadAfter}. ` +
      "How it is measured: docs/benchmarks.md, \"Call capacity, open loop\". The modes take turns at each rate. Caller CPU is the caller processes' user + system time over the step (those started during it included) per call offered.",
      ...md,
    ].join("\n"));
    console.log(`wrote ${values.results}`);
  }
  // The engine's money must be exact at every rate; the bare and reads scripts have no spool to recover from overload.
  const inexact = runs.filter((r) => r.mode === "ccard" && !r.money.exact);
  if (inexact.length > 0) {
    process.exitCode = 1;
    for (const r of inexact) console.error(`callrate: ${r.engine} ccard: ${r.money.text}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (dbs) await dbs.dropAll();
}
