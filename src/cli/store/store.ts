/**
 * The store the CLI's commands run their SQL on: engine-neutral and asynchronous, so SQLite
 * (store/sqlite.ts, the only file that imports better-sqlite3) and PostgreSQL (store/pg.ts, the
 * only file that imports pg) both stand behind it without a command knowing which one it has.
 *
 * The SQL that commands write must run on both engines:
 * - `?` placeholders, one per parameter (an adapter may renumber them: `$1`, `$2` …);
 * - `RETURNING id` (through insertId), never a driver's last-insert id; no rowid;
 * - `ON CONFLICT (…) DO NOTHING | DO UPDATE`, never `INSERT OR …`;
 * - no engine catalogue (sqlite_master, pragma_…, pg_…) outside an adapter;
 * - sums that could pass 2^53 read as text: `CAST(SUM(x) AS TEXT)`.
 * Integer columns come back as JS numbers: every stored integer is below 2^53 by design (money
 * up to 10^12 micro-units, epoch seconds, ids, counts). Text is text; NULL is null.
 *
 * Failures an operator can act on come out as Failure (exit.ts): DATABASE_BUSY when the write
 * lock stays taken (PostgreSQL: a lock, serialization or deadlock timeout), DATABASE_CONFLICT
 * when a constraint refuses a change another command made possible meanwhile,
 * DATABASE_UNREACHABLE when PostgreSQL goes away mid-command. Anything else is a bug; no
 * error carries a password.
 */
import type { Dialect } from "./schema";

export type SqlValue = string | number | null;

/** One row to write: column name → value. */
export type SqlRecord = Readonly<Record<string, SqlValue>>;

/**
 * The parameters of a multi-row INSERT for both adapters: rows[start] … rows[start + n − 1],
 * each in the order of columns (the first row's keys). A row without one of them is a bug.
 */
export function insertValues(table: string, columns: readonly string[], rows: readonly SqlRecord[], start: number, n: number): SqlValue[] {
  const values: SqlValue[] = new Array(n * columns.length);
  let k = 0;
  for (let i = start; i < start + n; i++) {
    const row = rows[i];
    for (const c of columns) {
      const v = row[c];
      if (v === undefined) throw new Error(`insertMany ${table}: row ${i} has no ${c}`);
      values[k++] = v;
    }
  }
  return values;
}

/** What SQL runs on: the store between transactions, or one open transaction. */
export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query, each an object keyed by column name. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs statements without parameters, several at once (migrations). */
  exec(script: string): Promise<void>;
  /** INSERT INTO table (the record's columns) VALUES (its values). */
  insert(table: string, row: SqlRecord): Promise<void>;
  /** insert(), then the new row's id (`RETURNING id`). */
  insertId(table: string, row: SqlRecord): Promise<number>;
  /**
   * Inserts rows that all have the columns of the first, in as few statements as the engine
   * allows (SQLite: multi-row INSERTs; PostgreSQL: COPY or multi-row INSERTs). With
   * `skipConflictsOn`, a row that would break that unique key is left out
   * (`ON CONFLICT (…) DO NOTHING`). Resolves with the number of rows that went in.
   */
  insertMany(table: string, rows: readonly SqlRecord[], options?: { skipConflictsOn?: readonly string[] }): Promise<number>;
  /**
   * The first of `count` consecutive ids no row of `table` has, for rows this transaction is
   * about to insert with explicit ids (card batches). Call only inside a transaction.
   */
  reserveIds(table: string, count: number): Promise<number>;
  /**
   * After rows were written with explicit ids (a copied database): the next row that takes the
   * default id gets one past them (PostgreSQL: the identity sequence moves past MAX(id);
   * SQLite: nothing to do, its INTEGER PRIMARY KEY takes MAX(id) + 1).
   */
  syncIds(table: string): Promise<void>;
  /**
   * Inside a money transaction, before it reads or writes anything else of the account: locks
   * the account's row, so transactions on one account queue in one order and never deadlock
   * (PostgreSQL: SELECT … FOR UPDATE; SQLite: nothing to do, BEGIN IMMEDIATE serialises writers).
   */
  lockAccount(accountId: number): Promise<void>;
  /** The columns of a table, in their order (what an export of every column writes). */
  columns(table: string): Promise<string[]>;
  /** The rows of a query in batches of about `batchRows`, for exports of any size. */
  batches<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[], batchRows?: number): AsyncIterable<T[]>;
  /**
   * As batches, each row an array of its values in the order of the query's columns: for scans
   * of millions of rows (on SQLite it costs half as much as a keyed object per row).
   */
  arrayBatches(sql: string, params?: readonly SqlValue[], batchRows?: number): AsyncIterable<SqlValue[][]>;
}

/** An open database. */
export interface Store extends Sql {
  /** What the database is, for messages: the file's absolute path, or the URL with its password as *** (never a password). */
  readonly location: string;
  /**
   * Runs body inside one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN) and
   * commits when it resolves; rolls back and rethrows when it rejects.
   */
  transaction<T>(body: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs body on one consistent view of the database, for reads across tables that must agree
   * with each other (`ccard audit`): body sees the database as it was at its first read, whatever
   * writers commit meanwhile, and blocks none of them (SQLite: a deferred transaction under WAL;
   * PostgreSQL: BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY). Nothing is written.
   */
  snapshot<T>(body: (db: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What a command does with the database: read only, write, or create it when missing. */
export type DbMode = "read" | "write" | "create";
