/**
 * The text forms of a band plan and of a rate row's band prices: what the database stores and
 * the CLI takes. Each parser returns a Result with its own failure codes; each formatter writes
 * the canonical text, so parse(format(x)) equals x and format(parse(t)) is t once t is canonical
 * (days written as ranges of two or more, lists otherwise; no leading zeros; no "+").
 *
 *   rules   peak=mon-fri/08:00-20:00+sat/09:00-13:00;weekend=sat-sun/00:00-24:00
 *   offsets 1711846800:7200,1729990800:3600   (epoch second:UTC offset seconds, ascending)
 *   prices  peak=50000,weekend=10000          (micro-units a minute; "" = none)
 *   changes 1767222000:peak,1767265200:       (epoch second:band from then on, "" = none; ascending)
 */
import { Result, ok, fail } from "./result";
import { digitsValue, floorDiv, intStr, isDigits, zeroPad } from "./intmath";
import { RATE_LIMITS } from "./tariff";
import type { BandChange, BandPrice, BandRule, ZoneOffset } from "./bands";

/** Most rules a plan may hold (all bands together). */
export const MAX_BAND_RULES = 32;
/** Largest |UTC offset| accepted, in seconds (18 h, beyond every zone's history). */
export const MAX_OFFSET_SECONDS = 64800;

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_BITS = [1, 2, 4, 8, 16, 32, 64];

/** True when bit `weekday` (0 = Monday … 6 = Sunday) of the day mask is set. */
export function hasDay(days: number, weekday: number): boolean {
  return floorDiv(days, DAY_BITS[weekday]) % 2 === 1;
}

