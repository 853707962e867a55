/**
 * Network-derived numbers (caller ID, DNIS, SIP user parts) are accepted only as digits with
 * an optional leading "+", bounded in length. Anything else is "no number": never an error
 * that leaks, never SQL.
 */
import { isDigits } from "./intmath";

/** Longest number accepted from the network (E.164 is 15; dial plans may add a prefix). */
export const MAX_NETWORK_DIGITS = 20;

/** The digits of a presented number (without "+"), or undefined when it is not a plain number. */
export function sanitizeNetworkNumber(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const body = raw.startsWith("+") ? raw.substring(1) : raw;
  if (body.length === 0 || body.length > MAX_NETWORK_DIGITS || !isDigits(body)) return undefined;
  return body;
}
