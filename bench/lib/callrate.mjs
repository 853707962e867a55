// Call capacity, open loop: calls arrive at a fixed rate, as callers do, whatever the engine
// is doing (a closed loop of N workers would slow its offers down as the engine slows, and hide
// the queue). Each call is handed at its arrival time to an idle caller process
// (bench/lua/call_worker.lua: a retail call through the installed scripts on the fake switch,
// or the same row changes as bare transactions), and its setup time is from arrival to bridge.
// The rate rises step by step until p99 setup passes 2 s or fewer than 99 % of calls succeed;
// the capacity is the last rate that held both. Every run is checked for money afterwards, on
// SQLite (better-sqlite3) or PostgreSQL (node-postgres) alike: see sqliteReader and pgReader.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import os from "node:os";
import Database from "better-sqlite3";
import { quantile } from "./proc.mjs";

export const P99_LIMIT_MS = 2000;
/** What places the calls (bench/lua/harness.lua mode): bare, bare plus the reads any engine makes, ccard. */
export const MODES = ["bare", "reads", "ccard"];
export const OK_LIMIT = 0.99;

/** Starts a caller process; resolves once it says READY. */
function startWorker(mode, scripts, db, talkMs, index, keep) {
  const tag = (0x10000000 + index).toString(16);
  const child = spawn("lua5.3", ["bench/lua/call_worker.lua", mode, scripts, db, String(talkMs), tag, keep ? "1" : "0"], { stdio: ["pipe", "pipe", "pipe"] });
  const worker = { child, busy: false, onDone: undefined, errors: "" };
  child.stderr.on("data", (d) => (worker.errors = (worker.errors + d).slice(-2000)));
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (worker.onDone !== undefined) worker.onDone({ ok: false, setupMs: -1, busy: 0, bridged: false });
      if (code !== 0 && code !== null) reject(new Error(`call worker exited ${code}: ${worker.errors}`));
    });
    lines.on("line", (line) => {
      if (line === "READY") return resolve(worker);
      const m = /^DONE (\d+) (-?[\d.]+) (OK|FAIL) (\d+) (BRIDGED|-)$/.exec(line);
      if (m === null || worker.onDone === undefined) return;
      const done = worker.onDone;
      worker.onDone = undefined;
      worker.busy = false;
      done({ ok: m[3] === "OK", setupMs: Number(m[2]), busy: Number(m[4]), bridged: m[5] === "BRIDGED" });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Clock ticks per second of /proc/PID/stat's CPU times (Linux).
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU ms (user + system) a caller process has used so far; 0 once it is gone. */
function cpuMs(worker) {
  try {
    const fields = readFileSync(`/proc/${worker.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime, stime
  } catch {
    return 0;
  }
}

/** Offers `rate` calls a second for `seconds`; resolves to the step's figures once every call ended. */
async function step(pool, grow, rate, seconds, clis) {
  const total = Math.round(rate * seconds);
  const start = Date.now() + 50;
  const cpuBefore = new Map(pool.map((w) => [w, cpuMs(w)]));
  const results = [];
  const waiting = [];
  let next = 0;
  const dispatch = (call) => {
    let w = pool.find((x) => !x.busy);
    if (w === undefined) return false;
    w.busy = true;
    w.onDone = (r) => {
      results.push(r);
      const queued = waiting.shift();
      if (queued !== undefined) dispatch(queued);
    };
    w.child.stdin.write(`${call.id} ${call.arrival} ${call.cli}\n`);
    return true;
  };
  while (next < total) {
    const arrival = start + (next * 1000) / rate;
    const wait = arrival - Date.now();
    if (wait > 1) await sleep(wait);
    const call = { id: next, arrival, cli: clis[next % clis.length] };
    // No idle caller: the call waits for one (its setup time counts the wait), and the pool grows.
    if (!dispatch(call)) {
      waiting.push(call);
      void grow();
    }
    next++;
  }
  while (results.length < total) await sleep(20);
  const cpu = pool.reduce((sum, w) => sum + cpuMs(w) - (cpuBefore.get(w) ?? 0), 0);
  const setups = results.filter((r) => r.ok).map((r) => r.setupMs);
  const ok = setups.length;
  return {
    rate, offered: total, ok, okShare: ok / total,
    p50: ok > 0 ? quantile(setups, 0.5) : Infinity, p99: ok > 0 ? quantile(setups, 0.99) : Infinity,
    max: ok > 0 ? Math.max(...setups) : Infinity, busyRuns: results.reduce((s, r) => s + r.busy, 0),
    bridged: results.filter((r) => r.bridged).length, cpuPerCall: cpu / total,
  };
}

/**
 * A money reader on an SQLite file: reader(fn) calls fn(get) with get(sql) → the first row, and
 * closes the file after.
 */
export function sqliteReader(path) {
  return async (fn) => {
    const d = new Database(path, { readonly: true });
    try {
      return await fn(async (sql) => d.prepare(sql).get());
    } finally {
      d.close();
    }
  };
}

/** The same on a PostgreSQL database of a PgDatabases (bench/lib/pg.mjs): COUNT and SUM come back as text, made numbers here. */
export function pgReader(dbs, name) {
  return (fn) => dbs.with(name, (c) => fn(async (sql) => {
    const row = (await c.query(sql)).rows[0];
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : Number(v)]));
  }));
}

/**
 * Money after a run: one CDR per bridged call, debits and ledger agree, nothing held.
 * Returns { exact, text }.
 */
async function checkMoney(reader, openingMicros, answered) {
  return reader(async (get) => {
    const cdr = await get("SELECT COUNT(*) AS n, COALESCE(SUM(cost_micros), 0) AS cost FROM cdrs");
    const acc = await get("SELECT SUM(balance_micros) AS balance, SUM(held_micros) AS held FROM accounts WHERE kind = 'master'");
    const ledger = (await get("SELECT COALESCE(SUM(amount_micros), 0) AS s FROM ledger WHERE reason = 'call'")).s;
    const holds = (await get("SELECT COUNT(*) AS n FROM holds")).n;
    const problems = [];
    if (cdr.n !== answered) problems.push(`${cdr.n} CDRs for ${answered} bridged calls`);
    if (openingMicros - acc.balance !== cdr.cost) problems.push(`debited ${openingMicros - acc.balance}, CDRs cost ${cdr.cost}`);
    if (-ledger !== cdr.cost) problems.push(`ledger ${ledger}, CDRs cost ${cdr.cost}`);
    if (holds !== 0 || acc.held !== 0) problems.push(`${holds} holds left, ${acc.held} held`);
    if (problems.length > 0) return { exact: false, text: `money NOT exact: ${problems.join("; ")}` };
    return { exact: true, text: `${cdr.n} CDRs = bridged calls, sum = debit = ledger, nothing held` };
  });
}

/** Rising rates for one mode (bare, reads or ccard) on its own database, one step at a time. */
class Ladder {
  constructor(mode, run, opts) {
    Object.assign(this, { mode, run, opts, pool: [], steps: [], answered: 0, climbing: true });
    this.growing = Promise.resolve();
  }

  grow(n = 4) {
    const { opts, pool } = this;
    this.growing = this.growing.then(async () => {
      for (let i = 0; i < n; i++) pool.push(await startWorker(this.mode, opts.scripts, this.run.db, opts.talkMs, pool.length, pool.length < (opts.keepConnections ?? Infinity)));
    });
    return this.growing;
  }

  /** Offers one rate; the ladder stops climbing once p99 passes the limit or too few calls succeed. */
  async step(rate) {
    const { opts, pool } = this;
    const needed = Math.ceil(rate * (opts.talkMs / 1000 + 0.5)) + 4;
    await this.grow(Math.max(0, needed - pool.length));
    const s = await step(pool, () => this.grow(), rate, opts.seconds, opts.clis);
    s.load = os.loadavg()[0];
    this.steps.push(s);
    this.answered += s.bridged;
    opts.progress?.(`${this.mode} ${rate}/s: ok ${(s.okShare * 100).toFixed(1)} %, p99 ${s.p99.toFixed(0)} ms, busy runs ${s.busyRuns}`);
    if (s.p99 > P99_LIMIT_MS || s.okShare < OK_LIMIT) this.climbing = false;
  }

  async stopWorkers() {
    await this.growing;
    for (const w of this.pool) if (!w.child.stdin.writableEnded) w.child.stdin.end();
    await Promise.all(this.pool.map((w) => new Promise((r) => (w.child.exitCode !== null ? r() : w.child.on("exit", r)))));
  }

  /** { mode, steps, capacity, money } once the callers are gone. */
  async result() {
    const { opts, run, mode } = this;
    const held = this.steps.filter((s) => s.p99 <= P99_LIMIT_MS && s.okShare >= OK_LIMIT);
    let reaped = "";
    if (mode === "ccard") {
      const out = execFileSync("node", ["bin/ccard", "holds", "reap", "--db", run.cliDb, "--spool-dir", opts.spoolDir, "--quiet"], { encoding: "utf8" }).trim();
      if (out !== "") reaped = ` (after \`ccard holds reap\`: ${out.replace(/\s+/g, " ")})`;
    }
    const money = await checkMoney(run.money, opts.openingMicros, this.answered);
    if (mode !== "ccard" && !money.exact) reaped = " (the bare scripts have no spool or reaper)";
    return { mode, steps: this.steps, capacity: held.length > 0 ? held[held.length - 1].rate : 0, money: { ...money, text: money.text + reaped } };
  }
}

/** A pause between two steps, for the last step's hooks, commits and checkpoints to finish. */
const PAUSE_MS = 3000;

/**
 * Rising rates for one engine, the modes taking turns at each rate (bare 100, ccard 100, bare
 * 130, …), so both meet the same machine: on a shared machine the load others put on it drifts
 * over minutes, which a run of one mode's whole ladder and then the other's would read as a
 * difference between the modes. A mode stops at its first failed step; the other climbs on.
 * runs: [{ mode, db, cliDb, money }]: per mode, a fresh database as the callers open it (an SQLite
 * file's path or a pgsql:// DSN), the same as `ccard --db` takes it, and a money reader on it
 * (sqliteReader or pgReader). opts: rates (calls/s), seconds per step, talkMs, scripts (the
 * installed scripts folder), clis (caller IDs), openingMicros (the accounts' total balance),
 * keepConnections (how many callers keep their pooled connection between calls; the rest hold
 * none while idle or talking: a PostgreSQL server's max_connections; default all), spoolDir:
 * before the money is checked after a ccard run, `ccard holds reap` settles what overloaded
 * settlements spooled, as its cron job would. The bare scripts have no spool: their failed
 * settlements leave holds, reported as such. Resolves to [{ mode, steps, capacity, money }].
 */
export async function capacityRuns(runs, opts) {
  const ladders = runs.map((r) => new Ladder(r.mode, r, opts));
  try {
    for (const rate of opts.rates) {
      for (const l of ladders) {
        if (!l.climbing) continue;
        await l.step(rate);
        if (!l.climbing) await l.stopWorkers(); // an overloaded step grew its pool: free the machine for the other
        await sleep(PAUSE_MS);
      }
      if (!ladders.some((l) => l.climbing)) break;
    }
  } finally {
    for (const l of ladders) await l.stopWorkers();
  }
  const results = [];
  for (const l of ladders) results.push(await l.result());
  return results;
}

/** A run's capacity as text: "≥ N" when it held the grid's top rate, `top` (its limit lies past the grid). */
export function capacityText(run, top) {
  return `${run.capacity >= top ? "≥ " : ""}${run.capacity}`;
}

/**
 * Each mode's capacity against bare's, per engine: one line with every run's ratio and, over
 * several runs, their median. A ratio with bare past the grid's top rate is at most that ("≤"),
 * with the mode past it and bare not at least that ("≥"). runs: [{ run, engine, mode, capacity }].
 */
export function capacityRatios(runs, { engines, modes, repeat, top }) {
  const lines = [];
  for (const engine of engines) {
    for (const mode of modes.filter((m) => m !== "bare")) {
      const ratios = [];
      for (let n = 1; n <= repeat; n++) {
        const of = (m) => runs.find((r) => r.engine === engine && r.run === n && r.mode === m);
        const [bare, other] = [of("bare"), of(mode)];
        if (bare === undefined || other === undefined || bare.capacity === 0) continue;
        const bound = bare.capacity >= top ? (other.capacity >= top ? "" : "≤ ") : other.capacity >= top ? "≥ " : "";
        const ratio = other.capacity / bare.capacity;
        ratios.push({ text: `${capacityText(other, top)} / ${capacityText(bare, top)} = ${bound}${ratio.toFixed(2)}×`, ratio, bound });
      }
      if (ratios.length === 0) continue;
      const each = ratios.map((x) => x.text).join(", ");
      if (ratios.length === 1) {
        lines.push(`${engine}: ${mode} / bare capacity: ${each}`);
        continue;
      }
      const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
      const mid = sorted.length % 2 === 1 ? [sorted[(sorted.length - 1) / 2]] : [sorted[sorted.length / 2 - 1], sorted[sorted.length / 2]];
      const bound = mid.find((x) => x.bound !== "")?.bound ?? "";
      const median = mid.reduce((sum, x) => sum + x.ratio, 0) / mid.length;
      lines.push(`${engine}: ${mode} / bare capacity, run by run: ${each}; median ${bound}${median.toFixed(2)}×`);
    }
  }
  return lines;
}
