/**
 * What a call is priced with, from its setup to its settlement, banded or not: the grant is
 * priced before the callee answers, on the worst the bands can do over the ringing; the hold
 * records the bands the call can meet; settlement prices the real answer instant from that
 * record (docs/tariff-bands.md, "The grant before the answer").
 */
import { BandPlan, BandPrice, bandChanges, formatBandChanges, formatBandPrices, parseBandChanges, parseBandPrices, priceTimeline } from "./bands";
import { Rate, Timeline, callCost, maxTalkSeconds, worstOverDelay } from "./tariff";
import { bug } from "./bug";

/** A call's tariff: the rate (with the product's fees), and for a banded table its plan and the row's band prices. */
export interface CallPrice {
  rate: Rate;
  /** The rate table's band plan; undefined when it has none. */
  plan?: BandPlan;
  /** The rate row's per-minute band prices ([] when it prices no band). */
  prices: BandPrice[];
}

/** The longest block of a rate: the span past a call's end whose bands can still price it. */
function longestBlock(r: Rate): number {
  return r.initialSeconds > r.incrementSeconds ? r.initialSeconds : r.incrementSeconds;
}

/** True when bands can change what the call costs. */
function isBanded(price: CallPrice): boolean {
  return price.plan !== undefined && price.prices.length > 0;
}

/** A grant: its seconds, what they may cost, and (banded) the bands the call may meet from setup on. */
export interface Grant {
  grantedSeconds: number;
  amountMicros: number;
  /** "" unbanded; else the formatBandChanges text the hold records. */
  bandChanges: string;
  /** "" unbanded; else the row's band prices as the hold records them. */
  bandPrices: string;
}

/**
 * The talk time `availableMicros` buys on a call set up at `now` whose callee answers within
 * `ringSeconds`, at most `capSeconds`, and its reserved cost. Banded, both are priced on
 * worstOverDelay of the call's timeline from `now`: for any answer instant in
 * [now, now + ringSeconds] the granted time costs no more than the amount. The bands are
 * recorded over [now, now + ringSeconds + capSeconds + one block], all a settlement can need.
 */
export function grantFor(price: CallPrice, availableMicros: number, capSeconds: number, now: number, ringSeconds: number): Grant {
  if (!isBanded(price)) {
    const granted = maxTalkSeconds(price.rate, availableMicros, capSeconds);
    return { grantedSeconds: granted, amountMicros: callCost(price.rate, granted * 1000), bandChanges: "", bandPrices: "" };
  }
  const r = price.rate;
  const changes = bandChanges(price.plan as BandPlan, now, now + ringSeconds + capSeconds + longestBlock(r));
  const worst = worstOverDelay(priceTimeline(r.ratePerMinuteMicros, price.prices, changes, now), ringSeconds);
  const granted = maxTalkSeconds(r, availableMicros, capSeconds, worst);
  return { grantedSeconds: granted, amountMicros: callCost(r, granted * 1000, worst), bandChanges: formatBandChanges(changes), bandPrices: formatBandPrices(price.prices) };
}

/**
 * The timeline a recorded call is priced on, answered (or started) at `startedAt`: undefined
 * for an unbanded one. Text a hold or CDR holds that does not parse is a defect (only
 * grantFor writes it), so it throws.
 */
export function recordedTimeline(rate: Rate, bandPrices: string, changesText: string, startedAt: number): Timeline | undefined {
  if (changesText === "") return undefined;
  const prices = parseBandPrices(bandPrices);
  const changes = parseBandChanges(changesText);
  if (!prices.ok || !changes.ok) bug("recordedTimeline: unreadable band record");
  // The record starts at the setup, at or before the answer (a clock a second off is clamped).
  const start = startedAt < changes.value[0].at ? changes.value[0].at : startedAt;
  return priceTimeline(rate.ratePerMinuteMicros, prices.value, changes.value, start);
}

/**
 * The timeline of a call priced now from a (vendor) table: its plan and the row's band prices
 * over [startedAt, startedAt + seconds + one block]; undefined when unbanded.
 */
export function liveTimeline(price: CallPrice, startedAt: number, seconds: number): Timeline | undefined {
  if (!isBanded(price)) return undefined;
  const r = price.rate;
  return priceTimeline(r.ratePerMinuteMicros, price.prices, bandChanges(price.plan as BandPlan, startedAt, startedAt + seconds + longestBlock(r)), startedAt);
}

/** The per-minute rate a call answered at `at` starts at (the band then, or the row's rate). */
export function ratePerMinuteAt(price: CallPrice, at: number): number {
  const timeline = liveTimeline(price, at, 1);
  return timeline === undefined ? price.rate.ratePerMinuteMicros : timeline[0].ratePerMinuteMicros;
}
