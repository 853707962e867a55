/**
 * Network-derived numbers (caller ID, DNIS, SIP user parts) are accepted only as digits with
 * an optional leading "+", bounded in length. Anything else is "no number": never an error
 * that leaks, never SQL.
 */
import { isDigits } from "./intmath";

/** Longest number accepted from the network (E.164 is 15; dial plans may add a prefix). */
export const MAX_NETWORK_DIGITS = 20;

/** A number from the network that passed validation. */
export interface NetworkNumber {
  /** As presented, with its leading "+" if it had one: what dialling rules must read. */
  text: string;
  /** The digits alone: keys, CDR fields, access-number lookups. */
  digits: string;
}

/** A presented number, or undefined when it is not a plain number (digits, optional leading "+"). */
export function sanitizeNetworkNumber(raw: string | undefined): NetworkNumber | undefined {
  if (raw === undefined) return undefined;
  const plus = raw.startsWith("+");
  const body = plus ? raw.substring(1) : raw;
  if (body.length === 0 || body.length > MAX_NETWORK_DIGITS || !isDigits(body)) return undefined;
  return { text: plus ? "+" + body : body, digits: body };
}
