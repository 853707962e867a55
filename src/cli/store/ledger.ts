/**
 * Balance changes: the account update and its ledger row, always together. Callers run these
 * inside their own transaction (db.transaction) so a failure leaves neither.
 */
import { CliError } from "../framework";
import type { Db } from "./db";
import { nowSeconds } from "./db";
import type { AccountRow } from "./records";
import { moneyText } from "../output";

export interface BalanceChange {
  /** Signed micro-units: positive credits, negative debits. */
  amountMicros: number;
  /** Ledger reason: issue, refill, credit, debit, void, … */
  reason: string;
  ref?: string;
  note?: string;
}

/**
 * Applies a signed change to an account's balance and appends the ledger row.
 * Refuses (CliError) a change that would take the balance below the held amount
 * (available = balance − held) or push it past 2^53. Returns the balance after.
 */
export function changeBalance(db: Db, accountId: number, change: BalanceChange): number {
  const acc = db.prepare("SELECT balance_micros, held_micros, currency FROM accounts WHERE id = ?").get(accountId) as
    | Pick<AccountRow, "balance_micros" | "held_micros" | "currency">
    | undefined;
  if (acc === undefined) throw new Error(`changeBalance: no account ${accountId}`);
  const before = acc.balance_micros;
  const after = before + change.amountMicros;
  if (after < acc.held_micros) {
    const c = acc.currency;
    throw new CliError(
      `account ${accountId} has only ${moneyText(before - acc.held_micros, c)} available (balance ${moneyText(before, c)}, held by live calls ${moneyText(acc.held_micros, c)})`,
    );
  }
  if (!Number.isSafeInteger(after)) throw new CliError(`account ${accountId}: balance would be too large`);
  db.prepare("UPDATE accounts SET balance_micros = ? WHERE id = ? AND balance_micros = ?").run(after, accountId, before);
  db.prepare(
    "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(accountId, change.reason, change.amountMicros, before, after, change.ref ?? "", change.note ?? "", nowSeconds());
  return after;
}
