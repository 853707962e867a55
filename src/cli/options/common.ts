/** Options several commands take, declared once. */
import { UsageError } from "../exit";
import { SECONDS_PER_DAY, dayText } from "../time";
import { flag, option, withDefault } from "./declare";
import { day, printable, text, wholeNumber } from "./values";

/** --limit N: at most N rows of a list. */
export function limitOption(fallback: number) {
  return withDefault(wholeNumber(1, 1000000), "at most N rows", fallback);
}

/** --out FILE and --force, for commands that write a file. */
export const OUT_OPTIONS = {
  out: option(text("FILE"), "write to FILE (whole or not at all) instead of standard output"),
  force: flag("replace an existing --out FILE"),
};

/** --note TEXT: free text kept on the ledger row. */
export const noteOption = option(printable(0, 500), "a note kept on the ledger row");

/** --from / --to: inclusive UTC days. */
export const PERIOD_OPTIONS = {
  from: option(day, "first day, inclusive (UTC)"),
  to: option(day, "last day, inclusive (UTC)"),
};

/** [from, to) in epoch seconds: --from's midnight, the midnight after --to. */
export interface Period {
  from?: number;
  toExclusive?: number;
}

/** The period of --from/--to; UsageError when --to is before --from. */
export function periodOf(o: { from?: number; to?: number }): Period {
  const p: Period = { from: o.from, toExclusive: o.to === undefined ? undefined : o.to + SECONDS_PER_DAY };
  if (p.from !== undefined && p.toExclusive !== undefined && p.toExclusive <= p.from) {
    throw new UsageError("CONFLICTING_OPTIONS", `--to ${dayText(o.to as number)} is before --from ${dayText(p.from)}`);
  }
  return p;
}

/** A WHERE clause over `column` for the period, with its parameters; "" when unbounded. */
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
