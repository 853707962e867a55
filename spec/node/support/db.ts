/**
 * The one temporary-database helper of the node specs, for either engine: CCARD_TEST_ENGINE
 * "sqlite" (the default) or "pgsql" (the real PostgreSQL server `npm test` starts, named by
 * CCARD_TEST_PG_URL). A test database is a scratch folder and a name for `ccard --db`: on SQLite
 * a file path in the folder; on PostgreSQL the URL of a fresh database of its own, made from a
 * template this process migrated once (CREATE DATABASE … TEMPLATE, which is fast) and dropped
 * afterwards. query, exec, transaction and dumpDb run the tests' own SQL (`?` placeholders) on
 * either engine, synchronously (better-sqlite3; a node-postgres connection in a worker thread).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import Database from "better-sqlite3";
import { MIGRATIONS } from "../../../src/cli/store/schema";
import type { SqlValue } from "../../../src/cli/store/store";
import { CliRun, runCli } from "./cli";
import { PgStatement, pgCall } from "./pg_sync";

export type Engine = "sqlite" | "pgsql";

/** The engine this test process runs on. */
export const ENGINE: Engine = (() => {
  const e = process.env.CCARD_TEST_ENGINE ?? "sqlite";
  if (e !== "sqlite" && e !== "pgsql") throw new Error(`CCARD_TEST_ENGINE must be sqlite or pgsql, got ${e}`);
  return e;
})();

/** For a test that only makes sense on one engine: `test(name, onlyOn("sqlite"), fn)`. */
export function onlyOn(engine: Engine): { skip: string | false } {
  return { skip: ENGINE === engine ? false : `${engine} only` };
}

/** postgres://USER:PASS@HOST:PORT of the test server (no database); throws when npm test did not set it. */
export function pgServer(): string {
  const url = process.env.CCARD_TEST_PG_URL;
  if (url === undefined || url === "") throw new Error("PostgreSQL specs need CCARD_TEST_PG_URL (npm test sets it: scripts/pg.mjs)");
  return url.replace(/\/+$/, "");
}

/** The test server's role and password (empty when CCARD_TEST_PG_URL is not set: a SQLite-only run). */
export const PG_USER = process.env.CCARD_TEST_PG_URL ? decodeURIComponent(new URL(process.env.CCARD_TEST_PG_URL).username) : "";
export const PG_PASSWORD = process.env.CCARD_TEST_PG_URL ? decodeURIComponent(new URL(process.env.CCARD_TEST_PG_URL).password) : "";

function isPg(db: string): boolean {
  return db.startsWith("postgres://");
}

let counter = 0;
let template: string | undefined;
const made = new Set<string>();
/** Databases of the template whose test is over, emptied for the next one (TRUNCATE is 4× quicker than a new database). */
const pool: string[] = [];
/** The tables of a migrated database, but schema_migrations. */
let dataTables: string[] | undefined;
/** What the template's schema is (columns, constraints, indexes, triggers): a test that changed it gets no reuse. */
let templateSchema: string | undefined;

const SCHEMA_SQL = `SELECT md5(string_agg(x, ',' ORDER BY x)) AS s FROM (
  SELECT conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
  UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
  UNION ALL SELECT table_name || '.' || column_name || ':' || data_type || ':' || COALESCE(column_default, '') || ':' || is_nullable FROM information_schema.columns WHERE table_schema = current_schema()
  UNION ALL SELECT tgrelid::regclass::text || ':' || tgname FROM pg_trigger WHERE NOT tgisinternal) d(x)`;

function schemaOf(url: string): string {
  return pgCall({ op: "query", url, sql: SCHEMA_SQL, params: [] }).rows[0].s as string;
}

/** SQL on the server's `postgres` database, as the test role (CREATE and DROP DATABASE). */
function admin(sql: string): void {
  pgCall({ op: "query", url: `${pgServer()}/postgres`, sql, params: [] });
}

