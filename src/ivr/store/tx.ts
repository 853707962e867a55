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
import { sqlInt, sqlText } from "../../domain/sql";
import { Write } from "../../domain/settlement";
import { SqlPort } from "../ports";

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

/** lockAccount for the account a hold belongs to (a no-op when there is no such hold). */
export function lockAccountOfHold(sql: SqlPort, uuid: string): void {
  if (sql.dialect === "pgsql") {
    sql.rows("SELECT a.id FROM holds h JOIN accounts a ON a.id = h.account_id WHERE h.uuid = " + sqlText(uuid) + " FOR UPDATE OF a");
  }
}

/** Runs a statement that must change exactly w.rows rows; anything else throws (and rolls back). */
export function write(sql: SqlPort, w: Write): void {
  const changed = sql.exec(w.sql);
  if (changed !== w.rows) throw new Error("write changed " + sqlInt(changed) + " rows, expected " + sqlInt(w.rows) + ": " + w.sql);
}
