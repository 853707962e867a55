/** Card writes the IVR makes: activation on first use, maintenance fees, the caller's language. */
import { Activation, CardPolicy, maintenanceDue } from "../../domain/card_policy";
import { sqlInt, sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";
import { Card, accountById } from "./accounts";
import { appendLedger } from "./ledger";
import { lockAccount, withTransaction } from "./tx";

function optSql(n: number | undefined): string {
  return n === undefined ? "NULL" : sqlInt(n);
}

/** Marks a "new" card active (only if still new: a concurrent first call activates once). */
export function activateCard(sql: SqlPort, card: Card, a: Activation): void {
  sql.exec(
    "UPDATE cards SET state = 'active', first_used_at = " + sqlInt(a.firstUsedAt) +
      ", expires_at = " + optSql(a.expiresAt) + ", fees_paid_until = " + optSql(a.feesPaidUntil) +
      " WHERE id = " + sqlInt(card.id) + " AND state = 'new'",
  );
}

/**
 * Charges the maintenance fees due, at most the money available (never an overdraft), with a
 * ledger row. The account is read first; the transaction holds only the writes, each guarded by
 * what was read (a concurrent call that paid the fee, or changed the money, makes this one
 * charge nothing). Returns the amount charged (0 when nothing was due).
 */
export function chargeMaintenance(sql: SqlPort, card: Card, policy: CardPolicy, nowSeconds: number): number {
  const due = maintenanceDue(card, policy, nowSeconds);
  if (due === undefined) return 0;
  const account = accountById(sql, card.accountId);
  if (account === undefined) return 0;
  const available = account.balanceMicros - account.heldMicros;
  const charge = due.amountMicros < available ? due.amountMicros : available > 0 ? available : 0;
  const charged = withTransaction(sql, () => {
    lockAccount(sql, account.id);
    const moved = sql.exec(
      "UPDATE cards SET fees_paid_until = " + sqlInt(due.paidUntil) + " WHERE id = " + sqlInt(card.id) +
        " AND fees_paid_until = " + sqlInt(card.feesPaidUntil ?? 0),
    );
    if (moved !== 1) return { value: false, rollback: true }; // another call charged it first
    if (charge > 0) {
      const changed = sql.exec(
        "UPDATE accounts SET balance_micros = balance_micros - " + sqlInt(charge) + " WHERE id = " + sqlInt(account.id) +
          " AND balance_micros = " + sqlInt(account.balanceMicros) + " AND balance_micros - held_micros >= " + sqlInt(charge),
      );
      if (changed !== 1) return { value: false, rollback: true }; // the money changed since it was read: next call
      appendLedger(sql, {
        accountId: account.id, reason: "maintenance_fee", amountMicros: -charge,
        beforeMicros: account.balanceMicros, afterMicros: account.balanceMicros - charge,
        ref: "card " + card.serial, atSeconds: nowSeconds,
      });
    }
    return { value: true };
  });
  if (!charged) return 0;
  card.feesPaidUntil = due.paidUntil;
  return charge;
}

/** Remembers the language a card's caller chose (one of the catalogue's; no write when unchanged). */
export function rememberLanguage(sql: SqlPort, card: Card, language: string): void {
  if (card.language === language) return;
  sql.exec("UPDATE cards SET language = " + sqlText(language) + " WHERE id = " + sqlInt(card.id));
}
