/**
 * Voucher top-up in a card call: at the destination prompt the caller enters the product's
 * voucher key, then a recharge voucher's PIN; its value moves onto their card (store/vouchers.ts)
 * and the new balance is announced. A wrong voucher PIN counts toward the lockout like a wrong
 * card PIN; a used, expired, blocked or other-currency voucher gets its own prompt.
 */
import { intStr, isDigits } from "../../domain/intmath";
import { MessageId } from "../../domain/prompts";
import { CardAccount } from "../store/accounts";
import { Product } from "../store/products";
import { VoucherRefusal, redeemVoucher, voucherByPin } from "../store/vouchers";
import { Voice } from "../voice";
import { countPinFailure } from "./authenticate";
import { CardDeps } from "./deps";

const REFUSAL_PROMPT: Record<VoucherRefusal, MessageId> = {
  VOUCHER_USED: "voucher_used",
  VOUCHER_EXPIRED: "voucher_expired",
  VOUCHER_BLOCKED: "voucher_blocked",
  VOUCHER_CURRENCY: "voucher_currency",
};

/** Voucher PINs are card PINs: 4 to 18 digits. */
const MIN_PIN = 4;
const MAX_PIN = 18;

/** One redemption attempt; "DONE" (back to the destination prompt), or why the call ends. */
export function topUp(deps: CardDeps, voice: Voice, product: Product, who: CardAccount, ani: string | undefined, dnis: string): "DONE" | "HUNG_UP" | "LOCKED_OUT" {
  const pin = deps.call.readDigits({
    minDigits: MIN_PIN, maxDigits: MAX_PIN, tries: 1, timeoutMs: deps.settings.pinTimeoutMs,
    prompt: voice.say(["enter_voucher"]), badPrompt: voice.say(["voucher_invalid"]), terminators: "#",
  });
  if (pin === undefined) return "HUNG_UP";
  if (pin === "") return "DONE"; // nothing entered, or too short: playAndGetDigits said so
  const voucher = isDigits(pin) ? voucherByPin(deps.sql, pin) : undefined;
  if (voucher === undefined) {
    const failed = countPinFailure(deps, voice, product, ani, dnis, "VOUCHER", "voucher_invalid");
    return failed === "TRY_AGAIN" ? "DONE" : failed;
  }
  const r = redeemVoucher(deps.sql, voucher, who.account, deps.clock.nowSeconds());
  if (!r.ok) {
    deps.log.info("VOUCHER_REFUSED " + r.code + " voucher=" + voucher.card.serial + " card=" + who.card.serial);
    return deps.call.play(voice.say([REFUSAL_PROMPT[r.code]])) ? "DONE" : "HUNG_UP";
  }
  deps.log.info("VOUCHER_REDEEMED voucher=" + voucher.card.serial + " card=" + who.card.serial + " micros=" + intStr(r.value.amountMicros));
  who.account.balanceMicros = r.value.balanceAfterMicros; // as the database now has it
  return deps.call.play([...voice.say(["voucher_added"])]) ? "DONE" : "HUNG_UP";
}
