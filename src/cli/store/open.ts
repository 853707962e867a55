/**
 * Which database a command works on, and the one place it is opened: `--db`, else CCARD_DB,
 * else DEFAULT_DB_PATH. A postgres:// (or postgresql://) URL is a PostgreSQL database
 * (store/pg.ts); anything else is an SQLite file (store/sqlite.ts).
 */
import { resolve } from "node:path";
import { isPgUrl } from "./dsn";
import { openPg } from "./pg";
import { openSqlite } from "./sqlite";
import type { DbMode, Store } from "./store";

/** Where the database lives unless --db or CCARD_DB says otherwise. */
const DEFAULT_DB_PATH = "/var/lib/ccard/ccard.db";

/** The database from the environment (CCARD_DB, which --db sets): a URL as given, a path made absolute. */
export function dbLocation(env: NodeJS.ProcessEnv): string {
  const chosen = env.CCARD_DB !== undefined && env.CCARD_DB !== "" ? env.CCARD_DB : DEFAULT_DB_PATH;
  return isPgUrl(chosen) ? chosen : resolve(chosen);
}

/**
 * Opens (and migrates, unless `migrate` is false: to look at a database before anything is
 * written to it) the database at `location` for `mode`; Failure when it cannot.
 */
export function openStore(location: string, mode: DbMode, options: { migrate?: boolean } = {}): Promise<Store> {
  const migrate = options.migrate ?? true;
  return isPgUrl(location) ? openPg(location, mode, migrate) : openSqlite(location, mode, migrate);
}
