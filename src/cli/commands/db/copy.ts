/**
 * `ccard db copy --to DSN`: the whole database (--db) into an empty one of either engine, for
 * moving a business from one switch's SQLite file to the PostgreSQL that several switches
 * share (or back). The source is read on one snapshot (calls may go on: what they write after
 * it is not copied); the target is written in one transaction, table by table in schema order
 * with the ids kept (identity sequences moved past them), then read back inside the same
 * transaction: each table's row count and content digest, and each account's balance and held
 * money, must be the source's, or nothing is committed (and a file the copy created is removed).
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { Failure } from "../../exit";
import { command, RunContext } from "../../framework/command";
import { required } from "../../options/declare";
import { text } from "../../options/values";
import type { Printable } from "../../output/print";
import { isPgUrl, parsePgUrl } from "../../store/dsn";
import { openStore } from "../../store/open";
import { TABLES } from "../../store/schema";
import type { Sql, SqlRecord, SqlValue, Store } from "../../store/store";
import { TableDigest, digestOf } from "./digest";

/** Tables at least this big get a progress line (on an interactive stderr). */
const PROGRESS_FROM = 10000;
const BATCH_ROWS = 5000;

interface Copied {
  table: string;
  rows: number;
  digest: string;
}

/** Refuses a target that holds any row of a ccard table; nothing is written to it. */
async function refuseNonEmpty(to: string): Promise<void> {
  const target = await openStore(to, "create", { migrate: false });
  try {
    for (const t of TABLES) {
      if ((await target.columns(t)).length === 0) continue;
      const row = await target.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`);
      if ((row?.n ?? 0) > 0) throw new Failure("DATABASE_NOT_EMPTY", `${target.location} is not empty (table ${t} has ${row?.n} rows): db copy writes only into an empty database; nothing was written`);
    }
  } finally {
    await target.close();
  }
}

function progress(ctx: RunContext, table: string, total: number): (done: number) => void {
  if (!ctx.interactive || total < PROGRESS_FROM) return () => undefined;
  return (done) => ctx.stderr.write(`\rcopying ${table}: ${done}/${total}${done === total ? "\n" : ""}`);
}

/** One table from the source's snapshot into the target's transaction; its count and digest as read from the source. */
async function copyTable(src: Sql, tx: Sql, table: string, columns: string[], onProgress: (done: number) => void): Promise<TableDigest> {
  const digest = new TableDigest();
  for await (const batch of src.arrayBatches(`SELECT ${columns.join(", ")} FROM ${table}`, [], BATCH_ROWS)) {
    const records: SqlRecord[] = batch.map((row) => {
      digest.add(row);
      const r: Record<string, SqlValue> = {};
      for (let i = 0; i < columns.length; i++) r[columns[i]] = row[i];
      return r;
    });
    await tx.insertMany(table, records);
    onProgress(digest.rows);
  }
  if (columns.includes("id")) await tx.syncIds(table);
  return digest;
}

/** The rows of a query one at a time (batches flattened). */
async function* rowsOf(db: Sql, sql: string): AsyncGenerator<SqlValue[]> {
  for await (const batch of db.arrayBatches(sql, [], BATCH_ROWS)) yield* batch;
}

/** Account by account, the target's balance and held money against the source's; resolves with the accounts compared. */
async function compareBalances(src: Sql, tx: Sql): Promise<number> {
  const sql = "SELECT id, balance_micros, held_micros FROM accounts ORDER BY id";
  const a = rowsOf(src, sql);
  const b = rowsOf(tx, sql);
  let n = 0;
  for (;;) {
    const [x, y] = [await a.next(), await b.next()];
    if (x.done === true && y.done === true) return n;
    const want = x.done === true ? "no account" : `account ${x.value[0]}: balance ${x.value[1]}, held ${x.value[2]}`;
    const got = y.done === true ? "no account" : `account ${y.value[0]}: balance ${y.value[1]}, held ${y.value[2]}`;
    if (want !== got) {
      await a.return(undefined);
      await b.return(undefined);
      throw new Failure("COPY_MISMATCH", `the copy does not read back balance for balance (source ${want}; copy ${got}): nothing was committed`);
    }
    n++;
  }
}

async function copyAll(ctx: RunContext, source: Store, target: Store): Promise<{ tables: Copied[]; accounts: number }> {
  return source.snapshot((src) =>
    target.transaction(async (tx) => {
      const tables: Copied[] = [];
      for (const table of TABLES) {
        const columns = await tx.columns(table);
        const theirs = await src.columns(table);
        if (columns.join() !== theirs.join()) throw new Failure("COPY_MISMATCH", `table ${table} has columns (${theirs.join(", ")}) in the source but (${columns.join(", ")}) in the target: nothing was written`);
        const total = (await src.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n ?? 0;
        const d = await copyTable(src, tx, table, columns, progress(ctx, table, total));
        tables.push({ table, rows: d.rows, digest: d.hex });
      }
      // Read back in the same transaction: what would be committed is what was read.
      for (const c of tables) {
        const back = await digestOf(tx, c.table, await tx.columns(c.table));
        if (back.rows !== c.rows || back.hex !== c.digest) {
          throw new Failure("COPY_MISMATCH", `table ${c.table} does not read back as copied (${c.rows} rows, digest ${c.digest}; read back ${back.rows}, ${back.hex}): nothing was committed`);
        }
      }
      return { tables, accounts: await compareBalances(src, tx) };
    }),
  );
}

export const dbCopy = command({
  name: "copy",
  summary: "copy the whole database into an empty one, SQLite or PostgreSQL, checked row for row",
  about: `Copies every table of the database (--db / CCARD_DB) into the empty database DSN: an
SQLite file (made when missing) or postgres://USER:PASS@HOST:PORT/DB, an existing database
('ccard init --db' on it is not needed; creating the database itself is for its administrator).
The source is read on one snapshot; the target is written in one transaction, ids kept, then
read back table by table (row count and a content digest) and account by account (balance and
held money) before it is committed: any difference, or any failure, leaves the target as it was
(a file the copy made is removed). A target that holds any row is refused (DATABASE_NOT_EMPTY).
To move one switch's business onto PostgreSQL: stop the calls (or accept that calls after the
snapshot stay behind), copy, then point every switch's ccard_dsn at the PostgreSQL database.`,
  options: {
    to: required(text("DSN"), "the empty target: an SQLite file, or postgres://USER:PASS@HOST:PORT/DB"),
  },
  db: "read",
  async run(o, ctx): Promise<Printable> {
    const started = Date.now();
    if (isPgUrl(o.to)) parsePgUrl(o.to);
    const file = isPgUrl(o.to) ? undefined : resolve(o.to);
    if (file !== undefined && file === ctx.db.location) throw new Failure("DATABASE_NOT_EMPTY", `--to ${file} is the database being copied`);
    const createdFile = file !== undefined && !existsSync(file);
    let target: Store | undefined;
    try {
      await refuseNonEmpty(file ?? o.to);
      target = await openStore(file ?? o.to, "create");
      const { tables, accounts } = await copyAll(ctx, ctx.db, target);
      const rows = tables.reduce((n, t) => n + t.rows, 0);
      const doc = { from: ctx.db.location, to: target.location, tables, rows, accounts, elapsed_ms: Date.now() - started };
      const to = target.location;
      return {
        json: doc,
        text: () =>
          `copied ${ctx.db.location} to ${to}: ${rows} rows in ${tables.length} tables, read back row for row and ${accounts} balances checked\n` +
          tables.filter((t) => t.rows > 0).map((t) => `  ${t.table.padEnd(16)} ${String(t.rows).padStart(10)}  ${t.digest}\n`).join(""),
      };
    } catch (e) {
      if (createdFile) {
        await target?.close();
        target = undefined;
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      }
      throw e;
    } finally {
      await target?.close();
    }
  },
});
