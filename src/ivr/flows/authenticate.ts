/**
 * Who is calling on a calling-card access number: pinless by caller ID when the ANI is mapped
 * to a card of this product, else a PIN with limited tries. Failed PINs count per caller ID
 * and per access number across calls; a locked key is refused before any PIN is read.
 */
import { normaliseNumber } from "../../domain/numbers";
import { isDigits } from "../../domain/intmath";
import { CardAccount, accountByCli, cardByPin } from "../store/accounts";
import { Product } from "../store/products";
import { clearFailures, isLocked, recordFailure } from "../store/security";
import { Voice } from "../voice";
import { Deps } from "./deps";

export type AuthResult = { ok: true; who: CardAccount; pinless: boolean } | { ok: false; code: "HUNG_UP" | "LOCKED_OUT" | "NO_VALID_PIN" };

/** Access numbers tolerate this many times a product's failures before locking (many callers share one). */
export const DNIS_LOCKOUT_FACTOR = 20;

function pinless(deps: Deps, product: Product, ani: string | undefined): CardAccount | undefined {
  if (ani === undefined) return undefined;
  const e164 = normaliseNumber(ani, product.dialRules);
  if (!e164.ok) return undefined;
  const mapped = accountByCli(deps.sql, e164.value);
  if (mapped === undefined || mapped.card === undefined || mapped.card.productId !== product.id) return undefined;
  return { card: mapped.card, account: mapped.account };
}

export function authenticate(deps: Deps, voice: Voice, product: Product, ani: string | undefined, dnis: string): AuthResult {
  const byCli = pinless(deps, product, ani);
  if (byCli !== undefined) return { ok: true, who: byCli, pinless: true };

  const now = deps.clock.nowSeconds();
  const aniPolicy = { failures: product.lockoutFailures, windowSeconds: product.lockoutWindowSeconds };
  const dnisPolicy = { failures: product.lockoutFailures * DNIS_LOCKOUT_FACTOR, windowSeconds: product.lockoutWindowSeconds };
  if ((ani !== undefined && isLocked(deps.sql, "ani", ani, now)) || isLocked(deps.sql, "dnis", dnis, now)) {
    deps.log.warning("AUTH_LOCKED ani=" + (ani ?? "none") + " dnis=" + dnis + ": refused before PIN entry");
    deps.call.play(voice.say(["locked_out"]));
    return { ok: false, code: "LOCKED_OUT" };
  }
  for (let attempt = 1; attempt <= product.pinMaxTries; attempt++) {
    const pin = deps.call.readDigits({
      minDigits: product.pinLength, maxDigits: product.pinLength, tries: 1, timeoutMs: deps.settings.pinTimeoutMs,
      prompt: voice.say(["enter_pin"]), badPrompt: voice.say(["invalid_pin"]), terminators: "#",
    });
    if (pin === undefined) return { ok: false, code: "HUNG_UP" };
    const found = pin.length === product.pinLength && isDigits(pin) ? cardByPin(deps.sql, pin) : undefined;
    if (found !== undefined && found.card.productId === product.id) {
      if (ani !== undefined) clearFailures(deps.sql, "ani", ani);
      return { ok: true, who: found, pinless: false };
    }
    if (pin !== "") {
      const nowFail = deps.clock.nowSeconds();
      const aniLocked = ani !== undefined && recordFailure(deps.sql, "ani", ani, aniPolicy, nowFail);
      const dnisLocked = recordFailure(deps.sql, "dnis", dnis, dnisPolicy, nowFail);
      deps.log.warning("AUTH_FAILED ani=" + (ani ?? "none") + " dnis=" + dnis + (aniLocked || dnisLocked ? " LOCKED" : ""));
      if (aniLocked || dnisLocked) {
        deps.call.play(voice.say(["locked_out"]));
        return { ok: false, code: "LOCKED_OUT" };
      }
    }
    if (!deps.call.play(voice.say(["invalid_pin"]))) return { ok: false, code: "HUNG_UP" };
  }
  return { ok: false, code: "NO_VALID_PIN" };
}
