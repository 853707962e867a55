/**
 * The SQLite adapter of the store (store.ts), on better-sqlite3: the only file that imports it.
 * Every connection gets the pragmas the engine ships with, pending migrations are applied on
 * open, and a read-only command's connection is then set query_only, so a show or list can
 * never write. better-sqlite3 is synchronous; its answers are handed on as resolved promises.
 */
import Database from "better-sqlite3";
import { chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { Failure } from "../exit";
import { migrate } from "./migrate";
import { insertValues } from "./store";
import type { DbMode, Sql, SqlRecord, SqlValue, Store } from "./store";

/**
 * The pragmas every connection sets, the IVR's included: WAL so callers and the CLI do not
 * block each other, synchronous=FULL so a committed settlement survives power loss, foreign
 * keys on, and a bounded busy wait.
 */
export const CONNECTION_PRAGMAS = ["journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000"];

/** Rows per multi-row INSERT (SQLite takes up to 32,766 parameters in one statement). */
const ROWS_PER_INSERT = 100;

/**
 * Page cache of a connection once it inserts BULK_ROWS rows in one call (a rate deck), KiB: big
 * enough for the rates index, so prefixes out of order do not thrash it (SQLite allocates pages
 * only as they are used). Card batches, 100 rows a call, go faster without it (4.6 s against
 * 4.3 s for 300,000 cards).
 */
const BULK_CACHE_KIB = 262144;
const BULK_ROWS = 10000;

/** SQLite's answer turned into what an operator can act on; other errors are left as they are. */
function translate(e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string") return e;
  if (code.startsWith("SQLITE_BUSY")) return new Failure("DATABASE_BUSY", "the database is busy (another import or a long write): try again");
  if (code.startsWith("SQLITE_CONSTRAINT")) {
    return new Failure("DATABASE_CONFLICT", `the database refused the change (${(e as Error).message}): another command may have changed the same rows; try again`);
  }
  return e;
}

function guarded<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(translate(e));
  }
}

