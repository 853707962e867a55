// Card generation throughput: `ccard cards generate` (built code, into a temp database) against a
// bare batched INSERT of the same rows into the same tables with the same connection pragmas,
// measured in the same run. Usage: npm run build && node bench/cards.mjs [--count N]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");
const { openStore } = require("../dist/src/cli/store/open.js");
const { CONNECTION_PRAGMAS } = require("../dist/src/cli/store/sqlite.js");
const { issueBatch, serialText } = require("../dist/src/cli/commands/cards/issue.js");
const { dispatch } = require("../dist/src/cli/framework/dispatch.js");
const { rootCommand } = require("../dist/src/cli/main.js");

const at = process.argv.indexOf("--count");
const COUNT = at > 0 ? Number(process.argv[at + 1]) : 1000000;
if (!Number.isInteger(COUNT) || COUNT < 1) throw new Error("--count must be a positive whole number");
const VALUE = 10000000;
const dir = mkdtempSync(join(tmpdir(), "ccard-bench-"));

/** A new database with the schema (made through the store), a rate table and a product. */
async function freshDb(name) {
  const path = join(dir, name);
  const store = await openStore(path, "create");
  await store.run("INSERT INTO rate_tables (name, currency, created_at) VALUES ('std', 'USD', 0)");
  await store.run("INSERT INTO products (name, rate_table_id, created_at) VALUES ('bench', 1, 0)");
  return store;
}

async function seconds(fn) {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return { r, s: Number(process.hrtime.bigint() - t0) / 1e9 };
}

// 1. The command end to end (options, transaction, CSV to a file), as an operator runs it.
await (await freshDb("command.db")).close();
const io = { stdout: { write: () => {} }, stderr: { write: (t) => process.stderr.write(t) }, env: { CCARD_DB: join(dir, "command.db") }, interactive: false };
const argv = ["cards", "generate", "--product", "bench", "--count", String(COUNT), "--value", "10", "--out", join(dir, "cards.csv")];
const t0 = process.hrtime.bigint();
const code = await dispatch(rootCommand, argv, io);
const cmdS = Number(process.hrtime.bigint() - t0) / 1e9;
if (code !== 0) throw new Error(`cards generate exited ${code}`);

// 2. issueBatch alone (the database work of the command, through the store).
const genDb = await freshDb("issue.db");
const now = Math.floor(Date.now() / 1000);
const gen = await seconds(() => issueBatch(genDb, { productId: 1, currency: "USD", count: COUNT, valueMicros: VALUE, pinLength: 12, expiresAt: null, now }));
await genDb.close();

// 3. Bare batched INSERT of the same rows on better-sqlite3 itself: no store, no random numbers, no conflict handling.
await (await freshDb("bare.db")).close();
const bareDb = new Database(join(dir, "bare.db"));
for (const p of CONNECTION_PRAGMAS) bareDb.pragma(p);
const pins = gen.r.pins;
const CHUNK = 100;
const sql = (table, cols, n, rows) => `INSERT INTO ${table} (${cols}) VALUES ${new Array(rows).fill(`(${new Array(n).fill("?").join(",")})`).join(",")}`;
const stmts = (rows) => [
  bareDb.prepare(sql("accounts", "id, product_id, kind, currency, balance_micros, created_at", 6, rows)),
  bareDb.prepare(sql("cards", "serial, pin, account_id, batch_id, product_id, state, created_at, expires_at", 8, rows)),
  bareDb.prepare(sql("ledger", "account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at", 7, rows)),
];
const bare = await seconds(() =>
  bareDb.transaction(() => {
    bareDb.prepare("INSERT INTO batches (product_id, card_count, value_micros, first_serial, last_serial, created_at) VALUES (1, ?, ?, ?, ?, ?)").run(COUNT, VALUE, serialText(1), serialText(COUNT), now);
    const full = stmts(CHUNK);
    for (let start = 0; start < COUNT; start += CHUNK) {
      const n = Math.min(CHUNK, COUNT - start);
      const [a, c, l] = n === CHUNK ? full : stmts(n);
      const av = [], cv = [], lv = [];
      for (let i = start; i < start + n; i++) {
        av.push(i + 1, 1, "card", "USD", VALUE, now);
        cv.push(serialText(i + 1), pins[i], i + 1, 1, 1, "new", now, null);
        lv.push(i + 1, "issue", VALUE, 0, VALUE, "1", now);
      }
      a.run(av);
      c.run(cv);
      l.run(lv);
    }
  }).immediate(),
);
bareDb.close();
rmSync(dir, { recursive: true, force: true });

const rate = (s) => Math.round(COUNT / s).toLocaleString("en-US");
console.log(`cards: ${COUNT.toLocaleString("en-US")}`);
console.log(`ccard cards generate (incl. CSV file): ${cmdS.toFixed(2)} s, ${rate(cmdS)} cards/s`);
console.log(`issueBatch (database work only):       ${gen.s.toFixed(2)} s, ${rate(gen.s)} cards/s`);
console.log(`bare batched INSERT, same rows:        ${bare.s.toFixed(2)} s, ${rate(bare.s)} cards/s`);
console.log(`ratio issueBatch / bare: ${(gen.s / bare.s).toFixed(2)}x; command / bare: ${(cmdS / bare.s).toFixed(2)}x`);
