// Card generation throughput: `ccard cards generate` (built code, into a temp database) against a
// bare baseline of the same rows into the same tables, measured in the same run: on SQLite a
// batched INSERT with the same connection pragmas; with --pg, on a throwaway database of that
// PostgreSQL server (bench/lib/pg.mjs), one COPY per table (bench/lib/copy_rows.mjs).
// Usage: USAGE below (--help).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { createRequire } from "node:module";
import { PgDatabases, pgServer } from "./lib/pg.mjs";
import { copyRows } from "./lib/copy_rows.mjs";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");
const { openStore } = require("../dist/src/cli/store/open.js");
const { CONNECTION_PRAGMAS } = require("../dist/src/cli/store/sqlite.js");
const { issueBatch, serialText } = require("../dist/src/cli/commands/cards/issue.js");
const { dispatch } = require("../dist/src/cli/framework/dispatch.js");
const { rootCommand } = require("../dist/src/cli/main.js");

const USAGE = `Usage: node bench/cards.mjs [--count 1000000] [--pg postgres://USER:PASS@HOST:PORT]   (after npm run build)`;
const { values, whole, checked } = benchArgs(USAGE, { count: { type: "string", default: "1000000" }, pg: { type: "string" } });
const COUNT = whole("count");
const server = values.pg === undefined ? undefined : checked(() => pgServer(values.pg));
const VALUE = 10000000;
const dir = mkdtempSync(join(tmpdir(), "ccard-bench-"));
const dbs = server === undefined ? undefined : new PgDatabases(server);
if (dbs !== undefined) await dbs.dropStale();

/** A new database (an SQLite file in dir, or a PostgreSQL database): where the CLI and the store find it. */
async function newDb(name) {
  return dbs === undefined ? join(dir, name) : dbs.url(await dbs.create());
}

/** A new database with the schema (made through the store), a rate table and a product; returns [where, store]. */
async function freshDb(name) {
  const where = await newDb(name);
  const store = await openStore(where, "create");
  await store.run("INSERT INTO rate_tables (name, currency, created_at) VALUES ('std', 'USD', 0)");
  await store.run("INSERT INTO products (name, rate_table_id, created_at) VALUES ('bench', 1, 0)");
  return [where, store];
}

async function seconds(fn) {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return { r, s: Number(process.hrtime.bigint() - t0) / 1e9 };
}

