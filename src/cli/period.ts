/** --from / --to day options (UTC calendar days) turned into an epoch-seconds range. */
import { UsageError, optionalString, ParsedArgs } from "./framework";

const DAY_SECONDS = 86400;

/** Epoch seconds of 00:00 UTC on a YYYY-MM-DD day; UsageError naming the option when invalid. */
export function dayStart(option: string, text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new UsageError(`--${option} must be a date YYYY-MM-DD, got '${text}'`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== text) throw new UsageError(`--${option} is not a real date: '${text}'`);
  return ms / 1000;
}

/** YYYY-MM-DD (UTC) of a day number (epoch seconds / 86400). */
export function dayText(dayNumber: number): string {
  return new Date(dayNumber * DAY_SECONDS * 1000).toISOString().slice(0, 10);
}

/** [from, to) in epoch seconds: --from's midnight, the midnight after --to (both inclusive days). */
export interface Period {
  from?: number;
  toExclusive?: number;
}

export function periodOptions(args: ParsedArgs): Period {
  const f = optionalString(args, "from");
  const t = optionalString(args, "to");
  const period: Period = {};
  if (f !== undefined) period.from = dayStart("from", f);
  if (t !== undefined) period.toExclusive = dayStart("to", t) + DAY_SECONDS;
  if (period.from !== undefined && period.toExclusive !== undefined && period.toExclusive <= period.from) {
    throw new UsageError(`--to (${t}) is before --from (${f})`);
  }
  return period;
}

/** A WHERE clause over `column` for the period (with its parameters); "" when unbounded. */
export function periodWhere(column: string, p: Period): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (p.from !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(p.from);
  }
  if (p.toExclusive !== undefined) {
    parts.push(`${column} < ?`);
    params.push(p.toExclusive);
  }
  return { sql: parts.length === 0 ? "" : " WHERE " + parts.join(" AND "), params };
}

export const PERIOD_OPTIONS = { from: { type: "string" }, to: { type: "string" } } as const;
