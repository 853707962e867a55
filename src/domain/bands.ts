/**
 * Tariff bands that follow the clock. A band plan names bands (peak, weekend, …) by ISO weekday
 * and local time of day in one IANA zone; an instant no rule covers is in no band ("") and is
 * priced at the rate row's base rate. Lua has no time-zone data, so the zone is carried as its
 * list of UTC offsets (precomputed by the CLI with Intl, src/cli/zones.ts), and both runtimes
 * find bands from that list alone. docs/tariff-bands.md states the whole rule.
 */
import { floorDiv, isExactInt } from "./intmath";
import {
  MAX_BAND_RULES, MAX_OFFSET_SECONDS, formatBandChanges, formatBandPrices, formatBandRules, formatZoneOffsets, hasDay, isBandName,
  parseBandChanges, parseBandPrices, parseBandRules, parseZoneOffsets,
} from "./band_text";
import type { PriceSegment, Timeline } from "./tariff";
import { bug } from "./bug";

// The text forms live in band_text.ts; they are exported from here too, so callers need one module.
export {
  MAX_BAND_RULES, MAX_OFFSET_SECONDS, formatBandChanges, formatBandPrices, formatBandRules, formatZoneOffsets, hasDay, isBandName,
  parseBandChanges, parseBandPrices, parseBandRules, parseZoneOffsets,
};
export type { BandChangesError, BandPricesError, BandRulesError, ZoneOffsetsError } from "./band_text";

/** One rule: `band` on the days of the mask, local minutes [fromMinute, toMinute). */
export interface BandRule {
  band: string;
  /** Bit mask, bit 0 = Monday … bit 6 = Sunday. */
  days: number;
  /** Local minutes of the day, 0 ≤ fromMinute < toMinute ≤ 1440. */
  fromMinute: number;
  toMinute: number;
}

/** The zone's UTC offset from epoch second `from` on (until the next entry). */
export interface ZoneOffset {
  from: number;
  offsetSeconds: number;
}

export interface BandPlan {
  /** Rules of all bands; no two overlap (parseBandRules refuses that). */
  rules: BandRule[];
  /** Ascending from; the first applies before its own from too; [] means UTC. */
  offsets: ZoneOffset[];
}

/** A rate row's per-minute price of one band, in micro-units. */
export interface BandPrice {
  band: string;
  ratePerMinuteMicros: number;
}

/** A change of band: from epoch second `at` on, the band is `band` ("" = none). */
export interface BandChange {
  at: number;
  band: string;
}

const DAY = 86400;

