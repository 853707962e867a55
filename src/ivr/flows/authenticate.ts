/**
 * Who is calling on a calling-card access number: pinless by caller ID when the ANI is mapped
 * to a card of this product, else a PIN with limited tries. Failed PINs count per caller ID
 * and per access number across calls (windows and counts from the product); a locked key is
 * refused before any PIN is read. Each failure costs the caller a growing pause before the
 * next try. Success clears the caller ID's count; the access number's count (shared by every
 * caller) only expires with its window, so one attacker's own valid card cannot reset it.
 */
import { normaliseNumber } from "../../domain/numbers";
import { NetworkNumber } from "../../domain/caller_id";
import { intStr, isDigits } from "../../domain/intmath";
import { CardAccount, accountByCli, cardByPin } from "../store/accounts";
import { Product } from "../store/products";
import { FailedKey, FailureCount, clearFailures, lockState, recordFailures } from "../store/security";
import { Prompts } from "../voice";
import { MessageId } from "../../domain/prompts";
import { Deps } from "./deps";

export type AuthResult = { ok: true; who: CardAccount; pinless: boolean } | { ok: false; code: "HUNG_UP" | "LOCKED_OUT" | "NO_VALID_PIN" };

/** Access numbers tolerate this many times a product's failures before locking (many callers share one). */
export const DNIS_LOCKOUT_FACTOR = 20;

/** The pause after a failed PIN grows by this much per failure counted for the caller … */
export const PIN_DELAY_STEP_MS = 1000;
/** … up to this. */
export const PIN_DELAY_MAX_MS = 5000;

/**
 * The pause after a failed PIN, in ms: PIN_DELAY_STEP_MS × the failures counted so far for the
 * caller ID (for the access number when there is no caller ID), at most PIN_DELAY_MAX_MS.
 */
export function pinFailureDelayMs(failures: number): number {
  const ms = PIN_DELAY_STEP_MS * failures;
  return ms < PIN_DELAY_MAX_MS ? ms : PIN_DELAY_MAX_MS;
}

interface Failed {
  ani?: FailureCount;
  dnis: FailureCount;
}

/** The card of this product whose caller ID is mapped to the caller (pinless), if any. */
export function pinlessCard(deps: Deps, product: Product, caller: NetworkNumber | undefined): CardAccount | undefined {
  if (caller === undefined) return undefined;
  const e164 = normaliseNumber(caller.text, product.dialRules);
  if (!e164.ok) return undefined;
  const mapped = accountByCli(deps.sql, e164.value, deps.clock.nowSeconds());
  if (mapped === undefined || mapped.card === undefined || mapped.card.productId !== product.id) return undefined;
  return { card: mapped.card, account: mapped.account };
}

/**
 * Counts one wrong PIN (a card's, or a voucher's: `what` AUTH or VOUCHER in the log line) for
 * the caller ID and the access number, logs it, and either plays the lockout (LOCKED_OUT: end
 * the call) or waits the growing pause and plays `wrongPrompt` (TRY_AGAIN). HUNG_UP when the
 * caller left meanwhile.
 */
export function countPinFailure(deps: Deps, voice: Prompts, product: Product, ani: string | undefined, dnis: string, what: string,
  wrongPrompt: MessageId): "TRY_AGAIN" | "LOCKED_OUT" | "HUNG_UP" {
  const aniPolicy = { failures: product.lockoutFailures, windowSeconds: product.lockoutWindowSeconds };
  const dnisPolicy = { failures: product.lockoutFailures * DNIS_LOCKOUT_FACTOR, windowSeconds: product.lockoutWindowSeconds };
  const keys: FailedKey[] = [{ kind: "dnis", key: dnis, policy: dnisPolicy }];
  if (ani !== undefined) keys.push({ kind: "ani", key: ani, policy: aniPolicy });
  const counts = recordFailures(deps.sql, keys, deps.clock.nowSeconds());
  const f: Failed = { dnis: counts[0], ani: ani === undefined ? undefined : counts[1] };
  const locked = (f.ani !== undefined && f.ani.locked) || f.dnis.locked;
  const delayMs = pinFailureDelayMs((f.ani ?? f.dnis).failures);
  // One line per failure, stable for alerting: AUTH_FAILED …, and AUTH_LOCKOUT when a key locks.
  deps.log.warning(
    what + (locked ? "_LOCKOUT" : "_FAILED") + " ani=" + (ani ?? "none") + " ani_failures=" + intStr(f.ani === undefined ? 0 : f.ani.failures) +
      " dnis=" + dnis + " dnis_failures=" + intStr(f.dnis.failures) + " delay_ms=" + intStr(locked ? 0 : delayMs),
  );
  if (locked) {
    deps.call.play(voice.say(["locked_out"]));
    return "LOCKED_OUT";
  }
  deps.call.sleep(delayMs);
  // A well-formed wrong PIN passed playAndGetDigits' check, so it played no bad-input prompt.
  if (!deps.call.ready() || !deps.call.play(voice.say([wrongPrompt]))) return "HUNG_UP";
  return "TRY_AGAIN";
}

export function authenticate(deps: Deps, voice: Prompts, product: Product, caller: NetworkNumber | undefined, dnis: string): AuthResult {
  const byCli = pinlessCard(deps, product, caller);
  const ani = caller === undefined ? undefined : caller.digits;
  if (byCli !== undefined) return { ok: true, who: byCli, pinless: true };

  const now = deps.clock.nowSeconds();
  const state = lockState(deps.sql, ani, dnis, now);
  let aniHasFailures = state.aniHasFailures;
  if (state.locked) {
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
      if (ani !== undefined && aniHasFailures) clearFailures(deps.sql, "ani", ani);
      return { ok: true, who: found, pinless: false };
    }
    if (pin !== "") {
      aniHasFailures = aniHasFailures || ani !== undefined;
      const failed = countPinFailure(deps, voice, product, ani, dnis, "AUTH", "invalid_pin");
      if (failed !== "TRY_AGAIN") return { ok: false, code: failed };
    }
    // An empty result (timeout, too few digits): playAndGetDigits already played invalid_pin.
  }
  return { ok: false, code: "NO_VALID_PIN" };
}
