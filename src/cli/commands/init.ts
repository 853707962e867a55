import { command } from "../framework/command";
import { changed } from "../output/print";
import { schemaVersion } from "../store/migrate";

export const initCommand = command({
  name: "init",
  summary: "create the database, or migrate it to the current schema",
  about: `Creates the SQLite database (and its folder) when missing and applies pending migrations.
On PostgreSQL (--db postgres://USER:PASS@HOST:PORT/DB) the database must exist, empty or
ccard's: init creates the schema in it, as the user of the URL (who needs the right to create
tables there); creating the database itself is for its administrator (CREATE DATABASE … OWNER …).
Safe to run again: an up-to-date database is left as it is.`,
  db: "create",
  async run(_input, { db }) {
    const version = await schemaVersion(db);
    return changed(`database ${db.location} at schema version ${version}`, { database: db.location, schema_version: version });
  },
});
