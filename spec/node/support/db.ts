/**
 * The one temporary-database helper of the node specs: a scratch folder with a database path,
 * the CLI run against it, and direct SQL on the same file (real SQLite, opened as the tests'
 * own connection) to seed rows and read them back.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CliRun, runCli } from "./cli";

export interface TempDb {
  dir: string;
  db: string;
  cleanup(): void;
}

/** A scratch folder with a database path inside (no file yet); call cleanup() when done. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), "ccard-test-"));
  return { dir, db: join(dir, "ccard.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs fn on a fresh database made by `ccard init`, the folder removed afterwards. */
export async function withDb(fn: (db: string, dir: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    await ok(t.db, ["init"]);
    await fn(t.db, t.dir);
  } finally {
    t.cleanup();
  }
}

/** The tests' own connection to the file (it must exist), closed after fn. */
export function withSqlite<T>(dbPath: string, fn: (db: Database.Database) => T): T {
  const db = sqliteFile(dbPath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs SQL against the test database and returns the rows. */
export function query<T = Record<string, unknown>>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  return withSqlite(dbPath, (db) => db.prepare(sql).all(...params) as T[]);
}

/** Runs SQL that changes the test database. */
export function exec(dbPath: string, sql: string, ...params: unknown[]): void {
  withSqlite(dbPath, (db) => db.prepare(sql).run(...params));
}

/** Every row of every table, in a stable order, as one string: to prove a command changed nothing. */
export function dumpDb(dbPath: string): string {
  return withSqlite(dbPath, (db) => {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const out: Record<string, string[]> = {};
    for (const t of tables) out[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    return JSON.stringify(out, undefined, 1);
  });
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

/** The tests' own connection to an existing database file; the caller closes it. */
export function sqliteFile(dbPath: string): Database.Database {
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
