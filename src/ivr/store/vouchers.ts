/**
 * Recharge vouchers: cards of a voucher product (products.vouchers), redeemed whole onto a
 * caller's card in one transaction — the voucher's account emptied and closed (used), its card
 * voided, the card's account credited, a ledger row on each side. The voucher's UPDATE is the
 * guard: it changes a row only while the voucher still holds exactly its value, so the same
 * voucher entered on two calls at once credits once.
 */
import { checkCardUsable } from "../../domain/card_policy";
import { Result, fail, ok } from "../../domain/result";
import { sqlInt } from "../../domain/sql";
import { SqlPort } from "../ports";
import { Account, CardAccount, cardByPin } from "./accounts";
import { appendLedger } from "./ledger";
import { first, int } from "./rows";
import { lockAccount, withTransaction, write } from "./tx";
import { bug } from "../../domain/bug";

export type VoucherRefusal = "VOUCHER_USED" | "VOUCHER_EXPIRED" | "VOUCHER_BLOCKED" | "VOUCHER_CURRENCY";

/** Ledger reasons of a redemption: the voucher's side and the card's. */
export const VOUCHER_REDEEMED_REASON = "voucher_redeemed";
export const VOUCHER_TOPUP_REASON = "voucher_topup";

/** The voucher with this PIN (a card of a voucher product), or undefined. */
export function voucherByPin(sql: SqlPort, pin: string): CardAccount | undefined {
  const found = cardByPin(sql, pin);
  if (found === undefined) return undefined;
  const p = first(sql.rows("SELECT vouchers FROM products WHERE id = " + sqlInt(found.card.productId)));
  return p !== undefined && int(p, "vouchers") === 1 ? found : undefined;
}

/** What a redemption did: the amount moved and the card account's balance after it. */
export interface Redeemed {
  amountMicros: number;
  balanceAfterMicros: number;
}

/** Moves the voucher's whole value onto `target` (a card's active account), or says why not. */
export function redeemVoucher(sql: SqlPort, voucher: CardAccount, target: Account, nowSeconds: number): Result<Redeemed, VoucherRefusal> {
  const v = voucher.account;
  if (v.state === "closed" || v.balanceMicros <= 0) return fail("VOUCHER_USED");
  const usable = checkCardUsable(voucher.card, nowSeconds);
  if (!usable.ok) return fail(usable.code === "CARD_EXPIRED" ? "VOUCHER_EXPIRED" : "VOUCHER_BLOCKED");
  if (v.state !== "active") return fail("VOUCHER_BLOCKED");
  if (v.currency !== target.currency) return fail("VOUCHER_CURRENCY");
  const amount = v.balanceMicros;
  const ref = voucher.card.serial;
  return withTransaction<Result<Redeemed, VoucherRefusal>>(sql, () => {
    // Both accounts, in id order (PostgreSQL: no deadlock between two redemptions crossing).
    lockAccount(sql, v.id < target.id ? v.id : target.id);
    lockAccount(sql, v.id < target.id ? target.id : v.id);
    const taken = sql.exec("UPDATE accounts SET balance_micros = 0, state = 'closed' WHERE id = " + sqlInt(v.id) +
      " AND state = 'active' AND held_micros = 0 AND balance_micros = " + sqlInt(amount));
    if (taken !== 1) return { value: fail("VOUCHER_USED"), rollback: true };
    write(sql, { sql: "UPDATE cards SET state = 'void' WHERE id = " + sqlInt(voucher.card.id), rows: 1 });
    const before = first(sql.rows("SELECT balance_micros FROM accounts WHERE id = " + sqlInt(target.id) + " AND state = 'active'"));
    if (before === undefined) bug("the card's account is gone or no longer active");
    const balance = int(before, "balance_micros");
    write(sql, { sql: "UPDATE accounts SET balance_micros = balance_micros + " + sqlInt(amount) + " WHERE id = " + sqlInt(target.id), rows: 1 });
    appendLedger(sql, { accountId: v.id, reason: VOUCHER_REDEEMED_REASON, amountMicros: -amount, beforeMicros: amount, afterMicros: 0, ref, atSeconds: nowSeconds });
    appendLedger(sql, { accountId: target.id, reason: VOUCHER_TOPUP_REASON, amountMicros: amount, beforeMicros: balance, afterMicros: balance + amount, ref, atSeconds: nowSeconds });
    return { value: ok({ amountMicros: amount, balanceAfterMicros: balance + amount }) };
  });
}
