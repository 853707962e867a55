// Where a retail call's CPU goes, ccard against the bare transactions of the capacity benchmark
// (bench/callrate.mjs), in one process per mode (bench/lua/call_profile.lua) on the same SQLite
// fixture: the Dbh queries by kind of statement, the bytecode the loaders load, the bundles'
// module definitions, and the rest (the engine's Lua and the fake switch). The modes take turns;
// each mode's median run is shown. Usage: USAGE.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { retailCli, retailDb } from "./lib/fixtures.mjs";
import { runLua } from "./lib/proc.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const USAGE = `Usage: node bench/callprofile.mjs [options]   (after npm run build, from the repository root)
  --calls 300           retail calls per run, one after another in one process
  --runs 3              runs per mode (the modes take turns); the median run of each is shown
Prints, per mode, the CPU time per call of each kind of statement (and how many a call runs),
of loading bytecode, of defining the modules, and of the rest; the ccard / bare ratio of each
part; and the load average.`;
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
  const results = { bare: [], ccard: [] };
  for (let n = 1; n <= runs; n++) {
    for (const mode of ["bare", "ccard"]) {
      const db = join(dir, `${mode}-${n}.db`);
      copyFileSync(template, db);
      results[mode].push(runLua("lua5.3", "bench/lua/call_profile.lua", [mode, scripts, db, calls, clis]));
      process.stderr.write(`callprofile: run ${n} ${mode}: ${results[mode].at(-1).call_us.toFixed(0)} µs a call\n`);
    }
  }
  const median = (list) => [...list].sort((a, b) => a.call_us - b.call_us)[(list.length - 1) >> 1];
  const bare = median(results.bare);
  const ccard = median(results.ccard);
  const part = (r, kind) => r.statements.find((s) => s.kind === kind);
  const kinds = [...new Set([...ccard.statements, ...bare.statements].map((s) => s.kind))];
  const rows = kinds.map((k) => [k, part(bare, k), part(ccard, k)])
    .sort((a, b) => (b[2]?.us ?? 0) - (a[2]?.us ?? 0))
    .map(([k, b, c]) => [k, b ? `${b.per_call.toFixed(2)} × ${b.us.toFixed(0)}` : "—", c ? `${c.per_call.toFixed(2)} × ${c.us.toFixed(0)}` : "—"]);
  const rest = (r) => r.call_us - r.query_us - r.load_us - r.define_us;
  const ratio = (b, c) => (b > 0 ? `${(c / b).toFixed(2)}×` : "");
  const sums = [
    ["all queries", bare.query_us, ccard.query_us],
    ["loading bytecode", bare.load_us, ccard.load_us],
    ["defining modules", bare.define_us, ccard.define_us],
    ["the rest (Lua, the fake switch)", rest(bare), rest(ccard)],
    ["whole call", bare.call_us, ccard.call_us],
  ].map(([k, b, c]) => [k, b.toFixed(0), c.toFixed(0), ratio(b, c)]);
  const width = [34, 16, 16, 0];
  const line = (cells) => console.log(cells.map((c, i) => String(c).padEnd(width[i])).join(" ").trimEnd());
  console.log(`\nCPU µs per call, ${calls} calls a run, median of ${runs} runs (statements: count a call × µs a call)`);
  line(["statement", "bare", "ccard"]);
  for (const r of rows) line(r);
  console.log("");
  line(["", "bare µs", "ccard µs", "ccard / bare"]);
  for (const r of sums) line(r);
  console.log(`load average before ${loadBefore}, after ${loadavg()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
