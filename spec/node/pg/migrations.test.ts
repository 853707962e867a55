/**
 * Migrations on PostgreSQL: 1…N applied to an empty database by `ccard init` give the same
 * schema (columns, constraints, indexes, as information_schema and pg_indexes state them) as a
 * database taken from version 1, with data, up one step at a time; and the data comes through.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MIGRATIONS, migrationSql } from "../../../src/cli/store/schema";
import { exec, ok, onlyOn, query, tempDb } from "../support/db";

const PG = onlyOn("pgsql");

/** The schema as PostgreSQL describes it, in a stable order. */
function schema(db: string): Record<string, unknown[]> {
  return {
    columns: query(
      db,
      "SELECT table_name, column_name, ordinal_position, data_type, is_nullable, column_default, is_identity, identity_generation FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
    ),
    // NOT NULL shows as a CHECK named after object ids, which differ between databases: the columns say it.
    constraints: query<{ constraint_name: string }>(
      db,
      "SELECT tc.table_name, tc.constraint_name, tc.constraint_type, cc.check_clause FROM information_schema.table_constraints tc " +
        "LEFT JOIN information_schema.check_constraints cc ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name " +
        "WHERE tc.table_schema = current_schema() ORDER BY tc.table_name, tc.constraint_name",
    ).filter((c) => !/^\d+_\d+_\d+_not_null$/.test(c.constraint_name)),
    keys: query(
      db,
      "SELECT table_name, constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage WHERE table_schema = current_schema() ORDER BY table_name, constraint_name, ordinal_position",
    ),
    references: query(
      db,
      "SELECT constraint_name, unique_constraint_name, update_rule, delete_rule FROM information_schema.referential_constraints WHERE constraint_schema = current_schema() ORDER BY constraint_name",
    ),
    indexes: query(db, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname"),
  };
}

test("migrations 1…N on an empty database and step by step give the same schema", PG, async () => {
  const fresh = tempDb({ empty: true });
  const stepped = tempDb({ empty: true });
  try {
    await ok(fresh.db, ["init"]);
    exec(stepped.db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    // Version 1 with a business in it, then each later migration on its own, the last by ccard itself.
    exec(stepped.db, migrationSql(MIGRATIONS[0], "pgsql"));
    exec(stepped.db, "INSERT INTO schema_migrations VALUES (1, 'core', 0)");
    exec(
      stepped.db,
      `INSERT INTO rate_tables (name, active_version, created_at) VALUES ('a', 2, 0), ('empty', 0, 0);
       INSERT INTO rates (table_id, version, prefix, rate_per_minute_micros, initial_seconds, increment_seconds)
         VALUES (1, 1, '4420712345', 1, 1, 1), (1, 2, '44', 1, 1, 1), (1, 2, '44207', 1, 1, 1);
       INSERT INTO products (name, rate_table_id, created_at) VALUES ('gold', 1, 0);
       INSERT INTO accounts (product_id, kind, currency, balance_micros, created_at) VALUES (1, 'card', 'USD', 100, 0);
       INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros,
         connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, created_at, expires_at)
         VALUES ('h1', 1, 1, 0, 60, '44', '44', 1, 1, 0, 0, 1, 1, 0, 0, 0, 9999999999);
       INSERT INTO cdrs (uuid, account_id, product_id, destination, prefix, rate_table_id, rate_per_minute_micros, granted_seconds, answered_ms, cost_micros,
         balance_before_micros, balance_after_micros, started_at, settled_at) VALUES ('c1', 1, 1, '44', '44', 1, 1, 60, 0, 0, 100, 100, 0, 0);`,
    );
    for (const m of MIGRATIONS.slice(1, -1)) {
      exec(stepped.db, migrationSql(m, "pgsql"));
      exec(stepped.db, "INSERT INTO schema_migrations VALUES (?, ?, 0)", m.version, m.name);
    }
    const up = await ok(stepped.db, ["init"]);
    assert.match(up.stdout, new RegExp(`at schema version ${MIGRATIONS[MIGRATIONS.length - 1].version}\\n$`));
    const a = schema(fresh.db);
    const b = schema(stepped.db);
    assert.ok(a.columns.length > 150 && a.indexes.length > 20, `${a.columns.length} columns, ${a.indexes.length} indexes`);
    for (const k of Object.keys(a)) assert.deepEqual(b[k], a[k], k);
    // Migration 2's UPDATE learnt each deck's longest prefix; migration 3's defaults apply to old rows.
    assert.deepEqual(query(stepped.db, "SELECT id, max_prefix_digits AS m, max_prefix_version AS v FROM rate_tables ORDER BY id"), [
      { id: 1, m: 5, v: 2 },
      { id: 2, m: 15, v: 0 },
    ]);
    assert.deepEqual(query(stepped.db, "SELECT estimated, billed_ms FROM cdrs"), [{ estimated: 0, billed_ms: null }]);
    // Migration 4 registered each table's active deck as in force since ever, with its longest prefix.
    assert.deepEqual(query(stepped.db, "SELECT table_id, version, effective_at AS e, max_prefix_digits AS m, row_count AS n FROM rate_versions"), [
      { table_id: 1, version: 2, e: 0, m: 5, n: 2 },
    ]);
    assert.deepEqual(query(stepped.db, "SELECT answered_at FROM holds"), [{ answered_at: null }]);
    // The CHECKs added by ALTER TABLE hold on PostgreSQL too.
    assert.throws(() => exec(stepped.db, "UPDATE rate_tables SET max_prefix_digits = 16"), /max_prefix_digits_check/);
    assert.throws(() => exec(stepped.db, "UPDATE cdrs SET estimated = 2"), /estimated_check/);
  } finally {
    fresh.cleanup();
    stepped.cleanup();
  }
});
