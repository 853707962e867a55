// Where a retail call's CPU goes, ccard against the bare transactions of the capacity benchmark
// (bench/callrate.mjs) and against bare plus the reads any prepaid engine makes (its `reads`
// mode), in one process per mode (bench/lua/call_profile.lua) on the same SQLite
// fixture: the Dbh queries by kind of statement, the bytecode the loaders load, the bundles'
// module definitions, and the rest (the engine's Lua and the fake switch). The modes take turns;
// each mode's median run is shown. Usage: USAGE.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { retailCli, retailDb } from "./lib/fixtures.mjs";
import { MODES } from "./lib/callrate.mjs";
import { runLua } from "./lib/proc.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const USAGE = `Usage: node bench/callprofile.mjs [options]   (after npm run build, from the repository root)
  --calls 300           retail calls per run, one after another in one process
  --runs 3              runs per mode (the modes take turns); the median run of each is shown
Prints, per mode, the CPU time per call of each kind of statement (and how many a call runs),
of loading bytecode, of defining the modules, and of the rest, for bare, reads and ccard (the
modes of bench/callrate.mjs); the reads / bare and ccard / bare ratio of each part; and the load
average.`;
const { whole } = benchArgs(USAGE, { calls: { type: "string", default: "300" }, runs: { type: "string", default: "3" } });
const calls = whole("calls");
const runs = whole("runs");
const ACCOUNTS = 100;
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

buildFakeDbh({ quiet: true });
const dir = mkdtempSync(join(os.tmpdir(), "ccard-callprofile-"));
try {
  const template = retailDb(dir, ACCOUNTS, 1e12);
  const scripts = join(dir, "scripts");
  runLua("lua5.3", "bench/lua/call_cost.lua", ["install", scripts, "compiled"]);
  mkdirSync(join(scripts, "spool"));
  const clis = Array.from({ length: ACCOUNTS }, (_, i) => retailCli(i + 2)).join(",");
  const loadBefore = loadavg();
  const results = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let n = 1; n <= runs; n++) {
    for (const mode of MODES) {
      const db = join(dir, `${mode}-${n}.db`);
      copyFileSync(template, db);
      results[mode].push(runLua("lua5.3", "bench/lua/call_profile.lua", [mode, scripts, db, calls, clis]));
      process.stderr.write(`callprofile: run ${n} ${mode}: ${results[mode].at(-1).call_us.toFixed(0)} µs a call\n`);
    }
  }
  const median = (list) => [...list].sort((a, b) => a.call_us - b.call_us)[(list.length - 1) >> 1];
  const runOf = Object.fromEntries(MODES.map((m) => [m, median(results[m])]));
  const part = (r, kind) => r.statements.find((s) => s.kind === kind);
  const kinds = [...new Set(MODES.flatMap((m) => runOf[m].statements.map((s) => s.kind)))];
  const rows = kinds.map((k) => [k, ...MODES.map((m) => part(runOf[m], k))])
    .sort((a, b) => (b[3]?.us ?? 0) - (a[3]?.us ?? 0) || (b[2]?.us ?? 0) - (a[2]?.us ?? 0))
    .map(([k, ...parts]) => [k, ...parts.map((p) => (p ? `${p.per_call.toFixed(2)} × ${p.us.toFixed(0)}` : "—"))]);
  const rest = (r) => r.call_us - r.query_us - r.load_us - r.define_us;
  const ratio = (b, c) => (b > 0 ? `${(c / b).toFixed(2)}×` : "");
  const sums = [
    ["all queries", (r) => r.query_us],
    ["loading bytecode", (r) => r.load_us],
    ["defining modules", (r) => r.define_us],
    ["the rest (Lua, the fake switch)", rest],
    ["whole call", (r) => r.call_us],
  ].map(([k, f]) => {
    const [bare, reads, ccard] = MODES.map((m) => f(runOf[m]));
    return [k, bare.toFixed(0), reads.toFixed(0), ccard.toFixed(0), ratio(bare, reads), ratio(bare, ccard)];
  });
  const width = [34, 16, 16, 16, 14, 0];
  const line = (cells) => console.log(cells.map((c, i) => String(c).padEnd(width[i])).join(" ").trimEnd());
  console.log(`\nCPU µs per call, ${calls} calls a run, median of ${runs} runs (statements: count a call × µs a call)`);
  line(["statement", ...MODES]);
  for (const r of rows) line(r);
  console.log("");
  line(["", "bare µs", "reads µs", "ccard µs", "reads / bare", "ccard / bare"]);
  for (const r of sums) line(r);
  console.log(`load average before ${loadBefore}, after ${loadavg()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
