/**
 * Balance changes: the account update and its ledger row, always together. Call inside a
 * transaction (store.transaction) so a failure leaves neither.
 */
import { Failure } from "../exit";
import { moneyText } from "../output/format";
import { nowSeconds } from "../time";
import type { AccountRow } from "./records";
import type { Sql } from "./store";

export interface BalanceChange {
  /** Signed micro-units: positive credits, negative debits. */
  amountMicros: number;
  /** Ledger reason: issue, refill, credit, debit, void, … */
  reason: string;
  ref?: string;
  note?: string;
}

/** A ledger row as the commands show it. */
export interface LedgerRow {
  id: number;
  reason: string;
  amount_micros: number;
  balance_before_micros: number;
  balance_after_micros: number;
  ref: string;
  note: string;
  created_at: number;
}

/**
 * Applies a signed change to an account's balance and appends the ledger row; resolves with
 * that row. Failure INSUFFICIENT_FUNDS when the balance would fall below the money held by live
 * calls (available = balance − held), BALANCE_TOO_LARGE past 2^53 micro-units.
 */
export async function changeBalance(tx: Sql, accountId: number, change: BalanceChange): Promise<LedgerRow> {
  await tx.lockAccount(accountId);
  const acc = await tx.get<Pick<AccountRow, "balance_micros" | "held_micros" | "currency">>("SELECT balance_micros, held_micros, currency FROM accounts WHERE id = ?", [accountId]);
  if (acc === undefined) throw new Error(`changeBalance: no account ${accountId}`);
  const before = acc.balance_micros;
  const after = before + change.amountMicros;
  if (after < acc.held_micros) {
    const c = acc.currency;
    throw new Failure(
      "INSUFFICIENT_FUNDS",
      `account ${accountId} has only ${moneyText(before - acc.held_micros, c)} available (balance ${moneyText(before, c)}, held by live calls ${moneyText(acc.held_micros, c)})`,
    );
  }
  if (!Number.isSafeInteger(after)) throw new Failure("BALANCE_TOO_LARGE", `account ${accountId}: balance would be too large`);
  await tx.run("UPDATE accounts SET balance_micros = ? WHERE id = ? AND balance_micros = ?", [after, accountId, before]);
  const row = {
    reason: change.reason, amount_micros: change.amountMicros, balance_before_micros: before, balance_after_micros: after,
    ref: change.ref ?? "", note: change.note ?? "", created_at: nowSeconds(),
  };
  const id = await tx.insertId("ledger", { account_id: accountId, ...row });
  return { id, ...row };
}

/** The latest `limit` ledger rows of an account, newest first. */
export function latestLedger(db: Sql, accountId: number, limit: number): Promise<LedgerRow[]> {
  return db.all<LedgerRow>(
    "SELECT id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, note, created_at FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT ?",
    [accountId, limit],
  );
}