function tablesOf(url: string): string[] {
  return pgCall({ op: "query", url, sql: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name", params: [] }).rows.map(
    (t) => t.name as string,
  );
}

/** A new PostgreSQL database (migrated, from the template, unless `empty`); its URL. */
export function freshPgDatabase(empty = false): string {
  if (!empty && pool.length > 0) return pool.pop() as string;
  if (!empty && template === undefined) {
    const name = `ccard_tpl_${process.pid}`;
    admin(`DROP DATABASE IF EXISTS ${name}`);
    admin(`CREATE DATABASE ${name}`);
    pgCall({ op: "migrate", url: `${pgServer()}/${name}` });
    dataTables = tablesOf(`${pgServer()}/${name}`).filter((t) => t !== "schema_migrations");
    templateSchema = schemaOf(`${pgServer()}/${name}`);
    pgCall({ op: "close", url: `${pgServer()}/${name}` });
    template = name;
  }
  const name = `ccard_t_${process.pid}_${++counter}${empty ? "_empty" : ""}`;
  admin(`CREATE DATABASE ${name}${empty ? "" : ` TEMPLATE ${template}`}`);
  made.add(name);
  return `${pgServer()}/${name}`;
}

/**
 * Done with a database freshPgDatabase made: one of the template whose schema is untouched is
 * emptied (ids restarted) for the next test; any other is dropped.
 */
export function releasePgDatabase(url: string): void {
  const name = url.slice(url.lastIndexOf("/") + 1);
  if (!name.endsWith("_empty") && dataTables !== undefined) {
    try {
      const tables = tablesOf(url);
      const versions = pgCall({ op: "query", url, sql: "SELECT COUNT(*) AS n, MAX(version) AS v FROM schema_migrations", params: [] }).rows[0];
      const known = MIGRATIONS[MIGRATIONS.length - 1].version;
      const same = [...tables].sort().join() === [...dataTables, "schema_migrations"].sort().join() && schemaOf(url) === templateSchema;
      if (versions.n === MIGRATIONS.length && versions.v === known && same) {
        pgCall({ op: "query", url, sql: `TRUNCATE ${dataTables.join(", ")} RESTART IDENTITY CASCADE`, params: [] });
        pool.push(url);
        return;
      }
    } catch {
      // Whatever state it is in, it goes.
    }
  }
  pgCall({ op: "close", url });
  admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  made.delete(name);
}

after(() => {
  if (template === undefined && made.size === 0) return;
  for (const name of made) admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (template !== undefined) admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  made.clear();
  pool.length = 0;
  template = undefined;
});

export interface TempDb {
  dir: string;
  /** What `ccard --db` takes: the SQLite file (not there yet), or the PostgreSQL URL (the database made). */
  db: string;
  cleanup(): void;
}

/**
 * A scratch folder and a database on this process's engine; call cleanup() when done. On
 * PostgreSQL the database exists already with the schema (`empty`: without), as `ccard init`
 * leaves it; on SQLite the file is not there yet (`empty`: an empty file).
 */
export function tempDb(options: { empty?: boolean; engine?: Engine } = {}): TempDb {
  const dir = mkdtempSync(join(tmpdir(), "ccard-test-"));
  if ((options.engine ?? ENGINE) === "sqlite") {
    const db = join(dir, "ccard.db");
    if (options.empty === true) new Database(db).close();
    return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = freshPgDatabase(options.empty === true);
  return {
    dir,
    db,
    cleanup: () => {
      releasePgDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs fn on a fresh database made by `ccard init`, removed afterwards. */
export async function withDb(fn: (db: string, dir: string) => Promise<void>, engine?: Engine): Promise<void> {
  const t = tempDb({ engine });
  try {
    await ok(t.db, ["init"]);
    await fn(t.db, t.dir);
  } finally {
    t.cleanup();
  }
}

/** The tests' own connection to an SQLite file (it must exist), closed after fn. */
export function withSqlite<T>(dbPath: string, fn: (db: Database.Database) => T): T {
  const db = sqliteFile(dbPath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs SQL against the test database and returns the rows (also for INSERT … RETURNING). */
export function query<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  if (isPg(db)) return pgCall({ op: "query", url: db, sql, params: params as SqlValue[] }).rows as T[];
  return withSqlite(db, (d) => d.prepare(sql).all(...params) as T[]);
}

/** Runs SQL that changes the test database (without parameters: several statements); returns the rows the last one changed. */
export function exec(db: string, sql: string, ...params: unknown[]): number {
  if (isPg(db)) return pgCall({ op: "query", url: db, sql, params: params as SqlValue[] }).counts[0];
  return withSqlite(db, (d) => {
    if (params.length > 0) return d.prepare(sql).run(...params).changes;
    d.exec(sql);
    return (d.prepare("SELECT changes() AS n").get() as { n: number }).n;
  });
}

/**
 * Runs statements in one write transaction (BEGIN IMMEDIATE on SQLite); a statement given
 * `rows` that changes another number rolls it all back and throws. Returns each one's count.
 */
export function transaction(db: string, statements: PgStatement[]): number[] {
  if (isPg(db)) return pgCall({ op: "transaction", url: db, statements }).counts;
  return withSqlite(db, (d) =>
    d.transaction(() =>
      statements.map((s) => {
        const n = d.prepare(s.sql).run(...s.params).changes;
        if (s.rows !== undefined && n !== s.rows) throw new Error(`${n} rows, expected ${s.rows}: ${s.sql}`);
        return n;
      }),
    ).immediate(),
  );
}

/** The tables of the test database, by name. */
export function tableNames(db: string): string[] {
  if (isPg(db)) return query<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name").map((t) => t.name);
  return query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => t.name);
}

/** Every row of every table, in a stable order, as one string: to prove a command changed nothing. */
export function dumpDb(db: string): string {
  const out: Record<string, string[]> = {};
  const tables = tableNames(db);
  if (isPg(db)) {
    // One round trip: each table's rows as JSON (integers come as JSON numbers, as the driver gives them).
    const sql = `SELECT json_build_object(${tables.map((t) => `'${t}', (SELECT COALESCE(json_agg(x), '[]') FROM "${t}" x)`).join(", ")}) AS d`;
    const all = query<{ d: Record<string, unknown[]> }>(db, sql)[0].d;
    for (const t of tables) out[t] = all[t].map((r) => JSON.stringify(r)).sort();
  } else {
    for (const t of tables) out[t] = query(db, `SELECT * FROM "${t}"`).map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out, undefined, 1);
}

/** Runs the CLI and fails the test unless it exits 0. */
export async function ok(dbPath: string, argv: string[]): Promise<CliRun> {
  const r = await runCli(dbPath, argv);
  assert.equal(r.code, 0, `ccard ${argv.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r;
}

/**
 * A database with rate tables 'std' (USD) and 'eur' (EUR), a card product 'gold' (access
 * number 18005550100) and a retail product 'shop' (UK dialling: 0 national prefix, 44).
 */
export async function seeded(dbPath: string): Promise<void> {
  await ok(dbPath, ["init"]);
  await ok(dbPath, ["rates", "create-table", "std", "--currency", "USD"]);
  await ok(dbPath, ["rates", "create-table", "eur", "--currency", "EUR"]);
  await ok(dbPath, ["products", "add", "gold", "--rate-table", "std", "--access-number", "18005550100"]);
  await ok(dbPath, ["products", "add", "shop", "--kind", "retail", "--rate-table", "std", "--country-code", "44", "--national-prefix", "0"]);
}

/**
 * Runs each bad command line and checks that it exits with the expected code, that stderr
 * matches, and that the database is the same afterwards.
 */
export async function rejectsAll(dbPath: string, cases: [string[], number, RegExp][]): Promise<void> {
  for (const [argv, code, message] of cases) {
    const before = dumpDb(dbPath);
    const r = await runCli(dbPath, argv);
    assert.equal(r.code, code, `ccard ${argv.join(" ")}: exit ${r.code}, stderr: ${r.stderr}`);
    assert.match(r.stderr, message, `ccard ${argv.join(" ")}`);
    assert.equal(dumpDb(dbPath), before, `ccard ${argv.join(" ")} changed the database`);
  }
}

/** The tests' own connection to an existing SQLite file; the caller closes it. */
export function sqliteFile(dbPath: string): Database.Database {
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
