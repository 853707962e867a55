/**
 * The calling-card call (docs/develop.md, "A call through the folders"): access number →
 * product; authenticate; card checks; then, for each call in the session: announce the
 * money available, read and rate a destination, announce the talk time, connect and settle,
 * and offer another call on the new balance.
 */
import { sanitizeNetworkNumber } from "../../domain/caller_id";
import { sqlInt } from "../../domain/sql";
import { CallPrice, grantFor, ratePerMinuteAt } from "../../domain/call_price";
import { CardAccount, cardAccountById } from "../store/accounts";
import { ceilDiv } from "../../domain/intmath";
import { SECONDS_PER_DAY } from "../../domain/card_policy";
import { settleLeftovers, spendable } from "../store/holds";
import { productByDnis } from "../store/products";
import { authenticate } from "./authenticate";
import { chooseLanguage } from "./language";
import { rememberLanguage } from "../store/cards";
import { cardStillUsable, checkCard } from "./card_checks";
import { ConnectCode, callPrice, connect } from "./connect";
import { cutoffSeconds } from "../cutoff";
import { CardDeps } from "./deps";
import { DestinationResult, readDestination } from "./destination";
import { topUp } from "./topup";
import { MessageId } from "../../domain/prompts";
import { Voice } from "../voice";
import { bug } from "../../domain/bug";

const OUTCOME_PROMPT: Partial<Record<ConnectCode, MessageId>> = {
  FAILED: "call_failed",
  NO_ROUTE: "destination_unavailable",
  INSUFFICIENT_CREDIT: "insufficient_balance",
  TOO_MANY_CALLS: "too_many_calls",
  ACCOUNT_NOT_ACTIVE: "account_blocked",
  CAP_REACHED: "cap_reached",
};

/**
 * "This call costs five cents per minute, plus ten cents to connect": the price the call starts
 * at (its band now, fees as the product adds them), never spoken lower than charged.
 */
function ratePrompt(voice: Voice, price: CallPrice, currency: string, now: number): string[] {
  const perMinute = voice.ratePerMinute(ratePerMinuteAt(price, now), currency);
  if (perMinute.length === 0) return [];
  const out = [...voice.say(["this_call_costs"]), ...perMinute];
  if (price.rate.connectFeeMicros > 0) out.push(...voice.say(["plus"]), ...voice.money(price.rate.connectFeeMicros, currency), ...voice.say(["to_connect"]));
  return out;
}

/**
 * A balance number: the card's money available and when it expires, then goodbye. No call,
 * no hold; the card is not activated by it, nor charged a maintenance fee.
 */
function announceBalanceOnly(deps: CardDeps, voice: Voice, who: CardAccount): void {
  deps.log.info("BALANCE_ONLY card " + who.card.serial);
  if (!cardStillUsable(deps, voice, who)) {
    deps.call.hangup("CALL_REJECTED");
    return;
  }
  const available = who.account.balanceMicros - who.account.heldMicros;
  const expires = who.card.expiresAt;
  const days = expires === undefined ? [] : [...voice.say(["card_expires_in"]), ...voice.days(ceilDiv(expires - deps.clock.nowSeconds(), SECONDS_PER_DAY))];
  if (!deps.call.play([...voice.say(["your_balance_is"]), ...voice.money(available > 0 ? available : 0, who.account.currency), ...days, ...voice.say(["goodbye"])])) return;
  deps.call.hangup("NORMAL_CLEARING");
}

