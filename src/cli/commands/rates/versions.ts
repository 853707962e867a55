/**
 * The deck versions of a rate table as the CLI shows and changes them: the one in force at an
 * instant (picked by the IVR's own rule, domain/rate_sql.ts versionInForce), the pending ones, and
 * deleting a version's rows a bounded number at a time.
 */
import { versionInForce } from "../../../domain/rate_sql";
import { Failure } from "../../exit";
import type { Sql, Store } from "../../store/store";

export interface DeckVersion {
  version: number;
  effective_at: number;
  row_count: number;
  max_prefix_digits: number;
}

const COLUMNS = "v.version, v.effective_at, v.row_count, v.max_prefix_digits";

/** The version of a table in force at epoch second `at`, if it has one. */
export function versionAt(db: Sql, tableId: number, at: number): Promise<DeckVersion | undefined> {
  return db.get<DeckVersion>(`SELECT ${COLUMNS} FROM rate_versions v WHERE v.table_id = ? AND v.version = ${versionInForce("?", "?")}`, [tableId, tableId, at]);
}

/** Version `version` of a table (any: in force, pending or superseded); Failure VERSION_NOT_FOUND when it has none. */
export async function findVersion(db: Sql, table: { id: number; name: string }, version: number): Promise<DeckVersion> {
  const v = await db.get<DeckVersion>(`SELECT ${COLUMNS} FROM rate_versions v WHERE v.table_id = ? AND v.version = ?`, [table.id, version]);
  if (v === undefined) throw new Failure("VERSION_NOT_FOUND", `rate table '${table.name}' has no version ${version} (see 'ccard rates tables')`);
  return v;
}

/** The versions of a table that take effect after `at`, soonest first. */
export function pendingAfter(db: Sql, tableId: number, at: number): Promise<DeckVersion[]> {
  return db.all<DeckVersion>(`SELECT ${COLUMNS} FROM rate_versions v WHERE v.table_id = ? AND v.effective_at > ? ORDER BY v.effective_at, v.version`, [tableId, at]);
}

/** Rows deleted per statement when a version goes (never one long write lock). */
const DELETE_EVERY_ROWS = 20000;

/**
 * Deletes the rows of one version of a table's deck, DELETE_EVERY_ROWS rows a statement: each
 * deletes up to the prefix DELETE_EVERY_ROWS rows on, a range the primary key reads directly
 * (faster than deleting by a list of keys, and portable). Its rate_versions row must be gone
 * already (or never made), so no call reads the rows meanwhile.
 */
export async function deleteRows(db: Store, tableId: number, version: number): Promise<void> {
  const sql =
    "DELETE FROM rates WHERE table_id = ? AND version = ? AND prefix <= COALESCE(" +
    `(SELECT prefix FROM rates WHERE table_id = ? AND version = ? ORDER BY prefix LIMIT 1 OFFSET ${DELETE_EVERY_ROWS - 1}), ` +
    "(SELECT MAX(prefix) FROM rates WHERE table_id = ? AND version = ?))";
  const key = [tableId, version];
  while ((await db.run(sql, [...key, ...key, ...key])) > 0) {
    // Each statement commits on its own: a waiting writer gets the lock between them.
  }
}

/**
 * Deletes what no call can read again, as of `now`: versions superseded by the one in force
 * (an earlier effective_at, or the same and a lower version) and the rows of lower versions than
 * `below` that no rate_versions row names (an import that crashed or was discarded; a slower
 * concurrent import below `below` is refused when it tries to switch, see load_deck.ts).
 */
export async function deleteUnreachable(db: Store, tableId: number, below: number, now: number): Promise<void> {
  const current = await versionAt(db, tableId, now);
  if (current !== undefined) {
    const dead = await db.all<{ version: number }>(
      "SELECT version FROM rate_versions WHERE table_id = ? AND (effective_at < ? OR (effective_at = ? AND version < ?))",
      [tableId, current.effective_at, current.effective_at, current.version],
    );
    for (const d of dead) {
      await db.run("DELETE FROM rate_versions WHERE table_id = ? AND version = ?", [tableId, d.version]);
      await deleteRows(db, tableId, d.version);
    }
  }
  // Each distinct version below `below` by one index seek (never a scan of a live deck's rows).
  const registered = new Set((await db.all<{ version: number }>("SELECT version FROM rate_versions WHERE table_id = ?", [tableId])).map((r) => r.version));
  let next = await db.get<{ v: number | null }>("SELECT MAX(version) AS v FROM rates WHERE table_id = ? AND version < ?", [tableId, below]);
  while (next?.v != null) {
    const version = next.v;
    if (!registered.has(version)) await deleteRows(db, tableId, version);
    next = await db.get<{ v: number | null }>("SELECT MAX(version) AS v FROM rates WHERE table_id = ? AND version < ?", [tableId, version]);
  }
}
