// Section 3: authorise+settle throughput with 1, 2, 4, 8 concurrent lua5.3 processes on one
// SQLite file (WAL, synchronous=FULL), on one shared account and on distinct accounts, against
// bare transactions changing the same rows, measured in the same run (see money_ops.lua).
import { copyFileSync } from "node:fs";
import Database from "better-sqlite3";
import { parseResult, timeConcurrent } from "./proc.mjs";
import { int, times, verdict } from "./format.mjs";

const SCRIPT = "bench/lua/money_ops.lua";

function check(db, total, outs, what) {
  const failed = outs.reduce((n, o) => n + parseResult(o, what).failed, 0);
  const d = new Database(db, { readonly: true });
  const cdrs = d.prepare("SELECT COUNT(*) AS n FROM cdrs").get().n;
  const held = d.prepare("SELECT COALESCE(SUM(held_micros), 0) AS h FROM accounts").get().h;
  const holds = d.prepare("SELECT COUNT(*) AS n FROM holds").get().n;
  d.close();
  if (failed !== 0 || cdrs !== total || held !== 0 || holds !== 0) {
    throw new Error(`${what}: ${failed} failed, ${cdrs} CDRs of ${total}, ${held} µ held, ${holds} holds left`);
  }
}

async function opsPerSecond(template, dir, mode, procs, shared, total) {
  const db = `${dir}/money-${mode}-${procs}-${shared ? "shared" : "distinct"}.db`;
  copyFileSync(template, db);
  const per = total / procs;
  const jobs = [];
  for (let w = 0; w < procs; w++) jobs.push(["lua5.3", [SCRIPT, mode, db, w + 1, shared ? 2 : 2 + w, per]]);
  // A connection held open for the run, as the switch's other handles would be: the processes
  // then never race to create the WAL index of a file nobody has open (a busy error before
  // a connection has set its busy timeout).
  const holder = new Database(db);
  holder.pragma("journal_mode=WAL");
  let timed;
  try {
    timed = await timeConcurrent(jobs);
  } finally {
    holder.close();
  }
  const { ms, stdouts } = timed;
  check(db, total, stdouts, `${mode} × ${procs}`);
  return (total / ms) * 1000;
}

/**
 * Rows for each process count and account sharing; template from fixtures.callDb (accounts 2…9).
 * Engine and bare runs alternate `reps` times and the best of each is kept: other work on the
 * machine only ever slows a run down.
 */
export async function moneyRows(template, dir, { total, reps }) {
  const rows = [];
  for (const shared of [true, false]) {
    for (const procs of [1, 2, 4, 8]) {
      let engine = 0;
      let bare = 0;
      for (let r = 0; r < reps; r++) {
        engine = Math.max(engine, await opsPerSecond(template, dir, "engine", procs, shared, total));
        bare = Math.max(bare, await opsPerSecond(template, dir, "bare", procs, shared, total));
      }
      rows.push({
        bench: `Authorise+settle, ${procs} process${procs > 1 ? "es" : ""}, ${shared ? "one shared account" : "distinct accounts"}`,
        result: `${int(engine)} ops/s; bare transactions ${int(bare)} ops/s: bare/engine ${times(bare / engine)} (${int(total)} ops, best of ${reps})`,
        target: verdict("within 2×", bare / engine <= 2),
      });
    }
  }
  return rows;
}