class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly bulk = new Map<string, Database.Statement>();
  private bulkTuned = false;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  private prepared(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A multi-row INSERT, cached by its shape (cheaper to key than its SQL, built once). */
  private bulkStatement(table: string, columns: string[], rows: number, tail: string): Database.Statement {
    const key = `${table}|${rows}|${tail}|${columns.join(",")}`;
    let s = this.bulk.get(key);
    if (s === undefined) {
      s = this.db.prepare(insertSql(table, columns, rows, tail));
      this.bulk.set(key, s);
    }
    return s;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return guarded(() => this.prepared(sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return guarded(() => this.prepared(sql).get(...params) as T | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return guarded(() => this.prepared(sql).run(...params).changes);
  }

  exec(script: string): Promise<void> {
    return guarded(() => void this.db.exec(script));
  }

  insert(table: string, row: SqlRecord): Promise<void> {
    return guarded(() => void this.prepared(insertSql(table, Object.keys(row), 1, "")).run(...Object.values(row)));
  }

  insertId(table: string, row: SqlRecord): Promise<number> {
    return guarded(() => (this.prepared(insertSql(table, Object.keys(row), 1, " RETURNING id")).get(...Object.values(row)) as { id: number }).id);
  }

  insertMany(table: string, rows: readonly SqlRecord[], options: { skipConflictsOn?: readonly string[] } = {}): Promise<number> {
    return guarded(() => {
      if (rows.length === 0) return 0;
      if (!this.bulkTuned && rows.length >= BULK_ROWS) {
        this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
        this.bulkTuned = true;
      }
      const columns = Object.keys(rows[0]);
      const tail = options.skipConflictsOn === undefined ? "" : ` ON CONFLICT (${options.skipConflictsOn.join(", ")}) DO NOTHING`;
      let changes = 0;
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const n = Math.min(ROWS_PER_INSERT, rows.length - start);
        const values = insertValues(table, columns, rows, start, n);
        changes += this.bulkStatement(table, columns, n, tail).run(values).changes;
      }
      return changes;
    });
  }

  reserveIds(table: string, count: number): Promise<number> {
    return guarded(() => {
      if (!this.db.inTransaction) throw new Error("reserveIds outside a transaction");
      if (count < 1) throw new Error(`reserveIds ${table}: count ${count}`);
      return (this.prepared(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM ${table}`).get() as { id: number }).id;
    });
  }

  syncIds(): Promise<void> {
    // INTEGER PRIMARY KEY takes MAX(id) + 1 by itself.
    return Promise.resolve();
  }

  lockAccount(): Promise<void> {
    // BEGIN IMMEDIATE took the write lock already.
    return Promise.resolve();
  }

  columns(table: string): Promise<string[]> {
    return guarded(() => (this.prepared(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((c) => c.name));
  }

  batches<T>(sql: string, params: readonly SqlValue[] = [], batchRows = 1000): AsyncIterable<T[]> {
    return inBatches(() => this.prepared(sql).iterate(...params) as IterableIterator<T>, batchRows);
  }

  arrayBatches(sql: string, params: readonly SqlValue[] = [], batchRows = 1000): AsyncIterable<SqlValue[][]> {
    // A statement of its own: raw() would change the cached one for every later caller.
    return inBatches(() => this.db.prepare(sql).raw(true).iterate(...params) as IterableIterator<SqlValue[]>, batchRows);
  }

  async transaction<T>(body: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new Error("transaction inside a transaction");
    await this.exec("BEGIN IMMEDIATE");
    try {
      const result = await body(this);
      await this.exec("COMMIT");
      return result;
    } finally {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    }
  }

  async snapshot<T>(body: (db: Sql) => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new Error("snapshot inside a transaction");
    // Deferred: the first read takes the WAL snapshot, and no lock that would stop a writer.
    this.db.exec("BEGIN DEFERRED");
    try {
      return await body(this);
    } finally {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.bulk.clear();
    this.db.close();
  }

  /** After migrating: a read-only command's connection refuses every write from here on. */
  queryOnly(): void {
    this.db.pragma("query_only = ON");
  }
}

/** A query's rows, `batchRows` at a time: run when the first batch is asked for, closed however the loop ends. */
async function* inBatches<T>(start: () => IterableIterator<T>, batchRows: number): AsyncIterable<T[]> {
  const it = start();
  try {
    let batch: T[] = [];
    for (const row of it) {
      batch.push(row);
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    it.return?.();
  }
}

function insertSql(table: string, columns: string[], rows: number, tail: string): string {
  const one = `(${columns.map(() => "?").join(", ")})`;
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${new Array(rows).fill(one).join(", ")}${tail}`;
}

/**
 * Opens the SQLite database at an absolute path and applies pending migrations. "create" makes
 * the file (and its folder) when missing; "read" leaves the connection unable to write.
 * Failure: DATABASE_MISSING, DATABASE_UNUSABLE, DATABASE_TOO_NEW.
 */
export async function openSqlite(path: string, mode: DbMode, runMigrations = true): Promise<Store> {
  if (mode === "create") mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: mode !== "create" });
  } catch (e) {
    const why = (e as Error).message;
    if (/unable to open|does not exist/i.test(why)) {
      throw new Failure("DATABASE_MISSING", `no database at ${path}: run 'ccard init' first (or pass --db / set CCARD_DB)`);
    }
    throw new Failure("DATABASE_UNUSABLE", `cannot open ${path}: ${why}`);
  }
  const store = new SqliteStore(db, path);
  try {
    for (const p of CONNECTION_PRAGMAS) db.pragma(p);
    if (runMigrations) await migrate(store);
  } catch (e) {
    db.close();
    if (e instanceof Failure) throw new Failure(e.code, `${path}: ${e.message}`);
    if ((e as { code?: unknown }).code === "SQLITE_NOTADB") throw new Failure("DATABASE_UNUSABLE", `cannot open ${path}: ${(e as Error).message}`);
    throw e;
  }
  matchFolderOwner(path);
  if (mode === "read") store.queryOnly();
  return store;
}

/**
 * Run as root on a database whose folder belongs to another user (FreeSWITCH's), the files
 * SQLite creates (the database, its -wal and -shm) are handed to that user, so the switch can
 * still write them. Elsewhere a no-op.
 */
function matchFolderOwner(path: string): void {
  if (process.getuid?.() !== 0) return;
  const folder = statSync(dirname(path));
  if (folder.uid === 0) return;
  for (const f of [path, path + "-wal", path + "-shm"]) {
    if (existsSync(f) && statSync(f).uid !== folder.uid) chownSync(f, folder.uid, folder.gid);
  }
}
