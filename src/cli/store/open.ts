/**
 * Which database a command works on, and the one place it is opened: `--db`, else CCARD_DB,
 * else DEFAULT_DB_PATH. Today every location is an SQLite file; the engine is chosen here.
 */
import { resolve } from "node:path";
import { openSqlite } from "./sqlite";
import type { DbMode, Store } from "./store";

/** Where the database lives unless --db or CCARD_DB says otherwise. */
const DEFAULT_DB_PATH = "/var/lib/ccard/ccard.db";

/** The database location from the environment (CCARD_DB, which --db sets), made absolute. */
export function dbLocation(env: NodeJS.ProcessEnv): string {
  const chosen = env.CCARD_DB !== undefined && env.CCARD_DB !== "" ? env.CCARD_DB : DEFAULT_DB_PATH;
  return resolve(chosen);
}

/** Opens (and migrates) the database at `location` for `mode`; Failure when it cannot. */
export function openStore(location: string, mode: DbMode): Promise<Store> {
  return openSqlite(location, mode);
}
