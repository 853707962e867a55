/**
 * Dialled numbers: normalisation to E.164 digits under a product's dialling rules, and the
 * candidate prefixes a rate lookup matches with one indexed `prefix IN (…)` query.
 */
import { Result, ok, fail } from "./result";
import { isDigits } from "./intmath";

export interface DialRules {
  /** Prefixes that introduce an international number, e.g. ["00"] or ["011"]. */
  internationalPrefixes: string[];
  /** Trunk prefix of a national number, e.g. "0" (UK) or "1" (NANP); "" for none. */
  nationalPrefix: string;
  /** Country code added to national numbers, e.g. "44"; "" when callers must dial internationally. */
  countryCode: string;
  /** Length of a national number dialled without its trunk prefix (10 in NANP); 0 to not guess. */
  nationalNumberLength: number;
}

/** International dialling with "+", "00" or "011" only; nothing is assumed national. */
export const DEFAULT_DIAL_RULES: DialRules = {
  internationalPrefixes: ["00", "011"],
  nationalPrefix: "",
  countryCode: "",
  nationalNumberLength: 0,
};

/** E.164 allows at most 15 digits; shorter than 7 is no reachable international number. */
export const E164_MIN_DIGITS = 7;
export const E164_MAX_DIGITS = 15;
/** Longest raw input considered at all (anything longer is refused before any work). */
const MAX_INPUT_CHARS = 32;

/**
 * Normalises a dialled or presented number to E.164 digits (no "+").
 * Accepts digits with an optional leading "+". Failure codes: EMPTY_NUMBER, INVALID_NUMBER
 * (any other character), NUMBER_TOO_SHORT, NUMBER_TOO_LONG, NO_COUNTRY_CODE (starts with 0
 * after prefixes were removed).
 */
export type NumberError = "EMPTY_NUMBER" | "INVALID_NUMBER" | "NUMBER_TOO_SHORT" | "NUMBER_TOO_LONG" | "NO_COUNTRY_CODE";

export function normaliseNumber(raw: string, rules: DialRules): Result<string, NumberError> {
  if (raw.length === 0) return fail("EMPTY_NUMBER");
  if (raw.length > MAX_INPUT_CHARS) return fail("NUMBER_TOO_LONG");
  let plus = false;
  let body = raw;
  if (body.startsWith("+")) {
    plus = true;
    body = body.substring(1);
  }
  if (!isDigits(body)) return fail(body.length === 0 ? "EMPTY_NUMBER" : "INVALID_NUMBER");
  let e164: string | undefined;
  if (plus) {
    e164 = body;
  } else {
    for (const p of rules.internationalPrefixes) {
      if (p.length > 0 && body.startsWith(p)) {
        e164 = body.substring(p.length);
        break;
      }
    }
    if (e164 === undefined && rules.countryCode.length > 0) {
      const np = rules.nationalPrefix;
      if (np.length > 0 && body.startsWith(np)) {
        e164 = rules.countryCode + body.substring(np.length);
      } else if (rules.nationalNumberLength > 0 && body.length === rules.nationalNumberLength) {
        e164 = rules.countryCode + body;
      }
    }
    if (e164 === undefined) e164 = body;
  }
  if (e164.length < E164_MIN_DIGITS) return fail("NUMBER_TOO_SHORT");
  if (e164.length > E164_MAX_DIGITS) return fail("NUMBER_TOO_LONG");
  if (e164.startsWith("0")) return fail("NO_COUNTRY_CODE");
  return ok(e164);
}

/** Longest rate prefix the store accepts (and so the longest candidate a lookup needs). */
export const MAX_PREFIX_DIGITS = 15;
