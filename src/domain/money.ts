/**
 * Money is an integer count of micro-units: 1/1,000,000 of the currency unit.
 * Parsing is exact (character by character, never through a float); display truncates
 * toward zero, so a balance is never shown or spoken as more than it is.
 */
import { Result, ok, fail } from "./result";
import { MAX_EXACT_INT, digitsValue, floorDiv, intStr, isDigits, zeroPad } from "./intmath";
import { bug } from "./bug";

export const MICROS_PER_UNIT = 1000000;

/** Most integer digits accepted by parseMoney: 999,999,999.999999 units < 2^53 micro-units. */
const MAX_UNIT_DIGITS = 9;

export interface ParseMoneyOptions {
  /** Accept a leading "-" (ledger adjustments); default false. */
  allowNegative?: boolean;
}

/**
 * Parses a decimal amount such as "10", "0.0123", "-2.50" into micro-units.
 * Failure codes: EMPTY_AMOUNT, INVALID_AMOUNT (anything but digits with one optional "."),
 * TOO_MANY_DECIMALS (more than 6), AMOUNT_TOO_LARGE, NEGATIVE_AMOUNT.
 */
export type MoneyError = "EMPTY_AMOUNT" | "INVALID_AMOUNT" | "TOO_MANY_DECIMALS" | "AMOUNT_TOO_LARGE" | "NEGATIVE_AMOUNT";

export function parseMoney(text: string, options?: ParseMoneyOptions): Result<number, MoneyError> {
  if (text.length === 0) return fail("EMPTY_AMOUNT");
  let body = text;
  let negative = false;
  if (body.startsWith("-")) {
    negative = true;
    body = body.substring(1);
  } else if (body.startsWith("+")) {
    body = body.substring(1);
  }
  const dot = body.indexOf(".");
  const whole = dot >= 0 ? body.substring(0, dot) : body;
  const frac = dot >= 0 ? body.substring(dot + 1) : "";
  if (whole.length === 0 || !isDigits(whole)) return fail("INVALID_AMOUNT");
  if (dot >= 0 && !isDigits(frac)) return fail("INVALID_AMOUNT");
  if (frac.length > 6) return fail("TOO_MANY_DECIMALS");
  let lead = 0;
  while (lead < whole.length - 1 && whole.charCodeAt(lead) === 48) lead++;
  const significant = whole.substring(lead);
  if (significant.length > MAX_UNIT_DIGITS) return fail("AMOUNT_TOO_LARGE");
  let fracPadded = frac;
  while (fracPadded.length < 6) fracPadded = fracPadded + "0";
  const micros = digitsValue(significant) * MICROS_PER_UNIT + digitsValue(fracPadded);
  if (negative && micros !== 0 && options?.allowNegative !== true) return fail("NEGATIVE_AMOUNT");
  return ok(negative && micros !== 0 ? -micros : micros);
}

/** ISO 4217 minor units of the currencies that do not use 2. */
const MINOR_UNITS: Record<string, number> = {
  JPY: 0, KRW: 0, CLP: 0, VND: 0, XAF: 0, XOF: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3,
};

/** Decimal places shown for a currency (ISO 4217 minor units); 2 when unknown. */
export function currencyDecimals(currency: string): number {
  const d = MINOR_UNITS[currency];
  return d === undefined ? 2 : d;
}

/** Units and minor units (cents) of an amount, truncated toward zero; both carry the sign. */
export interface MoneyParts {
  negative: boolean;
  units: number;
  /** Minor units (cents for 2 decimals), 0 ≤ minor < 10^decimals. */
  minor: number;
  decimals: number;
}

/** Splits micro-units into units and minor units for display or speech (truncated toward zero). */
export function splitMoney(micros: number, decimals: number): MoneyParts {
  if (decimals < 0 || decimals > 6 || Math.floor(decimals) !== decimals) {
    bug("splitMoney: decimals must be an integer from 0 to 6");
  }
  if (Math.abs(micros) > MAX_EXACT_INT || Math.floor(micros) !== micros) {
    bug("splitMoney: micros must be an exact integer");
  }
  const negative = micros < 0;
  const abs = negative ? -micros : micros;
  const units = floorDiv(abs, MICROS_PER_UNIT);
  let step = MICROS_PER_UNIT;
  for (let i = 0; i < decimals; i++) step = floorDiv(step, 10);
  const minor = floorDiv(abs - units * MICROS_PER_UNIT, step);
  return { negative, units, minor, decimals };
}

/** "12.34" style text with the given decimals, truncated toward zero ("-0.50" keeps its sign). */
export function formatMoney(micros: number, decimals: number): string {
  const p = splitMoney(micros, decimals);
  const sign = p.negative && (p.units > 0 || p.minor > 0) ? "-" : "";
  if (decimals === 0) return sign + intStr(p.units);
  return sign + intStr(p.units) + "." + zeroPad(p.minor, decimals);
}

/** Exact six-decimal text of an amount ("0.012300"), for CSV exports and round trips. */
export function formatMicros(micros: number): string {
  return formatMoney(micros, 6);
}
