/** Reading, normalising and rating the number a card caller dials. */
import { normaliseNumber } from "../../domain/numbers";
import { Product } from "../store/products";
import { RatedDestination, findRate, isBlocked } from "../store/rates";
import { Prompts } from "../voice";
import { Deps } from "./deps";

export type DestinationResult =
  | { ok: true; e164: string; rated: RatedDestination }
  | { ok: false; code: "HUNG_UP" | "NO_VALID_DESTINATION" | "VOUCHER_KEY" };

/**
 * Asks for a destination until one is valid and rated, at most ccard_destination_tries times;
 * VOUCHER_KEY when the caller entered the product's voucher key instead.
 */
export function readDestination(deps: Deps, voice: Prompts, product: Product, lead: string[]): DestinationResult {
  let prompt = [...lead, ...voice.say(["enter_destination"])];
  for (let attempt = 1; attempt <= deps.settings.destinationTries; attempt++) {
    const raw = deps.call.readDigits({
      minDigits: 1, maxDigits: 20, tries: 1, timeoutMs: deps.settings.digitTimeoutMs,
      prompt, badPrompt: voice.say(["invalid_number"]), terminators: "#",
    });
    if (raw === undefined) return { ok: false, code: "HUNG_UP" };
    prompt = voice.say(["enter_destination"]);
    if (raw === "") continue;
    if (product.voucherKey !== "" && raw === product.voucherKey) return { ok: false, code: "VOUCHER_KEY" };
    const e164 = normaliseNumber(raw, product.dialRules);
    if (!e164.ok) {
      if (!deps.call.play(voice.say(["invalid_number"]))) return { ok: false, code: "HUNG_UP" };
      continue;
    }
    if (isBlocked(deps.sql, product, e164.value)) {
      deps.log.info("DESTINATION_BLOCKED: " + e164.value + " is blocked for product " + product.name);
      if (!deps.call.play(voice.say(["destination_barred"]))) return { ok: false, code: "HUNG_UP" };
      continue;
    }
    const rated = findRate(deps.sql, product.rateTableId, e164.value, deps.clock.nowSeconds(), product.rateMaxPrefixDigits);
    if (rated === undefined) {
      deps.log.info("no rate for " + e164.value + " in table of product " + product.name);
      if (!deps.call.play(voice.say(["destination_unavailable"]))) return { ok: false, code: "HUNG_UP" };
      continue;
    }
    return { ok: true, e164: e164.value, rated };
  }
  return { ok: false, code: "NO_VALID_DESTINATION" };
}
