/**
 * SQL text building for Dbh, which has no bound parameters (and for the CLI where it must run
 * the very same text). Every value enters SQL through sqlText or sqlInt, after validation.
 * The rate lookups' SQL is domain/rate_sql.ts.
 */
import { intStr, isExactInt } from "./intmath";
import { bug } from "./bug";

/** A quoted SQL string literal. Refuses NUL and anything over 4,096 characters (caller bug). */
export function sqlText(value: string): string {
  if (value.length > 4096) bug("sqlText: value too long");
  if (value.indexOf("\0") >= 0) bug("sqlText: NUL in value");
  // Most values (digits, names) hold no quote: skip the split/join on the hot path.
  return "'" + (value.indexOf("'") < 0 ? value : value.split("'").join("''")) + "'";
}

/** An integer literal (exact, no exponent, no ".0"). */
export function sqlInt(value: number): string {
  if (!isExactInt(value)) bug("sqlInt: not an exact integer");
  return intStr(value);
}
