// Imports a generated rate deck through the built CLI code and prints rows/s. Usage: USAGE below (--help).
// --scattered writes the prefixes out of order (carriers' decks are usually sorted; this is the
// slower case for the primary-key index).
// The deck has N distinct prefixes with every column filled and some quoted destinations.
// It is imported twice: into a fresh table, then again over it (new version + swap + delete
// of the old rows), the path an operator's weekly deck update takes.
// With --pg the import goes into a throwaway database of that PostgreSQL server
// (bench/lib/pg.mjs), and a bare baseline runs in the same run on another: the same rows as the
// import writes them, by one COPY (bench/lib/copy_rows.mjs), then a second version by one COPY
// and one DELETE of the first, each in one transaction.
import { mkdtempSync, rmSync, createWriteStream, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { createRequire } from "node:module";
import { PgDatabases, pgServer } from "./lib/pg.mjs";
import { copyRows } from "./lib/copy_rows.mjs";

const require = createRequire(import.meta.url);
const { dispatch } = require("../dist/src/cli/framework/dispatch.js");
const { rootCommand } = require("../dist/src/cli/main.js");
const { openStore } = require("../dist/src/cli/store/open.js");

const USAGE = `Usage: node bench/rates-import.mjs [--lines 1000000] [--scattered] [--pg postgres://USER:PASS@HOST:PORT]   (after npm run build)`;
const { values, whole, checked } = benchArgs(USAGE, { lines: { type: "string", default: "1000000" }, scattered: { type: "boolean", default: false }, pg: { type: "string" } });
const lines = whole("lines");
const dbs = values.pg === undefined ? undefined : new PgDatabases(checked(() => pgServer(values.pg)));

/** Line i of the deck: [prefix, destination, rate per minute in micros, route]; the other columns are the same on every line. */
function deckLine(i) {
  // Distinct either way: 7919 is prime, so i -> i * 7919 mod N is a permutation unless 7919 divides N.
  const prefix = String(1000000 + (values.scattered && lines % 7919 !== 0 ? (i * 7919) % lines : i));
  return [prefix, i % 10 === 0 ? `Zone ${i % 977}, mobile` : `Zone ${i % 977}`, i % 1000000, `r${i % 7}`];
}

const dir = mkdtempSync(join(tmpdir(), "ccard-bench-"));
if (dbs !== undefined) await dbs.dropStale();
const dbPath = dbs === undefined ? join(dir, "ccard.db") : dbs.url(await dbs.create());
const deck = join(dir, "deck.csv");

async function writeDeck() {
  const out = createWriteStream(deck);
  let buf = "prefix,destination,rate_per_minute,connect_fee,disconnect_fee,initial_seconds,increment_seconds,grace_seconds,minimum_cost,route\n";
  for (let i = 0; i < lines; i++) {
    const [prefix, destination, rate, route] = deckLine(i);
    const dest = destination.includes(",") ? `"${destination}"` : destination;
    buf += `${prefix},${dest},0.${String(rate).padStart(6, "0")},0.01,0,60,6,3,0.02,${route}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.end(buf);
  await new Promise((r) => out.on("finish", r));
}

function ctx() {
  return { stdout: { write: () => {} }, stderr: { write: (t) => process.stderr.write(t) }, env: { CCARD_DB: dbPath }, interactive: false };
}

async function timedImport(label) {
  const t0 = process.hrtime.bigint();
  const code = await dispatch(rootCommand, ["rates", "import", deck, "--table", "bench", "--create"], ctx());
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`import failed with exit code ${code}`);
  console.log(`${label}: ${lines} rows in ${s.toFixed(2)} s = ${Math.round(lines / s).toLocaleString("en")} rows/s`);
  return s;
}

const RATE_COLUMNS = ["table_id", "version", "prefix", "destination", "rate_per_minute_micros", "connect_fee_micros", "disconnect_fee_micros",
  "initial_seconds", "increment_seconds", "grace_seconds", "minimum_cost_micros", "route"];
/** The rates row the import makes of deck line i, as version `version` of table 1. */
const rateRow = (version) => (i) => {
  const [prefix, destination, rate, route] = deckLine(i);
  return [1, version, prefix, destination, rate, 10000, 0, 60, 6, 3, 20000, route];
};

/** The bare baseline on PostgreSQL: seconds for the first version by COPY, and for a second by COPY and DELETE of the first. */
async function bareCopy() {
  const name = await dbs.create();
  const store = await openStore(dbs.url(name), "create");
  await store.run("INSERT INTO rate_tables (id, name, currency, created_at) VALUES (1, 'bare', 'USD', 0)");
  await store.close();
  return dbs.with(name, async (c) => {
    const timed = async (fn) => {
      const t0 = process.hrtime.bigint();
      await c.query("BEGIN");
      await fn();
      await c.query("COMMIT");
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const first = await timed(() => copyRows(c, "rates", RATE_COLUMNS, lines, rateRow(1)));
    const second = await timed(async () => {
      await copyRows(c, "rates", RATE_COLUMNS, lines, rateRow(2));
      await c.query("DELETE FROM rates WHERE table_id = 1 AND version = 1");
    });
    return { first, second };
  });
}

try {
  const g0 = process.hrtime.bigint();
  await writeDeck();
  console.log(`generated ${lines} lines (${(statSync(deck).size / 1e6).toFixed(1)} MB) in ${(Number(process.hrtime.bigint() - g0) / 1e9).toFixed(2)} s`);
  if ((await dispatch(rootCommand, ["init"], ctx())) !== 0) throw new Error("init failed");
  const first = await timedImport("first import (new table)");
  const again = await timedImport("re-import (new version, swap, old rows deleted)");
  if (dbs !== undefined) {
    const bare = await bareCopy();
    console.log(`bare COPY of the same rows: ${bare.first.toFixed(2)} s; of a second version with DELETE of the first: ${bare.second.toFixed(2)} s`);
    console.log(`ratio first import / bare: ${(first / bare.first).toFixed(2)}x; re-import / bare: ${(again / bare.second).toFixed(2)}x`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (dbs !== undefined) await dbs.dropAll();
}
