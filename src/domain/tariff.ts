/**
 * The one tariff engine. callCost prices a finished call; maxTalkSeconds grants talk time
 * by searching callCost itself, so the time granted can never cost more than the money
 * available — in the IVR (Lua) and the CLI (Node) alike, from this single source.
 *
 * Banded prices (docs/tariff-bands.md). A call may be priced over a Timeline: per-minute rates
 * by offset from the answer instant (bands.ts: priceTimeline builds it from a band plan). The
 * rate's structure, fees, grace and minimum are the row's, the same in every band. The billed
 * time is split into blocks exactly as without bands (the initial block, then increments); each
 * block is priced at the rate of the segment in force at the second the block starts (answer +
 * block offset), for the whole block, even when a band changes inside it:
 *   usage = ceil(Σ over blocks (rate of block × block seconds) / 60)   (one rounding, at the end)
 *   cost  = max(minimum, connect + usage + disconnect); 0 at 0 s or within grace.
 * With no timeline (or one segment) this is exactly the unbanded formula. Adding seconds only
 * adds blocks of non-negative price, so callCost never decreases with the duration and
 * maxTalkSeconds stays the binary search over callCost itself.
 */
import { Result, ok, fail } from "./result";
import { ceilDiv, floorDiv, intStr, isExactInt } from "./intmath";
import { bug } from "./bug";

/** A tariff. Money in micro-units, durations in whole seconds. */
export interface Rate {
  ratePerMinuteMicros: number;
  connectFeeMicros: number;
  disconnectFeeMicros: number;
  /** First billed block, e.g. 60 (0: none). */
  initialSeconds: number;
  /** Each later billed block, ≥ 1. */
  incrementSeconds: number;
  /** Answered calls this short (in billed whole seconds) are free. */
  graceSeconds: number;
  minimumCostMicros: number;
}

/**
 * Limits that keep every intermediate of callCost below 2^53 for calls up to 24 h: billed
 * seconds stay below 24 h + one increment ≤ 172,800, so Σ rate × seconds ≤ 10^10 × 172,800
 * ≈ 1.7 × 10^15 < 2^53 ≈ 9 × 10^15, for any timeline whose rates keep to maxRatePerMinuteMicros.
 */
export const RATE_LIMITS = {
  maxRatePerMinuteMicros: 10000000000, // 10,000 units a minute
  maxFeeMicros: 1000000000000, // 1,000,000 units
  maxBlockSeconds: 86400,
};

/**
 * Checks a rate's fields. Failure codes: RATE_FIELD_NOT_INTEGER, RATE_FIELD_NEGATIVE,
 * RATE_FIELD_TOO_LARGE, INCREMENT_NOT_POSITIVE.
 */
export type RateError = "RATE_FIELD_NOT_INTEGER" | "RATE_FIELD_NEGATIVE" | "RATE_FIELD_TOO_LARGE" | "INCREMENT_NOT_POSITIVE";

export function validateRate(rate: Rate): Result<Rate, RateError> {
  const fields = [
    rate.ratePerMinuteMicros,
    rate.connectFeeMicros,
    rate.disconnectFeeMicros,
    rate.minimumCostMicros,
    rate.initialSeconds,
    rate.incrementSeconds,
    rate.graceSeconds,
  ];
  for (const v of fields) {
    if (typeof v !== "number" || !isExactInt(v)) return fail("RATE_FIELD_NOT_INTEGER");
    if (v < 0) return fail("RATE_FIELD_NEGATIVE");
  }
  if (rate.ratePerMinuteMicros > RATE_LIMITS.maxRatePerMinuteMicros) return fail("RATE_FIELD_TOO_LARGE");
  for (const fee of [rate.connectFeeMicros, rate.disconnectFeeMicros, rate.minimumCostMicros]) {
    if (fee > RATE_LIMITS.maxFeeMicros) return fail("RATE_FIELD_TOO_LARGE");
  }
  for (const b of [rate.initialSeconds, rate.incrementSeconds, rate.graceSeconds]) {
    if (b > RATE_LIMITS.maxBlockSeconds) return fail("RATE_FIELD_TOO_LARGE");
  }
  if (rate.incrementSeconds < 1) return fail("INCREMENT_NOT_POSITIVE");
  return ok(rate);
}

/** Billed whole seconds for a call of `seconds` answered seconds, past the grace period. */
function billedSeconds(rate: Rate, seconds: number): number {
  if (seconds <= rate.initialSeconds) return rate.initialSeconds;
  const beyond = seconds - rate.initialSeconds;
  return rate.initialSeconds + ceilDiv(beyond, rate.incrementSeconds) * rate.incrementSeconds;
}

