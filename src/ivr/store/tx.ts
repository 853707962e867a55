/**
 * Short write transactions. SQLite takes its write lock at BEGIN IMMEDIATE, so the reads
 * inside see the state the writes apply to; on PostgreSQL (plain BEGIN) a money transaction
 * locks the account row first (lockAccount), so concurrent calls on one account queue up the
 * same way and always take their locks in the same order.
 *
 * A transaction is known to have committed only when every statement in it did what it had to:
 * PostgreSQL's Dbh answers true to a COMMIT it rolled back, and to an INSERT a unique key
 * refused (0 rows). So writes whose row count matters go through write(), which throws on any
 * other count; the throw rolls the transaction back.
 */
import { sqlInt } from "../../domain/sql";
import { Write } from "../../domain/settlement";
import { SqlPort } from "../ports";
import { bug } from "../../domain/bug";

/** Runs fn between BEGIN and COMMIT; ROLLBACK when fn throws or returns rollback: true. */
export function withTransaction<T>(sql: SqlPort, fn: () => { value: T; rollback?: boolean }): T {
  sql.exec(sql.dialect === "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN");
  try {
    const result = fn();
    sql.exec(result.rollback === true ? "ROLLBACK" : "COMMIT");
    return result.value;
  } catch (e) {
    // Also when COMMIT itself fails: it leaves the transaction open, and FreeSWITCH hands the
    // pooled handle to the next script as it is.
    pcall(() => sql.exec("ROLLBACK"));
    throw e;
  }
}

/**
 * PostgreSQL: locks the account's row (SELECT … FOR UPDATE) before the transaction reads or
 * writes anything else of it. Every money transaction calls it first, so settle, reaping and
 * authorisation on one account never deadlock. A no-op on SQLite, whose BEGIN IMMEDIATE already
 * serialises writers.
 */
export function lockAccount(sql: SqlPort, accountId: number): void {
  if (sql.dialect === "pgsql") sql.rows("SELECT id FROM accounts WHERE id = " + sqlInt(accountId) + " FOR UPDATE");
}

/** Runs a statement that must change exactly w.rows rows; anything else throws (and rolls back). */
export function write(sql: SqlPort, w: Write): void {
  const changed = sql.exec(w.sql);
  if (changed !== w.rows) bug("write changed " + sqlInt(changed) + " rows, expected " + sqlInt(w.rows) + ": " + w.sql);
}

/**
 * Runs a plan of src/domain/settlement.ts in one transaction on the account: its guard first
 * (0 rows: the hold is gone, or a release finds it answered since; nothing is written), then
 * every other write. Returns false when the guard found nothing to do.
 */
export function runPlan(sql: SqlPort, accountId: number, writes: Write[]): boolean {
  return withTransaction(sql, () => {
    lockAccount(sql, accountId);
    if (sql.exec(writes[0].sql) !== 1) return { value: false, rollback: true };
    for (let i = 1; i < writes.length; i++) write(sql, writes[i]);
    return { value: true };
  });
}
