/**
 * IANA time zones for band plans (Node only: Intl holds the zone data, Lua has none). The CLI
 * stores a zone's UTC offsets over a horizon as a ZoneOffset list (domain/bands.ts), from which
 * the IVR finds bands without any zone data of its own.
 */
import type { ZoneOffset } from "../domain/bands";

const DAY = 86400;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", era: "short",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * True when `name` is a time zone name Intl knows (e.g. "Europe/Madrid", "UTC"), not a bare
 * offset such as "+01:00".
 */
export function isZoneName(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at epoch second t: its wall clock read as UTC, minus t. */
export function zoneOffsetAt(zone: string, t: number): number {
  const parts = formatter(zone).formatToParts(new Date(t * 1000));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  let year = get("year");
  if (parts.find((p) => p.type === "era")?.value === "BC") year = 1 - year;
  const wall = Date.UTC(year, get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const d = new Date(wall);
  d.setUTCFullYear(year);
  return Math.round(d.getTime() / 1000) - t;
}

/**
 * Every UTC-offset change of `zone` in [fromEpoch, toEpoch] (epoch seconds), exact to the
 * second: first { from: fromEpoch, the offset in force then }, then one entry at each instant in
 * (fromEpoch, toEpoch] where the offset changes. Samples the zone daily and bisects each change
 * to its second (so two changes less than a day apart that cancel out would be missed; no zone
 * has any in the tz database since 1970). Throws on an unknown zone.
 */
export function zoneOffsets(zone: string, fromEpoch: number, toEpoch: number): ZoneOffset[] {
  if (!Number.isInteger(fromEpoch) || !Number.isInteger(toEpoch) || toEpoch < fromEpoch) {
    throw new Error("zoneOffsets: need integer epoch seconds with fromEpoch ≤ toEpoch");
  }
  let current = zoneOffsetAt(zone, fromEpoch);
  const out: ZoneOffset[] = [{ from: fromEpoch, offsetSeconds: current }];
  let t = fromEpoch;
  while (t < toEpoch) {
    const next = Math.min(t + DAY, toEpoch);
    if (zoneOffsetAt(zone, next) === current) {
      t = next;
      continue;
    }
    // offset(lo) = current ≠ offset(hi): the first second of the new offset is in (lo, hi].
    let lo = t;
    let hi = next;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneOffsetAt(zone, mid) === current) lo = mid;
      else hi = mid;
    }
    current = zoneOffsetAt(zone, hi);
    out.push({ from: hi, offsetSeconds: current });
    t = hi;
  }
  return out;
}
