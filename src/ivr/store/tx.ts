/**
 * Short write transactions. SQLite takes its write lock at BEGIN IMMEDIATE, so the reads
 * inside see the state the writes apply to; every money change is also a conditional
 * UPDATE, which keeps PostgreSQL (plain BEGIN) equally safe.
 */
import { SqlPort } from "../ports";

export interface TxOptions {
  sqlite: boolean;
}

/** Runs fn between BEGIN and COMMIT; ROLLBACK when fn throws or returns rollback: true. */
export function withTransaction<T>(sql: SqlPort, options: TxOptions, fn: () => { value: T; rollback?: boolean }): T {
  sql.exec(options.sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
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
 * PostgreSQL: lock the rows a money transaction reads before it reads them (SELECT … FOR
 * UPDATE), so concurrent calls on one account queue up as they do on SQLite, whose BEGIN
 * IMMEDIATE already serialises writers. A no-op on SQLite (which has no FOR UPDATE).
 */
export function lockForUpdate(sql: SqlPort, options: TxOptions, select: string): void {
  if (!options.sqlite) sql.rows(select + " FOR UPDATE");
}
