/**
 * SQL text building for Dbh, which has no bound parameters (and for the CLI where it must run
 * the very same text). Every value enters SQL through sqlText or sqlInt, after validation.
 */
import { intStr, isExactInt } from "./intmath";

/** A quoted SQL string literal. Refuses NUL and anything over 4,096 characters (caller bug). */
export function sqlText(value: string): string {
  if (value.length > 4096) throw new Error("sqlText: value too long");
  if (value.indexOf("\0") >= 0) throw new Error("sqlText: NUL in value");
  // Most values (digits, names) hold no quote: skip the split/join on the hot path.
  return "'" + (value.indexOf("'") < 0 ? value : value.split("'").join("''")) + "'";
}

/** An integer literal (exact, no exponent, no ".0"). */
export function sqlInt(value: number): string {
  if (!isExactInt(value)) throw new Error("sqlInt: not an exact integer");
  return intStr(value);
}

/** A comma-separated list of quoted literals for an IN (…) clause; never empty. */
export function sqlTextList(values: string[]): string {
  if (values.length === 0) throw new Error("sqlTextList: empty list");
  const parts: string[] = [];
  for (const v of values) parts.push(sqlText(v));
  return parts.join(", ");
}

/** Columns of a rate row as the IVR and the CLI read them. */
export const RATE_COLUMNS =
  "r.prefix, r.destination, r.rate_per_minute_micros, r.connect_fee_micros, r.disconnect_fee_micros, " +
  "r.initial_seconds, r.increment_seconds, r.grace_seconds, r.minimum_cost_micros, r.route";

/**
 * The rate lookup: the longest of the number's prefixes present in the table's active deck,
 * one indexed probe per candidate on the (table_id, version, prefix) primary key — never a
 * LIKE scan. `prefixes` come from domain/numbers (digits only), all prefixes of one number, so
 * the longest match is also the greatest in text order: ORDER BY prefix DESC reads it straight
 * off the index, with no sort step.
 */
export function rateLookupSql(tableId: number, prefixes: string[]): string {
  return (
    "SELECT " + RATE_COLUMNS + " FROM rate_tables t JOIN rates r" +
    " ON r.table_id = t.id AND r.version = t.active_version" +
    " WHERE t.id = " + sqlInt(tableId) +
    " AND r.prefix IN (" + sqlTextList(prefixes) + ")" +
    " ORDER BY r.prefix DESC LIMIT 1"
  );
}