/** Index of the offset in force at t: the last with from ≤ t, or 0 before the first. */
function offsetIndex(offsets: ZoneOffset[], t: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  if (hi < 0 || offsets[0].from > t) return 0;
  while (lo < hi) {
    const mid = floorDiv(lo + hi + 1, 2);
    if (offsets[mid].from <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function offsetOf(offsets: ZoneOffset[], i: number): number {
  return offsets.length === 0 ? 0 : offsets[i].offsetSeconds;
}

/** The band at local epoch second `local` (wall-clock seconds counted from 1970-01-01 00:00). */
function localBand(rules: BandRule[], local: number): string {
  const day = floorDiv(local, DAY);
  // 1970-01-01 was a Thursday: weekday 3 with Monday = 0.
  const weekday = day + 3 - floorDiv(day + 3, 7) * 7;
  const second = local - day * DAY;
  for (const r of rules) {
    if (hasDay(r.days, weekday) && second >= r.fromMinute * 60 && second < r.toMinute * 60) return r.band;
  }
  return "";
}

function checkInt(name: string, n: number): void {
  if (!isExactInt(n)) bug(name + ": times must be integer epoch seconds");
}

/** The band in force at epoch second t, "" when no rule covers t's local time. */
export function bandAt(plan: BandPlan, t: number): string {
  checkInt("bandAt", t);
  return localBand(plan.rules, t + offsetOf(plan.offsets, offsetIndex(plan.offsets, t)));
}

/** Seconds of the local day where a rule starts or ends, ascending, always ending with 86400. */
function dayEdges(rules: BandRule[]): number[] {
  const marks: boolean[] = [];
  for (const r of rules) {
    marks[r.fromMinute] = true;
    marks[r.toMinute] = true;
  }
  const edges: number[] = [];
  for (let m = 1; m < 1440; m++) if (marks[m] === true) edges.push(m * 60);
  edges.push(DAY);
  return edges;
}

/**
 * The bands over [from, to] (epoch seconds): first { at: from, band in force at from }, then
 * each instant in (from, to] where the band changes. Steps from edge to edge: the next local
 * rule edge or midnight under the offset in force, or the next offset transition, whichever
 * comes first, so a DST jump (either way, of any size) is taken where it happens and local
 * times it skips or repeats are skipped or repeated.
 */
export function bandChanges(plan: BandPlan, from: number, to: number): BandChange[] {
  checkInt("bandChanges", from);
  checkInt("bandChanges", to);
  const offsets = plan.offsets;
  const edges = dayEdges(plan.rules);
  let i = offsetIndex(offsets, from);
  let t = from;
  let band = localBand(plan.rules, t + offsetOf(offsets, i));
  const out: BandChange[] = [{ at: from, band }];
  for (;;) {
    const offset = offsetOf(offsets, i);
    const local = t + offset;
    const day = floorDiv(local, DAY);
    const second = local - day * DAY;
    let e = 0;
    while (edges[e] <= second) e++;
    let next = day * DAY + edges[e] - offset;
    if (i + 1 < offsets.length && offsets[i + 1].from < next) next = offsets[i + 1].from;
    if (next > to) return out;
    t = next;
    while (i + 1 < offsets.length && offsets[i + 1].from <= t) i++;
    const b = localBand(plan.rules, t + offsetOf(offsets, i));
    if (b !== band) {
      out.push({ at: t, band: b });
      band = b;
    }
  }
}

/**
 * The price timeline of a call starting at epoch second startEpoch, from the bands over the
 * call (bandChanges from startEpoch, or from earlier). A segment's rate is the row's price of
 * the band, or basePerMinute when the band is "" or the row does not price it; its band is the
 * band whose price applies, so "" for every base-priced stretch. Adjacent stretches with the
 * same band (hence the same rate) are one segment; different bands of equal price stay apart so
 * billedByBand can report each. Throws when changes is empty or starts after startEpoch.
 */
export function priceTimeline(basePerMinute: number, bandPrices: BandPrice[], changes: BandChange[], startEpoch: number): Timeline {
  if (changes.length === 0 || changes[0].at > startEpoch) {
    bug("priceTimeline: changes must start at or before startEpoch");
  }
  const out: PriceSegment[] = [];
  for (const c of changes) {
    let price: number | undefined = undefined;
    for (const p of bandPrices) if (p.band === c.band) price = p.ratePerMinuteMicros;
    const seg: PriceSegment = {
      fromSecond: c.at > startEpoch ? c.at - startEpoch : 0,
      ratePerMinuteMicros: price === undefined ? basePerMinute : price,
      band: price === undefined ? "" : c.band,
    };
    if (out.length > 0 && out[out.length - 1].fromSecond === seg.fromSecond) out.pop();
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last === undefined || last.band !== seg.band || last.ratePerMinuteMicros !== seg.ratePerMinuteMicros) out.push(seg);
  }
  return out;
}

/**
 * The band plan a rate table stores (its band_rules and band_offsets texts), undefined when it
 * has no rules. The texts are written only by `ccard rates bands set`, after checking: one
 * that does not parse is a damaged table, and pricing with it would be a guess, so it throws.
 */
export function storedPlan(rulesText: string, offsetsText: string): BandPlan | undefined {
  if (rulesText === "") return undefined;
  const rules = parseBandRules(rulesText);
  const offsets = offsetsText === "" ? undefined : parseZoneOffsets(offsetsText);
  if (!rules.ok || (offsets !== undefined && !offsets.ok)) bug("unreadable band plan: " + rulesText);
  return { rules: rules.value, offsets: offsets === undefined || !offsets.ok ? [] : offsets.value };
}

/** A rate row's stored band prices (its bands text); throws on a damaged one, as storedPlan. */
export function storedPrices(text: string): BandPrice[] {
  const prices = parseBandPrices(text);
  if (!prices.ok) bug("unreadable band prices: " + text);
  return prices.value;
}
