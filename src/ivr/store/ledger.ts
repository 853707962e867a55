/** The append-only ledger: every balance change with its reason and before/after. */
import { sqlInt, sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";
import { write } from "./tx";

export interface LedgerEntry {
  accountId: number;
  reason: string;
  amountMicros: number;
  beforeMicros: number;
  afterMicros: number;
  ref: string;
  atSeconds: number;
}

/** Call inside the transaction that changes the balance. */
export function appendLedger(sql: SqlPort, e: LedgerEntry): void {
  write(sql, {
    sql: "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" +
      [sqlInt(e.accountId), sqlText(e.reason), sqlInt(e.amountMicros), sqlInt(e.beforeMicros), sqlInt(e.afterMicros), sqlText(e.ref), sqlInt(e.atSeconds)].join(", ") + ")",
    rows: 1,
  });
}
