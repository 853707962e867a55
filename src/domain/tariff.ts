/**
 * The one tariff engine. callCost prices a finished call; maxTalkSeconds grants talk time
 * by searching callCost itself, so the time granted can never cost more than the money
 * available — in the IVR (Lua) and the CLI (Node) alike, from this single source.
 */
import { Result, ok, fail } from "./result";
import { ceilDiv, floorDiv, isExactInt } from "./intmath";

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

/** Limits that keep every intermediate of callCost below 2^53 for calls up to 24 h. */
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

/**
 * Cost in micro-units of a call answered for `answeredMs` milliseconds (≥ 0, at most 24 h
 * priced exactly). seconds = ceil(ms / 1000); free at 0 s or within the grace period; else
 * max(minimum, connect + ceil(perMinute × billed / 60) + disconnect).
 */
export function callCost(rate: Rate, answeredMs: number): number {
  if (!isExactInt(answeredMs) || answeredMs < 0) {
    throw new Error("callCost: answeredMs must be a non-negative integer");
  }
  const seconds = ceilDiv(answeredMs, 1000);
  if (seconds === 0 || seconds <= rate.graceSeconds) return 0;
  const billed = billedSeconds(rate, seconds);
  const usage = ceilDiv(rate.ratePerMinuteMicros * billed, 60);
  const total = rate.connectFeeMicros + usage + rate.disconnectFeeMicros;
  return total > rate.minimumCostMicros ? total : rate.minimumCostMicros;
}

/**
 * The largest whole s with 0 ≤ s ≤ capSeconds and callCost(rate, s × 1000) ≤ availableMicros;
 * 0 when availableMicros < 0 or capSeconds ≤ 0. callCost never decreases as s grows, so a
 * binary search over [0, cap] finds it exactly in O(log cap) evaluations (17 for 24 h).
 */
export function maxTalkSeconds(rate: Rate, availableMicros: number, capSeconds: number): number {
  if (!isExactInt(availableMicros) || !isExactInt(capSeconds)) {
    throw new Error("maxTalkSeconds: availableMicros and capSeconds must be integers");
  }
  if (availableMicros < 0 || capSeconds <= 0) return 0;
  if (callCost(rate, capSeconds * 1000) <= availableMicros) return capSeconds;
  // Invariant: cost(lo) ≤ available < cost(hi); cost(0) = 0.
  let lo = 0;
  let hi = capSeconds;
  while (hi - lo > 1) {
    const mid = floorDiv(lo + hi, 2);
    if (callCost(rate, mid * 1000) <= availableMicros) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}