try {
  // 1. The command end to end (options, transaction, CSV to a file), as an operator runs it.
  const [commandDb, commandStore] = await freshDb("command.db");
  await commandStore.close();
  const io = { stdout: { write: () => {} }, stderr: { write: (t) => process.stderr.write(t) }, env: { CCARD_DB: commandDb }, interactive: false };
  const argv = ["cards", "generate", "--product", "bench", "--count", String(COUNT), "--value", "10", "--out", join(dir, "cards.csv")];
  const t0 = process.hrtime.bigint();
  const code = await dispatch(rootCommand, argv, io);
  const cmdS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`cards generate exited ${code}`);

  // 2. issueBatch alone (the database work of the command, through the store).
  const [, genDb] = await freshDb("issue.db");
  const now = Math.floor(Date.now() / 1000);
  const gen = await seconds(() => issueBatch(genDb, { productId: 1, currency: "USD", count: COUNT, valueMicros: VALUE, pinLength: 12, expiresAt: null, now }));
  await genDb.close();

  const pins = gen.r.pins;
  const batchRow = [1, COUNT, VALUE, serialText(1), serialText(COUNT), now];
  const BATCH_COLUMNS = "product_id, card_count, value_micros, first_serial, last_serial, created_at";
  const ACCOUNT_COLUMNS = ["id", "product_id", "kind", "currency", "balance_micros", "created_at"];
  const CARD_COLUMNS = ["serial", "pin", "account_id", "batch_id", "product_id", "state", "created_at", "expires_at"];
  const LEDGER_COLUMNS = ["account_id", "reason", "amount_micros", "balance_before_micros", "balance_after_micros", "ref", "created_at"];
  const accountRow = (i) => [i + 1, 1, "card", "USD", VALUE, now];
  const cardRow = (i) => [serialText(i + 1), pins[i], i + 1, 1, 1, "new", now, null];
  const ledgerRow = (i) => [i + 1, "issue", VALUE, 0, VALUE, "1", now];

  // 3. Bare batched INSERT of the same rows on better-sqlite3 itself: no store, no random numbers, no conflict handling.
  async function bareSqlite() {
    const [where, store] = await freshDb("bare.db");
    await store.close();
    const bareDb = new Database(where);
    for (const p of CONNECTION_PRAGMAS) bareDb.pragma(p);
    const CHUNK = 100;
    const sql = (table, cols, rows) => `INSERT INTO ${table} (${cols.join(", ")}) VALUES ${new Array(rows).fill(`(${new Array(cols.length).fill("?").join(",")})`).join(",")}`;
    const stmts = (rows) => [
      bareDb.prepare(sql("accounts", ACCOUNT_COLUMNS, rows)),
      bareDb.prepare(sql("cards", CARD_COLUMNS, rows)),
      bareDb.prepare(sql("ledger", LEDGER_COLUMNS, rows)),
    ];
    const timed = await seconds(() =>
      bareDb.transaction(() => {
        bareDb.prepare(`INSERT INTO batches (${BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(...batchRow);
        const full = stmts(CHUNK);
        for (let start = 0; start < COUNT; start += CHUNK) {
          const n = Math.min(CHUNK, COUNT - start);
          const [a, c, l] = n === CHUNK ? full : stmts(n);
          const av = [], cv = [], lv = [];
          for (let i = start; i < start + n; i++) {
            av.push(...accountRow(i));
            cv.push(...cardRow(i));
            lv.push(...ledgerRow(i));
          }
          a.run(av);
          c.run(cv);
          l.run(lv);
        }
      }).immediate(),
    );
    bareDb.close();
    return timed;
  }

  // 3. Bare COPY of the same rows on node-postgres itself, one transaction, one COPY per table: no store, no chunks, no conflict handling.
  async function barePg() {
    const [where, store] = await freshDb("bare");
    await store.close();
    return dbs.with(new URL(where).pathname.slice(1), (c) =>
      seconds(async () => {
        await c.query("BEGIN");
        await c.query(`INSERT INTO batches (${BATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, batchRow);
        await copyRows(c, "accounts", ACCOUNT_COLUMNS, COUNT, accountRow);
        await copyRows(c, "cards", CARD_COLUMNS, COUNT, cardRow);
        await copyRows(c, "ledger", LEDGER_COLUMNS, COUNT, ledgerRow);
        await c.query("COMMIT");
      }),
    );
  }

  const bare = dbs === undefined ? await bareSqlite() : await barePg();
  const bareName = dbs === undefined ? "bare batched INSERT, same rows:" : "bare COPY, same rows:          ";

  const rate = (s) => Math.round(COUNT / s).toLocaleString("en-US");
  console.log(`cards: ${COUNT.toLocaleString("en-US")}${dbs === undefined ? "" : ` on PostgreSQL (${dbs.server.label})`}`);
  console.log(`ccard cards generate (incl. CSV file): ${cmdS.toFixed(2)} s, ${rate(cmdS)} cards/s`);
  console.log(`issueBatch (database work only):       ${gen.s.toFixed(2)} s, ${rate(gen.s)} cards/s`);
  console.log(`${bareName}        ${bare.s.toFixed(2)} s, ${rate(bare.s)} cards/s`);
  console.log(`ratio issueBatch / bare: ${(gen.s / bare.s).toFixed(2)}x; command / bare: ${(cmdS / bare.s).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (dbs !== undefined) await dbs.dropAll();
}
