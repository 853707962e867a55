/**
 * What `db copy` compares between the two databases: per table a row count and a digest of its
 * content that does not depend on the order rows come in (the engines order text differently),
 * and each account's balance and held money.
 */
import { createHash } from "node:crypto";
import type { Sql, SqlValue } from "../../store/store";

const MOD = 1n << 64n;

/** A multiset digest: the sum, mod 2^64, of each row's SHA-256 prefix (rows are unique by their key). */
export class TableDigest {
  rows = 0;
  private sum = 0n;

  add(row: readonly SqlValue[]): void {
    const h = createHash("sha256").update(JSON.stringify(row)).digest();
    this.sum = (this.sum + h.readBigUInt64BE(0)) % MOD;
    this.rows++;
  }

  get hex(): string {
    return this.sum.toString(16).padStart(16, "0");
  }
}

/** The rows of `table` (these columns, in this order) read in batches, each handed to fn. */
export async function eachRow(db: Sql, table: string, columns: readonly string[], fn: (row: SqlValue[]) => void | Promise<void>, batchRows = 5000): Promise<void> {
  for await (const batch of db.arrayBatches(`SELECT ${columns.join(", ")} FROM ${table}`, [], batchRows)) {
    for (const row of batch) await fn(row);
  }
}

/** The digest of a whole table. */
export async function digestOf(db: Sql, table: string, columns: readonly string[]): Promise<TableDigest> {
  const d = new TableDigest();
  await eachRow(db, table, columns, (row) => d.add(row));
  return d;
}

/** Each account's id, balance and held money, by id: "id:balance:held" lines. */
export async function balancesOf(db: Sql): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of db.arrayBatches("SELECT id, balance_micros, held_micros FROM accounts ORDER BY id", [], 5000)) {
    for (const [id, balance, held] of batch) out.push(`${id}:${balance}:${held}`);
  }
  return out;
}
