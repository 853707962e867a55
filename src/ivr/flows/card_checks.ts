/**
 * After authentication: the card must be usable (state, expiry), its account active; first
 * use activates it; maintenance fees due are charged (never beyond the money available).
 */
import { activationOf, checkCardUsable, CardPolicy, CardRefusal } from "../../domain/card_policy";
import { CardAccount } from "../store/accounts";
import { activateCard, chargeMaintenance } from "../store/cards";
import { Product } from "../store/products";
import { MessageId } from "../../domain/prompts";
import { Prompts, Voice } from "../voice";
import { Deps } from "./deps";

const REFUSAL_PROMPT: Record<CardRefusal, MessageId> = {
  CARD_BLOCKED: "card_blocked",
  CARD_VOID: "card_void",
  CARD_EXPIRED: "card_expired",
  CARD_STATE_UNKNOWN: "card_blocked",
};

/**
 * True when the card may place a call now (state, expiry, account); otherwise the refusal has
 * been played. Checked after authentication and again before every call of the session, so a
 * card blocked or expiring mid-session places no further call.
 */
export function cardStillUsable(deps: Deps, voice: Prompts, who: CardAccount): boolean {
  const usable = checkCardUsable(who.card, deps.clock.nowSeconds());
  if (!usable.ok) {
    deps.log.info("card " + who.card.serial + " refused: " + usable.code);
    deps.call.play(voice.say([REFUSAL_PROMPT[usable.code]]));
    return false;
  }
  if (who.account.state !== "active") {
    deps.call.play(voice.say(["account_blocked"]));
    return false;
  }
  return true;
}

/** True when the caller may go on; otherwise the refusal has been played. */
export function checkCard(deps: Deps, voice: Voice, product: Product, who: CardAccount): boolean {
  const now = deps.clock.nowSeconds();
  if (!cardStillUsable(deps, voice, who)) return false;
  const policy: CardPolicy = {
    expiryKind: product.expiryKind, expiryDays: product.expiryDays,
    maintenanceFeeMicros: product.maintenanceFeeMicros, maintenanceEveryDays: product.maintenanceEveryDays,
  };
  const activation = activationOf(who.card, policy, now);
  if (activation !== undefined) {
    activateCard(deps.sql, who.card, activation);
    who.card.state = "active";
    who.card.firstUsedAt = activation.firstUsedAt;
    who.card.expiresAt = activation.expiresAt;
    who.card.feesPaidUntil = activation.feesPaidUntil;
    deps.log.info("card " + who.card.serial + " activated on first use");
    deps.call.play(voice.say(["card_activated"]));
  }
  const fee = chargeMaintenance(deps.sql, who.card, policy, now);
  if (fee > 0) {
    who.account.balanceMicros -= fee; // as the database now has it
    deps.call.play([...voice.say(["maintenance_fee_charged"]), ...voice.money(fee, who.account.currency)]);
  }
  return deps.call.ready();
}
