import { Command } from "../framework";

export const initCommand: Command = {
  name: "init",
  summary: "create the database, or migrate it to the current schema",
  usage: `Usage: ccard init [--db PATH]

Creates the SQLite database (and its folder) when missing and applies pending migrations.
Safe to run again: an up-to-date database is left as it is.`,
  run(_args, ctx) {
    const db = ctx.openDb({ create: true });
    const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number };
    db.close();
    ctx.stdout.write(`database ${ctx.dbPath()} at schema version ${row.v}\n`);
    return 0;
  },
};