/** A band name: [a-z][a-z0-9_]{0,15}. */
export function isBandName(name: string): boolean {
  if (name.length < 1 || name.length > 16) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    if (i === 0 ? !lower : !(lower || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** A canonical non-negative integer (no sign, no leading zero, at most 15 digits), or undefined. */
function canonicalInt(s: string): number | undefined {
  if (!isDigits(s) || s.length > 15 || (s.length > 1 && s.charCodeAt(0) === 48)) return undefined;
  return digitsValue(s);
}

/** The same, allowing a leading "-" (never "-0"). */
function canonicalSignedInt(s: string): number | undefined {
  if (!s.startsWith("-")) return canonicalInt(s);
  const v = canonicalInt(s.substring(1));
  return v === undefined || v === 0 ? undefined : -v;
}

function dayIndex(name: string): number {
  for (let i = 0; i < DAY_NAMES.length; i++) if (DAY_NAMES[i] === name) return i;
  return -1;
}

/** "mon-fri,sun" → bit mask, or 0 when malformed (empty item, unknown day, backward range, a day twice). */
function parseDays(text: string): number {
  let mask = 0;
  for (const item of text.split(",")) {
    const dash = item.indexOf("-");
    const first = dayIndex(dash >= 0 ? item.substring(0, dash) : item);
    const last = dash >= 0 ? dayIndex(item.substring(dash + 1)) : first;
    if (first < 0 || last < 0 || (dash >= 0 && last <= first)) return 0;
    for (let d = first; d <= last; d++) {
      if (hasDay(mask, d)) return 0;
      mask += DAY_BITS[d];
    }
  }
  return mask;
}

function formatDays(days: number): string {
  const items: string[] = [];
  let d = 0;
  while (d < 7) {
    if (!hasDay(days, d)) {
      d++;
      continue;
    }
    let e = d;
    while (e + 1 < 7 && hasDay(days, e + 1)) e++;
    items.push(e === d ? DAY_NAMES[d] : DAY_NAMES[d] + "-" + DAY_NAMES[e]);
    d = e + 1;
  }
  return items.join(",");
}

/** "HH:MM" → minutes of the day (0 … 1440; 24:00 only when `end`), or -1. */
function parseClock(text: string, end: boolean): number {
  if (text.length !== 5 || text.charCodeAt(2) !== 58) return -1;
  const hh = text.substring(0, 2);
  const mm = text.substring(3);
  if (!isDigits(hh) || !isDigits(mm)) return -1;
  const h = digitsValue(hh);
  const m = digitsValue(mm);
  if (m > 59 || h > 24 || (h === 24 && (m !== 0 || !end))) return -1;
  return h * 60 + m;
}

function formatClock(minute: number): string {
  return zeroPad(floorDiv(minute, 60), 2) + ":" + zeroPad(minute - floorDiv(minute, 60) * 60, 2);
}

/**
 * Failure codes of parseBandRules: BAND_RULES_SYNTAX (a group without "=", a rule without "/"
 * or without "HH:MM-HH:MM"), BAND_NAME_INVALID, BAND_DAYS_INVALID, BAND_TIME_INVALID (not
 * HH:MM, or 24:00 as a start), BAND_TIME_ORDER (end not after start: a rule may not wrap
 * midnight, write two), BAND_RULES_TOO_MANY (more than MAX_BAND_RULES), BAND_RULES_OVERLAP (two
 * rules, of any bands, cover the same minute of the same day).
 */
export type BandRulesError =
  | "BAND_RULES_SYNTAX" | "BAND_NAME_INVALID" | "BAND_DAYS_INVALID" | "BAND_TIME_INVALID"
  | "BAND_TIME_ORDER" | "BAND_RULES_TOO_MANY" | "BAND_RULES_OVERLAP";

function parseRule(band: string, text: string): Result<BandRule, BandRulesError> {
  const slash = text.indexOf("/");
  if (slash < 0) return fail("BAND_RULES_SYNTAX");
  const span = text.substring(slash + 1);
  if (span.length !== 11 || span.charCodeAt(5) !== 45) return fail("BAND_RULES_SYNTAX");
  const days = parseDays(text.substring(0, slash));
  if (days === 0) return fail("BAND_DAYS_INVALID");
  const fromMinute = parseClock(span.substring(0, 5), false);
  const toMinute = parseClock(span.substring(6), true);
  if (fromMinute < 0 || toMinute < 0) return fail("BAND_TIME_INVALID");
  if (toMinute <= fromMinute) return fail("BAND_TIME_ORDER");
  return ok({ band, days, fromMinute, toMinute });
}

function overlaps(a: BandRule, b: BandRule): boolean {
  if (a.fromMinute >= b.toMinute || b.fromMinute >= a.toMinute) return false;
  for (let d = 0; d < 7; d++) if (hasDay(a.days, d) && hasDay(b.days, d)) return true;
  return false;
}

/**
 * Parses rules text ("" = no rules): groups `band=rule+rule` joined by ";", a rule being
 * `days/HH:MM-HH:MM` (days: mon … sun, ranges mon-fri, lists sat,sun; local time, end
 * exclusive, 24:00 allowed as an end). A band may head more than one group.
 */
export function parseBandRules(text: string): Result<BandRule[], BandRulesError> {
  const rules: BandRule[] = [];
  if (text.length === 0) return ok(rules);
  for (const group of text.split(";")) {
    const eq = group.indexOf("=");
    if (eq < 0) return fail("BAND_RULES_SYNTAX");
    const band = group.substring(0, eq);
    if (!isBandName(band)) return fail("BAND_NAME_INVALID");
    for (const ruleText of group.substring(eq + 1).split("+")) {
      const r = parseRule(band, ruleText);
      if (!r.ok) return r;
      rules.push(r.value);
      if (rules.length > MAX_BAND_RULES) return fail("BAND_RULES_TOO_MANY");
    }
  }
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) if (overlaps(rules[i], rules[j])) return fail("BAND_RULES_OVERLAP");
  }
  return ok(rules);
}

/** The canonical text of rules, in their order; consecutive rules of one band share a group. */
export function formatBandRules(rules: BandRule[]): string {
  let out = "";
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    const rule = formatDays(r.days) + "/" + formatClock(r.fromMinute) + "-" + formatClock(r.toMinute);
    if (i > 0 && rules[i - 1].band === r.band) out = out + "+" + rule;
    else out = out + (i > 0 ? ";" : "") + r.band + "=" + rule;
  }
  return out;
}

/**
 * Failure codes of parseZoneOffsets: ZONE_OFFSETS_EMPTY, ZONE_OFFSETS_SYNTAX (an item not
 * `integer:integer`, canonical decimal), ZONE_OFFSETS_ORDER (from not strictly ascending),
 * ZONE_OFFSET_RANGE (|offset| > MAX_OFFSET_SECONDS).
 */
export type ZoneOffsetsError = "ZONE_OFFSETS_EMPTY" | "ZONE_OFFSETS_SYNTAX" | "ZONE_OFFSETS_ORDER" | "ZONE_OFFSET_RANGE";

