/**
 * Phone numbers typed by operators (caller IDs, numbers to rate), normalised to E.164 digits
 * as the IVR does it, under a product's dialling rules; one wording per way they can be wrong.
 */
import { DEFAULT_DIAL_RULES, DialRules, normaliseNumber } from "../domain/numbers";
import { Failure } from "./exit";
import type { ProductRow } from "./store/records";

const NUMBER_PROBLEMS: Record<string, string> = {
  EMPTY_NUMBER: "is empty",
  INVALID_NUMBER: "may only hold digits with an optional leading '+'",
  NUMBER_TOO_SHORT: "is too short (an E.164 number has at least 7 digits)",
  NUMBER_TOO_LONG: "is too long (an E.164 number has at most 15 digits)",
  NO_COUNTRY_CODE: "has no country code: give it as +CC… or set the product's --country-code and --national-prefix",
};

/** The product's dialling rules as domain/numbers takes them. */
export function dialRules(p: Pick<ProductRow, "international_prefixes" | "national_prefix" | "country_code" | "national_number_length">): DialRules {
  return {
    internationalPrefixes: p.international_prefixes.split(",").map((s) => s.trim()).filter((s) => s !== ""),
    nationalPrefix: p.national_prefix,
    countryCode: p.country_code,
    nationalNumberLength: p.national_number_length,
  };
}

/**
 * `raw` as E.164 digits under the product's rules (the defaults without a product); Failure
 * BAD_NUMBER naming it as `what` ("caller ID", "number") when it cannot be one.
 */
export function e164(what: string, raw: string, product?: ProductRow): string {
  const r = normaliseNumber(raw, product === undefined ? DEFAULT_DIAL_RULES : dialRules(product));
  if (!r.ok) throw new Failure("BAD_NUMBER", `${what} '${raw}' ${NUMBER_PROBLEMS[r.code] ?? r.code}`);
  return r.value;
}

/** A number as stored (E.164 digits), given with or without its '+'; Failure BAD_NUMBER otherwise. */
export function storedNumber(what: string, raw: string): string {
  const digits = raw.startsWith("+") ? raw.slice(1) : raw;
  if (!/^[0-9]{1,15}$/.test(digits)) throw new Failure("BAD_NUMBER", `${what} '${raw}' ${NUMBER_PROBLEMS.INVALID_NUMBER}`);
  return digits;
}