/** From second `fromSecond` after answer on, blocks starting there cost ratePerMinuteMicros. */
export interface PriceSegment {
  fromSecond: number;
  ratePerMinuteMicros: number;
  /** The band whose price this is, "" for the row's base rate (reporting only). */
  band: string;
}

/** Price segments, the first at fromSecond 0, strictly ascending; the last runs forever. */
export type Timeline = PriceSegment[];

/** The timeline of an unbanded rate: one segment at its base rate. */
export function flatTimeline(ratePerMinuteMicros: number): Timeline {
  return [{ fromSecond: 0, ratePerMinuteMicros, band: "" }];
}

/** Throws unless the timeline is well formed (a bug of the caller, never an expected outcome). */
function checkTimeline(timeline: Timeline): void {
  if (timeline.length === 0 || timeline[0].fromSecond !== 0) bug("timeline: must start at second 0");
  for (let j = 0; j < timeline.length; j++) {
    const s = timeline[j];
    if (!isExactInt(s.fromSecond) || (j > 0 && s.fromSecond <= timeline[j - 1].fromSecond)) {
      bug("timeline: fromSecond must be integers, strictly ascending");
    }
    const r = s.ratePerMinuteMicros;
    if (!isExactInt(r) || r < 0 || r > RATE_LIMITS.maxRatePerMinuteMicros) bug("timeline: bad rate");
  }
}

/**
 * Billed seconds falling to each segment for `billed` billed seconds: segment 0 takes the
 * initial block; increment k (starting at initial + k × increment) goes to the segment holding
 * its start. Counts the block starts of each segment, so O(segments), never O(blocks).
 */
function billedPerSegment(rate: Rate, billed: number, timeline: Timeline): number[] {
  const init = rate.initialSeconds;
  const inc = rate.incrementSeconds;
  const blocks = floorDiv(billed - init, inc);
  const out: number[] = [];
  for (let j = 0; j < timeline.length; j++) {
    const start = timeline[j].fromSecond;
    let first = ceilDiv(start - init, inc);
    if (first < 0) first = 0;
    let end = blocks;
    if (j + 1 < timeline.length) {
      const e = ceilDiv(timeline[j + 1].fromSecond - init, inc);
      if (e < end) end = e;
    }
    out.push((j === 0 ? init : 0) + (end > first ? (end - first) * inc : 0));
  }
  return out;
}

/** Answered whole seconds, or throws on a negative or fractional duration. */
function answeredSeconds(answeredMs: number): number {
  if (!isExactInt(answeredMs) || answeredMs < 0) {
    bug("callCost: answeredMs must be a non-negative integer");
  }
  return ceilDiv(answeredMs, 1000);
}

function costOf(rate: Rate, seconds: number, timeline: Timeline | undefined): number {
  if (seconds === 0 || seconds <= rate.graceSeconds) return 0;
  const billed = billedSeconds(rate, seconds);
  let usage: number;
  if (timeline === undefined) {
    usage = ceilDiv(rate.ratePerMinuteMicros * billed, 60);
  } else {
    const perSegment = billedPerSegment(rate, billed, timeline);
    let sum = 0;
    for (let j = 0; j < timeline.length; j++) sum += timeline[j].ratePerMinuteMicros * perSegment[j];
    usage = ceilDiv(sum, 60);
  }
  const total = rate.connectFeeMicros + usage + rate.disconnectFeeMicros;
  return total > rate.minimumCostMicros ? total : rate.minimumCostMicros;
}

/**
 * Cost in micro-units of a call answered for `answeredMs` milliseconds (≥ 0, at most 24 h
 * priced exactly). seconds = ceil(ms / 1000); free at 0 s or within the grace period; else
 * max(minimum, connect + usage + disconnect), usage = ceil(perMinute × billed / 60) without a
 * timeline, or with one ceil(Σ over blocks (rate at the block's start × block seconds) / 60)
 * (see the head of this file). Throws on a bad duration or a malformed timeline.
 */
export function callCost(rate: Rate, answeredMs: number, timeline?: Timeline): number {
  const seconds = answeredSeconds(answeredMs);
  if (timeline !== undefined) checkTimeline(timeline);
  return costOf(rate, seconds, timeline);
}

/**
 * The largest whole s with 0 ≤ s ≤ capSeconds and callCost(rate, s × 1000, timeline) ≤
 * availableMicros; 0 when availableMicros < 0 or capSeconds ≤ 0. callCost never decreases as s
 * grows, so a binary search over [0, cap] finds it exactly in O(log cap) evaluations (17 for
 * 24 h). For a grant made before answer, pass worstOverDelay(timeline from setup, ring time).
 */
