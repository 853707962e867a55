/**
 * The migration runner, through the store interface (so every engine migrates alike): applies
 * every migration of schema.ts newer than the database's version, each in its own transaction,
 * with the schema text of the store's dialect.
 */
import { Failure } from "../exit";
import { nowSeconds } from "../time";
import { MIGRATIONS, migrationSql } from "./schema";
import type { Sql, Store } from "./store";

/** The newest migration applied to the database (0 for none). */
export async function schemaVersion(sql: Sql): Promise<number> {
  const row = await sql.get<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations");
  return row?.v ?? 0;
}

/**
 * Applies the pending migrations; resolves with the versions applied. Failure DATABASE_TOO_NEW
 * when a newer ccard has migrated the database: writing it with older rules could break what
 * that version relies on.
 */
export async function migrate(store: Store): Promise<number[]> {
  await store.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const current = await schemaVersion(store);
  const known = MIGRATIONS[MIGRATIONS.length - 1].version;
  if (current > known) throw new Failure("DATABASE_TOO_NEW", `the database is at schema version ${current}, this ccard knows up to ${known}: upgrade ccard`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await store.transaction(async (tx) => {
      await tx.exec(migrationSql(m, tx.dialect));
      await tx.insert("schema_migrations", { version: m.version, name: m.name, applied_at: nowSeconds() });
    });
    applied.push(m.version);
  }
  return applied;
}
