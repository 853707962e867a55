/**
 * Opens the SQLite store for the CLI (better-sqlite3) with the durability the engine ships
 * with, and applies pending migrations. The only file that imports better-sqlite3.
 */
import Database from "better-sqlite3";
import { chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { MIGRATIONS, migrationSql } from "./schema";

export type Db = Database.Database;

/** Where the database lives unless --db or CCARD_DB says otherwise. */
export const DEFAULT_DB_PATH = "/var/lib/ccard/ccard.db";

/** --db PATH, else the CCARD_DB environment variable, else DEFAULT_DB_PATH; made absolute. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag !== undefined && flag !== "" ? flag : env.CCARD_DB !== undefined && env.CCARD_DB !== "" ? env.CCARD_DB : DEFAULT_DB_PATH;
  return resolve(chosen);
}

/**
 * The pragmas every connection sets, the IVR's included: WAL so callers and the CLI do not
 * block each other, synchronous=FULL so a committed settlement survives power loss,
 * foreign keys on, and a bounded busy wait.
 */
export const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode=WAL",
  "PRAGMA synchronous=FULL",
  "PRAGMA foreign_keys=ON",
  "PRAGMA busy_timeout=5000",
];

export interface OpenOptions {
  /** Create the file (and its folder) when missing; default false. */
  create?: boolean;
  /** Apply pending migrations; default true. */
  migrate?: boolean;
}

export class StoreError extends Error {}

/** Opens the database at an absolute path. Throws StoreError with a one-line message. */
export function openDb(path: string, options: OpenOptions = {}): Db {
  if (options.create === true) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: options.create !== true });
  } catch (e) {
    const why = (e as Error).message;
    if (/unable to open|does not exist/i.test(why)) {
      throw new StoreError(`no database at ${path}: run 'ccard init' first (or pass --db / set CCARD_DB)`);
    }
    throw new StoreError(`cannot open ${path}: ${why}`);
  }
  for (const p of CONNECTION_PRAGMAS) db.pragma(p.slice("PRAGMA ".length));
  if (options.migrate !== false) {
    try {
      migrate(db);
    } catch (e) {
      db.close();
      throw e instanceof StoreError ? new StoreError(`${path}: ${e.message}`) : e;
    }
  }
  matchFolderOwner(path);
  return db;
}

/**
 * Run as root on a database whose folder belongs to another user (FreeSWITCH's), the files
 * SQLite creates (the database, its -wal and -shm) are handed to that user, so the switch can
 * still write them. Elsewhere a no-op.
 */
export function matchFolderOwner(path: string): void {
  if (process.getuid?.() !== 0) return;
  const folder = statSync(dirname(path));
  if (folder.uid === 0) return;
  for (const f of [path, path + "-wal", path + "-shm"]) {
    if (existsSync(f) && statSync(f).uid !== folder.uid) chownSync(f, folder.uid, folder.gid);
  }
}

/** Applies every migration newer than the database's version, each in its own transaction. */
export function migrate(db: Db): number[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
  const current = row.v ?? 0;
  const known = MIGRATIONS[MIGRATIONS.length - 1].version;
  // A newer ccard changed this schema: writing it with older rules could break what it relies on.
  if (current > known) throw new StoreError(`the database is at schema version ${current}, this ccard knows up to ${known}: upgrade ccard`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(migrationSql(m, "sqlite"));
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, nowSeconds());
    })();
    applied.push(m.version);
  }
  return applied;
}

/** Current time in whole epoch seconds (the unit of every *_at column). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
