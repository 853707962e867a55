/**
 * Card life-cycle rules: usable or not, activation on first use (which starts the
 * days-after-first-use expiry clock and the maintenance-fee clock), and maintenance fees due.
 * Times are whole epoch seconds.
 */
import { Result, ok, fail } from "./result";
import { floorDiv } from "./intmath";

export const SECONDS_PER_DAY = 86400;

export interface CardFacts {
  state: string;
  firstUsedAt?: number;
  expiresAt?: number;
  feesPaidUntil?: number;
}

export interface CardPolicy {
  expiryKind: string;
  expiryDays?: number;
  maintenanceFeeMicros: number;
  maintenanceEveryDays: number;
}

export type CardRefusal = "CARD_BLOCKED" | "CARD_VOID" | "CARD_EXPIRED" | "CARD_STATE_UNKNOWN";

/** Whether the card may place a call now, or why not. */
export function checkCardUsable(card: CardFacts, nowSeconds: number): Result<true, CardRefusal> {
  if (card.state === "blocked") return fail("CARD_BLOCKED");
  if (card.state === "void") return fail("CARD_VOID");
  if (card.state !== "new" && card.state !== "active") return fail("CARD_STATE_UNKNOWN");
  if (card.expiresAt !== undefined && nowSeconds >= card.expiresAt) return fail("CARD_EXPIRED");
  return ok(true);
}

export interface Activation {
  firstUsedAt: number;
  expiresAt?: number;
  feesPaidUntil?: number;
}

/** What first use sets on a "new" card; undefined for a card already in use. */
export function activationOf(card: CardFacts, policy: CardPolicy, nowSeconds: number): Activation | undefined {
  if (card.state !== "new") return undefined;
  let expiresAt = card.expiresAt;
  if (policy.expiryKind === "after_first_use" && policy.expiryDays !== undefined) {
    const after = nowSeconds + policy.expiryDays * SECONDS_PER_DAY;
    expiresAt = expiresAt === undefined || after < expiresAt ? after : expiresAt;
  }
  const feesPaidUntil = policy.maintenanceEveryDays > 0 && policy.maintenanceFeeMicros > 0
    ? nowSeconds + policy.maintenanceEveryDays * SECONDS_PER_DAY
    : undefined;
  return { firstUsedAt: nowSeconds, expiresAt, feesPaidUntil };
}

export interface FeesDue {
  /** Whole periods elapsed and unpaid. */
  periods: number;
  /** periods × fee, in micro-units (the caller charges at most what is available). */
  amountMicros: number;
  /** The new paid-until time once charged. */
  paidUntil: number;
}

/** Maintenance fees due at nowSeconds: one fee per period boundary passed since feesPaidUntil. */
export function maintenanceDue(card: CardFacts, policy: CardPolicy, nowSeconds: number): FeesDue | undefined {
  if (card.feesPaidUntil === undefined || policy.maintenanceEveryDays <= 0 || policy.maintenanceFeeMicros <= 0) return undefined;
  if (nowSeconds < card.feesPaidUntil) return undefined;
  const period = policy.maintenanceEveryDays * SECONDS_PER_DAY;
  const periods = floorDiv(nowSeconds - card.feesPaidUntil, period) + 1;
  return { periods, amountMicros: periods * policy.maintenanceFeeMicros, paidUntil: card.feesPaidUntil + periods * period };
}
