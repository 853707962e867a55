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
  let result: { value: T; rollback?: boolean };
  try {
    result = fn();
  } catch (e) {
    pcall(() => sql.exec("ROLLBACK"));
    throw e;
  }
  if (result.rollback === true) {
    sql.exec("ROLLBACK");
  } else {
    // A failed COMMIT leaves the transaction open, and FreeSWITCH hands the handle to the next
    // script as it is: end it here so the pooled handle comes back clean.
    try {
      sql.exec("COMMIT");
    } catch (e) {
      pcall(() => sql.exec("ROLLBACK"));
      throw e;
    }
  }
  return result.value;
}

/**
 * PostgreSQL: lock the rows a money transaction reads before it reads them (SELECT … FOR
 * UPDATE), so concurrent calls on one account queue up as they do on SQLite, whose BEGIN
 * IMMEDIATE already serialises writers. A no-op on SQLite (which has no FOR UPDATE).
 */
export function lockForUpdate(sql: SqlPort, options: TxOptions, select: string): void {
  if (!options.sqlite) sql.rows(select + " FOR UPDATE");
}
