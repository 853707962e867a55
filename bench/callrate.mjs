// Call capacity on the fake switch, open loop (bench/lib/callrate.mjs): rising call rates until
// p99 setup passes 2 s, for ccard (retail calls through the installed, precompiled scripts) and
// for the same row changes as bare transactions, on one SQLite file each.
//   node bench/callrate.mjs [--rates 10,20,30] [--seconds 8] [--talk-ms 2000] [--accounts 100]
// Prints a table per engine, the load average, and the ratio of the two capacities.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { retailCli, retailDb } from "./lib/fixtures.mjs";
import { capacityRun } from "./lib/callrate.mjs";
import { runLua } from "./lib/proc.mjs";
import { buildFakeDbh } from "../scripts/build-fake-dbh.mjs";

const { values } = parseArgs({
  options: {
    rates: { type: "string", default: "10,20,30,40,60,80,100,120,150,180,220,260,300" },
    seconds: { type: "string", default: "8" },
    "talk-ms": { type: "string", default: "2000" },
    accounts: { type: "string", default: "100" },
    modes: { type: "string", default: "bare,ccard" },
  },
});
const rates = values.rates.split(",").map(Number);
const accounts = Number(values.accounts);
const BALANCE = 1e12;

buildFakeDbh({ quiet: true });
const dir = mkdtempSync(join(os.tmpdir(), "ccard-callrate-"));
const log = (m) => process.stderr.write(`callrate: ${m}\n`);
try {
  const template = retailDb(dir, accounts, BALANCE);
  const scripts = join(dir, "scripts");
  runLua("lua5.3", "bench/lua/call_cost.lua", ["install", scripts, "compiled"]);
  mkdirSync(join(scripts, "spool"), { recursive: true });
  const clis = Array.from({ length: accounts }, (_, i) => retailCli(i + 2));
  const loadBefore = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  const runs = [];
  for (const mode of values.modes.split(",")) {
    const db = join(dir, `${mode}.db`);
    copyFileSync(template, db);
    runs.push(await capacityRun(mode, {
      rates, seconds: Number(values.seconds), talkMs: Number(values["talk-ms"]), scripts, db, clis,
      openingMicros: BALANCE * accounts, progress: log,
    }));
  }
  for (const r of runs) {
    console.log(`\n${r.mode}: capacity ${r.capacity} calls/s (p99 setup ≤ 2 s, ≥ 99 % ok); ${r.money}`);
    console.log("rate/s  offered  ok %    p50 ms  p99 ms  max ms  busy runs  load");
    for (const s of r.steps) {
      console.log(`${String(s.rate).padEnd(7)} ${String(s.offered).padEnd(8)} ${(s.okShare * 100).toFixed(1).padEnd(7)} ${s.p50.toFixed(0).padEnd(7)} ${s.p99.toFixed(0).padEnd(7)} ${s.max.toFixed(0).padEnd(7)} ${String(s.busyRuns).padEnd(10)} ${s.load.toFixed(2)}`);
    }
  }
  const by = Object.fromEntries(runs.map((r) => [r.mode, r.capacity]));
  if (by.bare && by.ccard !== undefined) console.log(`\nccard / bare capacity: ${(by.ccard / by.bare).toFixed(2)}×`);
  console.log(`load average before ${loadBefore}, after ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