export function maxTalkSeconds(rate: Rate, availableMicros: number, capSeconds: number, timeline?: Timeline): number {
  if (!isExactInt(availableMicros) || !isExactInt(capSeconds)) {
    bug("maxTalkSeconds: availableMicros and capSeconds must be integers");
  }
  if (timeline !== undefined) checkTimeline(timeline);
  if (availableMicros < 0 || capSeconds <= 0) return 0;
  if (costOf(rate, capSeconds, timeline) <= availableMicros) return capSeconds;
  // Invariant: cost(lo) ≤ available < cost(hi); cost(0) = 0.
  let lo = 0;
  let hi = capSeconds;
  while (hi - lo > 1) {
    const mid = floorDiv(lo + hi, 2);
    if (costOf(rate, mid, timeline) <= availableMicros) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Billed seconds of one band ("" = the row's base rate). */
export interface BandSeconds {
  band: string;
  seconds: number;
}

/**
 * Billed seconds per band of a call answered `answeredMs` ms over the timeline, in order of
 * first use (the initial block's band first); [] for a free call (0 s or within grace). The
 * seconds add up to the billed seconds. Band "" is the base rate.
 */
export function billedByBand(rate: Rate, answeredMs: number, timeline: Timeline): BandSeconds[] {
  const seconds = answeredSeconds(answeredMs);
  checkTimeline(timeline);
  const out: BandSeconds[] = [];
  if (seconds === 0 || seconds <= rate.graceSeconds) return out;
  const perSegment = billedPerSegment(rate, billedSeconds(rate, seconds), timeline);
  for (let j = 0; j < timeline.length; j++) {
    if (perSegment[j] === 0) continue;
    let entry: BandSeconds | undefined = undefined;
    for (const e of out) if (e.band === timeline[j].band) entry = e;
    if (entry === undefined) out.push({ band: timeline[j].band, seconds: perSegment[j] });
    else entry.seconds += perSegment[j];
  }
  return out;
}

/**
 * The text of billedByBand for a CDR: `band:seconds` joined by ",", the base rate's band
 * written as the empty name, e.g. "peak:120,:60"; "" for a free call. Unambiguous, since band
 * names hold neither ":" nor ",".
 */
export function formatBandSeconds(list: BandSeconds[]): string {
  const items: string[] = [];
  for (const e of list) items.push(e.band + ":" + intStr(e.seconds));
  return items.join(",");
}

/**
 * The worst case of a timeline over an answer delay: the timeline whose rate at offset o is
 * the largest rate of `timeline` anywhere in [o, o + delaySeconds] (both relative to call
 * setup). A grant computed over it is affordable whenever the callee answers within
 * delaySeconds of setup: each block's worst rate is at least its real rate. A segment's band is
 * that of the earliest segment giving the maximum; adjacent equal segments are merged.
 */
export function worstOverDelay(timeline: Timeline, delaySeconds: number): Timeline {
  checkTimeline(timeline);
  if (!isExactInt(delaySeconds) || delaySeconds < 0) bug("worstOverDelay: delaySeconds must be a non-negative integer");
  // Where the window [o, o + d] gains a segment (its start - d) or loses one (the next start).
  const points: number[] = [0];
  let a = 1;
  let b = 1;
  while (a < timeline.length || b < timeline.length) {
    const enter = a < timeline.length ? timeline[a].fromSecond - delaySeconds : undefined;
    const leave = b < timeline.length ? timeline[b].fromSecond : undefined;
    let p: number;
    if (leave === undefined || (enter !== undefined && enter <= leave)) {
      p = enter as number;
      a++;
    } else {
      p = leave;
      b++;
    }
    if (p > points[points.length - 1]) points.push(p);
  }
  const out: PriceSegment[] = [];
  let lo = 0;
  for (const p of points) {
    while (lo + 1 < timeline.length && timeline[lo + 1].fromSecond <= p) lo++;
    let best = timeline[lo];
    for (let j = lo + 1; j < timeline.length && timeline[j].fromSecond <= p + delaySeconds; j++) {
      if (timeline[j].ratePerMinuteMicros > best.ratePerMinuteMicros) best = timeline[j];
    }
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last === undefined || last.band !== best.band || last.ratePerMinuteMicros !== best.ratePerMinuteMicros) {
      out.push({ fromSecond: p, ratePerMinuteMicros: best.ratePerMinuteMicros, band: best.band });
    }
  }
  return out;
}
