// Section 3: authorise+settle throughput with 1, 2, 4, 8 concurrent lua5.3 processes on one
// database, on one shared account and on distinct accounts, against bare transactions changing
// the same rows, measured in the same run (see money_ops.lua). The database is an SQLite file
// (WAL, synchronous=FULL: sqliteMoneyDb) or a PostgreSQL database on a server (pgMoneyDb); the
// Lua side is the same, handed a file path or a pgsql:// DSN.
import { copyFileSync } from "node:fs";
import Database from "better-sqlite3";
import { parseResult, timeConcurrent } from "./proc.mjs";
import { int, times, verdict } from "./format.mjs";

const SCRIPT = "bench/lua/money_ops.lua";
const COUNTS = "SELECT (SELECT COUNT(*) FROM cdrs) AS cdrs, (SELECT COALESCE(SUM(held_micros), 0) FROM accounts) AS held, (SELECT COUNT(*) FROM holds) AS holds";

/**
 * Fresh copies of an SQLite template (fixtures.callDb) in dir: fresh(name) → { db (the path the
 * Lua side opens), hold(fn), counts(), done() }.
 */
export function sqliteMoneyDb(template, dir) {
  return {
    async fresh(name) {
      const db = `${dir}/money-${name}.db`;
      copyFileSync(template, db);
      return {
        db,
        // A connection held open for the run, as the switch's other handles would be: the processes
        // then never race to create the WAL index of a file nobody has open (a busy error before
        // a connection has set its busy timeout).
        async hold(fn) {
          const holder = new Database(db);
          holder.pragma("journal_mode=WAL");
          try {
            return await fn();
          } finally {
            holder.close();
          }
        },
        async counts() {
          const d = new Database(db, { readonly: true });
          try {
            return d.prepare(COUNTS).get();
          } finally {
            d.close();
          }
        },
        async done() {},
      };
    },
  };
}

/** Fresh copies (CREATE DATABASE … TEMPLATE) of a PostgreSQL database holding the same fixture; dbs: a PgDatabases. */
export function pgMoneyDb(dbs, template) {
  return {
    async fresh() {
      const name = await dbs.create(template);
      return {
        db: dbs.dsn(name),
        hold: (fn) => fn(),
        counts: () => dbs.with(name, async (c) => {
          const r = (await c.query(COUNTS)).rows[0];
          return { cdrs: Number(r.cdrs), held: Number(r.held), holds: Number(r.holds) };
        }),
        done: () => dbs.drop(name),
      };
    },
  };
}

async function check(copy, total, outs, what) {
  const failed = outs.reduce((n, o) => n + parseResult(o, what).failed, 0);
  const { cdrs, held, holds } = await copy.counts();
  if (failed !== 0 || cdrs !== total || held !== 0 || holds !== 0) {
    throw new Error(`${what}: ${failed} failed, ${cdrs} CDRs of ${total}, ${held} µ held, ${holds} holds left`);
  }
}

async function opsPerSecond(source, mode, procs, shared, total) {
  const copy = await source.fresh(`${mode}-${procs}-${shared ? "shared" : "distinct"}`);
  try {
    const per = total / procs;
    const jobs = [];
    for (let w = 0; w < procs; w++) jobs.push(["lua5.3", [SCRIPT, mode, copy.db, w + 1, shared ? 2 : 2 + w, per]]);
    const { ms, stdouts } = await copy.hold(() => timeConcurrent(jobs));
    await check(copy, total, stdouts, `${mode} × ${procs}`);
    return (total / ms) * 1000;
  } finally {
    await copy.done();
  }
}

/**
 * Rows for each process count and account sharing; source from sqliteMoneyDb or pgMoneyDb (a
 * fixtures.callDb database: accounts 2…9). Engine and bare runs alternate `reps` times and the
 * best of each is kept: other work on the machine only ever slows a run down. engine: "" for
 * SQLite's rows, ", PostgreSQL" for PostgreSQL's, put after the row's name.
 */
export async function moneyRows(source, { total, reps }, engine = "") {
  const rows = [];
  for (const shared of [true, false]) {
    for (const procs of [1, 2, 4, 8]) {
      let ccard = 0;
      let bare = 0;
      for (let r = 0; r < reps; r++) {
        ccard = Math.max(ccard, await opsPerSecond(source, "engine", procs, shared, total));
        bare = Math.max(bare, await opsPerSecond(source, "bare", procs, shared, total));
      }
      rows.push({
        bench: `Authorise+settle${engine}, ${procs} process${procs > 1 ? "es" : ""}, ${shared ? "one shared account" : "distinct accounts"}`,
        result: `${int(ccard)} ops/s; bare transactions ${int(bare)} ops/s: bare/engine ${times(bare / ccard)} (${int(total)} ops, best of ${reps})`,
        target: verdict("within 2×", bare / ccard <= 2),
      });
    }
  }
  return rows;
}
