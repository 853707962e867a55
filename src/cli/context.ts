/** The real process context: stdio, environment, and the database chosen by --db / CCARD_DB. */
import { Context } from "./framework";
import { Db, StoreError, openDb, resolveDbPath } from "./store/db";
import { CliError } from "./framework";

export function processContext(): Context {
  const ctx: Context = {
    stdout: { write: (t) => void process.stdout.write(t) },
    stderr: { write: (t) => void process.stderr.write(t) },
    env: process.env,
    interactive: process.stderr.isTTY === true,
    dbPath: () => resolveDbPath(undefined, ctx.env),
    openDb: (options) => openStore(ctx.dbPath(), options?.create === true),
  };
  return ctx;
}

/** openDb with StoreError turned into the CLI's expected-failure error. */
export function openStore(path: string, create: boolean): Db {
  try {
    return openDb(path, { create });
  } catch (e) {
    if (e instanceof StoreError) throw new CliError(e.message);
    throw e;
  }
}