export function runCallingCard(deps: CardDeps): void {
  const call = deps.call;
  call.answer();
  const caller = sanitizeNetworkNumber(call.variable("caller_id_number"));
  const ani = caller === undefined ? undefined : caller.digits;
  const dnis = sanitizeNetworkNumber(call.variable("destination_number"))?.digits;
  const product = dnis === undefined ? undefined : productByDnis(deps.sql, dnis);
  if (product === undefined || dnis === undefined || product.kind !== "card") {
    deps.log.warning("access number " + (dnis ?? "(invalid)") + " has no calling-card product");
    call.play(deps.voiceFor("en").say(["service_unavailable"]));
    call.hangup("NO_ROUTE_DESTINATION");
    return;
  }
  if (!call.play(deps.voiceFor(product.language).say(["welcome"]))) return;
  const language = chooseLanguage(deps, product, caller);
  if (!language.ok) return;
  let voice = deps.voiceFor(language.language);

  const auth = authenticate(deps, voice, product, caller, dnis);
  if (!auth.ok) {
    if (auth.code !== "HUNG_UP") {
      call.play(voice.say(["goodbye"]));
      call.hangup("CALL_REJECTED");
    }
    return;
  }
  const who = auth.who;
  // The card remembers a choice made now; a card whose caller made none now speaks its last one.
  if (language.chosen) rememberLanguage(deps.sql, who.card, language.language);
  else if (who.card.language !== undefined && who.card.language !== voice.language && product.languageMenu.indexOf(who.card.language) >= 0) {
    voice = deps.voiceFor(who.card.language);
  }
  call.setVariable("ccard_card_serial", who.card.serial);
  call.setVariable("ccard_account_id", sqlInt(who.account.id));
  if (product.balanceOnly) {
    announceBalanceOnly(deps, voice, who);
    return;
  }
  if (!checkCard(deps, voice, product, who)) {
    call.hangup("CALL_REJECTED");
    return;
  }

  for (let n = 1; n <= deps.settings.maxCallsPerSession; n++) {
    // What earlier calls left (a failed hook's spooled evidence, a crashed switch's holds) is
    // settled before the money is announced; an account that holds nothing has nothing left.
    // The first call goes on the card and account authentication just read.
    let fresh = n === 1 ? who : cardAccountById(deps.sql, who.card.id);
    if (fresh !== undefined && fresh.account.heldMicros > 0 && settleLeftovers(deps.sql, deps.spool, fresh.account.id, deps.clock.nowSeconds()) > 0) {
      fresh = cardAccountById(deps.sql, who.card.id);
    }
    if (fresh === undefined) bug("card vanished during the call");
    if (n > 1 && !cardStillUsable(deps, voice, fresh)) {
      call.hangup("CALL_REJECTED");
      return;
    }
    const account = fresh.account;
    // The destination prompt, after the balance; the voucher key there redeems a voucher (a few
    // times a call at most) and comes back to it with the new balance.
    let dest: DestinationResult | undefined = undefined;
    for (let topUps = 0; dest === undefined; topUps++) {
      const available = account.balanceMicros - account.heldMicros;
      const read = readDestination(deps, voice, product, [...voice.say(["your_balance_is"]), ...voice.money(available > 0 ? available : 0, account.currency)]);
      if (read.ok || read.code !== "VOUCHER_KEY" || topUps >= deps.settings.destinationTries) {
        dest = read;
        break;
      }
      const topped = topUp(deps, voice, product, fresh, ani, dnis);
      if (topped === "LOCKED_OUT") call.hangup("CALL_REJECTED");
      if (topped !== "DONE") return;
    }
    if (!dest.ok) {
      if (dest.code === "HUNG_UP") return;
      break;
    }
    const price = callPrice(product, dest.rated);
    // What the caller will get: the cut-off of the grant their money buys now, within the
    // product's caps (src/ivr/cutoff.ts), priced as the hold will price it.
    const now = deps.clock.nowSeconds();
    const money = spendable(deps.sql, account, product.caps, now);
    if (!money.ok) {
      deps.log.info("CAP_REACHED: account " + sqlInt(account.id) + " is at a daily cap of product " + product.name);
      call.play(voice.say(["cap_reached"]));
      break;
    }
    const preview = cutoffSeconds(grantFor(price, money.value.micros, product.maxCallSeconds, now, deps.settings.ringTimeoutSeconds).grantedSeconds);
    if (preview <= price.rate.graceSeconds) {
      call.play(voice.say([money.value.capped ? "cap_reached" : "insufficient_balance"]));
      break;
    }
    call.setVariable("ccard_destination", dest.e164);
    const talk = [...voice.say(["you_have"]), ...voice.duration(preview), ...voice.say(["minutes_of_talk_time"])];
    if (!call.play([...talk, ...(product.announceRate ? ratePrompt(voice, price, account.currency, now) : []), ...voice.say(["connecting"])])) return;

    const result = connect(deps, { accountId: account.id, cardId: who.card.id, cardSerial: who.card.serial, product, ani: ani ?? "", dnis }, voice, dest.e164, dest.rated, true);
    if (result.code === "HUNG_UP" || !call.ready()) return;
    // The settled CDR, never an estimate: a call not settled in time says nothing of its cost.
    const s = result.settlement;
    if (product.announceCallCost && s !== undefined && !s.estimated && s.answeredMs > 0) {
      if (!call.play([...voice.say(["that_call_cost"]), ...voice.money(s.costMicros, account.currency), ...voice.say(["your_balance_is"]),
        ...voice.money(s.balanceAfterMicros, account.currency)])) return;
    }
    const prompt = OUTCOME_PROMPT[result.code];
    if (prompt !== undefined) call.play(voice.say([prompt]));
    if (result.code === "TOO_MANY_CALLS" || result.code === "ACCOUNT_NOT_ACTIVE" || result.code === "CAP_REACHED") break;
    if (n === deps.settings.maxCallsPerSession) break;
    const again = call.readDigits({
      minDigits: 1, maxDigits: 1, tries: 1, timeoutMs: deps.settings.digitTimeoutMs,
      prompt: voice.say(["another_call"]), badPrompt: [], terminators: "",
    });
    if (again === undefined) return;
    if (again !== "1") break;
  }
  call.play(voice.say(["goodbye"]));
  call.hangup("NORMAL_CLEARING");
}