/** Parses `from:offset,from:offset` (epoch seconds : UTC offset seconds, ascending from). */
export function parseZoneOffsets(text: string): Result<ZoneOffset[], ZoneOffsetsError> {
  if (text.length === 0) return fail("ZONE_OFFSETS_EMPTY");
  const out: ZoneOffset[] = [];
  for (const item of text.split(",")) {
    const colon = item.indexOf(":");
    if (colon < 0) return fail("ZONE_OFFSETS_SYNTAX");
    const from = canonicalSignedInt(item.substring(0, colon));
    const offsetSeconds = canonicalSignedInt(item.substring(colon + 1));
    if (from === undefined || offsetSeconds === undefined) return fail("ZONE_OFFSETS_SYNTAX");
    if (out.length > 0 && from <= out[out.length - 1].from) return fail("ZONE_OFFSETS_ORDER");
    if (offsetSeconds > MAX_OFFSET_SECONDS || offsetSeconds < -MAX_OFFSET_SECONDS) return fail("ZONE_OFFSET_RANGE");
    out.push({ from, offsetSeconds });
  }
  return ok(out);
}

export function formatZoneOffsets(offsets: ZoneOffset[]): string {
  const items: string[] = [];
  for (const o of offsets) items.push(intStr(o.from) + ":" + intStr(o.offsetSeconds));
  return items.join(",");
}

/**
 * Failure codes of parseBandPrices: BAND_PRICES_SYNTAX (an item without "="),
 * BAND_NAME_INVALID, BAND_PRICE_INVALID (not a canonical non-negative integer),
 * BAND_PRICE_TOO_LARGE (above RATE_LIMITS.maxRatePerMinuteMicros), BAND_PRICE_DUPLICATE.
 */
export type BandPricesError =
  | "BAND_PRICES_SYNTAX" | "BAND_NAME_INVALID" | "BAND_PRICE_INVALID" | "BAND_PRICE_TOO_LARGE" | "BAND_PRICE_DUPLICATE";

/** Parses `band=micros,band=micros` (micro-units a minute), "" = no band prices. */
export function parseBandPrices(text: string): Result<BandPrice[], BandPricesError> {
  const out: BandPrice[] = [];
  if (text.length === 0) return ok(out);
  for (const item of text.split(",")) {
    const eq = item.indexOf("=");
    if (eq < 0) return fail("BAND_PRICES_SYNTAX");
    const band = item.substring(0, eq);
    if (!isBandName(band)) return fail("BAND_NAME_INVALID");
    const digits = item.substring(eq + 1);
    const leadingZero = digits.length > 1 && digits.charCodeAt(0) === 48;
    if (!isDigits(digits) || leadingZero) return fail("BAND_PRICE_INVALID");
    const price = digits.length > 15 ? undefined : canonicalInt(digits);
    if (price === undefined || price > RATE_LIMITS.maxRatePerMinuteMicros) return fail("BAND_PRICE_TOO_LARGE");
    for (const p of out) if (p.band === band) return fail("BAND_PRICE_DUPLICATE");
    out.push({ band, ratePerMinuteMicros: price });
  }
  return ok(out);
}

export function formatBandPrices(prices: BandPrice[]): string {
  const items: string[] = [];
  for (const p of prices) items.push(p.band + "=" + intStr(p.ratePerMinuteMicros));
  return items.join(",");
}

/** Failure code of parseBandChanges: an item not `epoch:band` (band a band name or ""), or not ascending. */
export type BandChangesError = "BAND_CHANGES_SYNTAX";

/** Parses `at:band,at:band` (what a hold records of the bands its call may meet). */
export function parseBandChanges(text: string): Result<BandChange[], BandChangesError> {
  const out: BandChange[] = [];
  for (const item of text.split(",")) {
    const colon = item.indexOf(":");
    const at = colon < 0 ? undefined : canonicalInt(item.substring(0, colon));
    const band = item.substring(colon + 1);
    if (at === undefined || (band !== "" && !isBandName(band))) return fail("BAND_CHANGES_SYNTAX");
    if (out.length > 0 && at <= out[out.length - 1].at) return fail("BAND_CHANGES_SYNTAX");
    out.push({ at, band });
  }
  return ok(out);
}

export function formatBandChanges(changes: BandChange[]): string {
  const items: string[] = [];
  for (const c of changes) items.push(intStr(c.at) + ":" + c.band);
  return items.join(",");
}
