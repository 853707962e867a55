/**
 * SQL text building for Dbh, which has no bound parameters (and for the CLI where it must run
 * the very same text). Every value enters SQL through sqlText or sqlInt, after validation.
 */
import { intStr, isDigits, isExactInt } from "./intmath";
import { E164_MAX_DIGITS, MAX_PREFIX_DIGITS } from "./numbers";

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

/** The tariff columns of a rate row. */
export const TARIFF_COLUMNS =
  "r.rate_per_minute_micros, r.connect_fee_micros, r.disconnect_fee_micros, " +
  "r.initial_seconds, r.increment_seconds, r.grace_seconds, r.minimum_cost_micros";

/** Columns of a rate row as the IVR reads it to rate a call (the destination's name it never needs). */
export const CALL_RATE_COLUMNS = "r.prefix, r.route, " + TARIFF_COLUMNS;

/** Columns of a rate row as the CLI shows it. */
export const RATE_COLUMNS = "r.prefix, r.destination, r.route, " + TARIFF_COLUMNS;

/**
 * The rate lookup: the longest prefix of an E.164 number (digits only, as domain/numbers gives
 * it) present in the table's active deck — one indexed probe per candidate on the (table_id,
 * version, prefix) primary key, never a LIKE scan. The candidates are the number's prefixes,
 * so the longest match is also the greatest in text order: ORDER BY prefix DESC reads it
 * straight off the index, with no sort step. Refuses anything but 1–15 digits (the number is
 * checked once; its prefixes need no quoting).
 * `columns`: CALL_RATE_COLUMNS (the IVR), RATE_COLUMNS (the CLI) or TARIFF_COLUMNS.
 * `maxPrefixDigits`, the table's max_prefix_digits as read earlier (with the product), drops
 * the candidates no prefix of the deck is that long for. The deck may have been replaced
 * since, so the query then also requires that the active deck's longest prefix, as recorded
 * for that very version, still fits: when it returns no row, look up again without the bound.
 */
export function rateLookupSql(tableId: number, e164: string, maxPrefixDigits: number = MAX_PREFIX_DIGITS, columns: string = CALL_RATE_COLUMNS): string {
  if (e164.length > E164_MAX_DIGITS || !isDigits(e164)) throw new Error("rateLookupSql: not an E.164 number");
  if (!isExactInt(maxPrefixDigits) || maxPrefixDigits < 1) throw new Error("rateLookupSql: bad prefix length bound");
  const bounded = maxPrefixDigits < e164.length;
  const top = bounded ? maxPrefixDigits : e164.length;
  const candidates: string[] = [];
  for (let n = top; n >= 1; n--) candidates.push(e164.substring(0, n));
  const guard = bounded ? " AND t.max_prefix_version = t.active_version AND t.max_prefix_digits <= " + sqlInt(top) : "";
  return "SELECT " + columns + RATE_LOOKUP_FROM + sqlInt(tableId) + guard + " AND r.prefix IN ('" + candidates.join("', '") + "') ORDER BY r.prefix DESC LIMIT 1";
}

/**
 * The bound to pass to rateLookupSql, read from a rate table row `t`: its deck's longest prefix
 * when recorded for the active version, else 15 (every prefix).
 */
export const MAX_PREFIX_DIGITS_OF_T =
  "CASE WHEN t.max_prefix_version = t.active_version THEN t.max_prefix_digits ELSE " + intStr(MAX_PREFIX_DIGITS) + " END";

const RATE_LOOKUP_FROM = " FROM rate_tables t JOIN rates r ON r.table_id = t.id AND r.version = t.active_version WHERE t.id = ";
