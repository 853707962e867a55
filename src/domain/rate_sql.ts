/**
 * The rate lookups' SQL, one text for the IVR and the CLI alike: the deck version in force, the
 * longest-prefix probe, the blocked-prefix probe, and PostgreSQL's prepared form of the lookups.
 */
import { intStr, isDigits, isExactInt } from "./intmath";
import { E164_MAX_DIGITS, MAX_PREFIX_DIGITS } from "./numbers";
import { sqlInt } from "./sql";
import { bug } from "./bug";

/** The tariff columns of a rate row, its band prices (domain/bands.ts) with them. */
export const TARIFF_COLUMNS =
  "r.rate_per_minute_micros, r.connect_fee_micros, r.disconnect_fee_micros, " +
  "r.initial_seconds, r.increment_seconds, r.grace_seconds, r.minimum_cost_micros, r.bands";

/** Columns of a rate row as the IVR reads it to rate a call (the destination's name it never needs). */
export const CALL_RATE_COLUMNS = "r.prefix, r.route, " + TARIFF_COLUMNS;

/** Columns of a rate row as the CLI shows it. */
export const RATE_COLUMNS = "r.prefix, r.destination, r.route, " + TARIFF_COLUMNS;

/**
 * The deck version in force at instant `at` of table `tableId` (SQL text of each, literals or
 * placeholders): the
 * one with the latest effective_at not after it, ties to the higher version (rate_versions,
 * schema migration 4). A deck scheduled ahead takes over at its instant with no process run then.
 */
export function versionInForce(tableId: string, at: string): string {
  return "(SELECT x.version FROM rate_versions x WHERE x.table_id = " + tableId + " AND x.effective_at <= " + at +
    " ORDER BY x.effective_at DESC, x.version DESC LIMIT 1)";
}

function rateLookupFrom(tableId: string, at: string): string {
  return " FROM rate_versions v JOIN rates r ON r.table_id = v.table_id AND r.version = v.version WHERE v.table_id = " + tableId +
    " AND v.version = " + versionInForce(tableId, at);
}

/**
 * The rate lookup: the longest prefix of an E.164 number (digits only, as domain/numbers gives
 * it) present in the table's deck in force at epoch second `at` — one indexed probe per
 * candidate on the (table_id, version, prefix) primary key, never a LIKE scan, after the
 * version is picked from the table's few rate_versions rows. The candidates are the number's
 * prefixes, so the longest match is also the greatest in text order: ORDER BY prefix DESC
 * reads it straight off the index, with no sort step. Refuses anything but 1–15 digits (the
 * number is checked once; its prefixes need no quoting).
 * `columns`: CALL_RATE_COLUMNS (the IVR), RATE_COLUMNS (the CLI) or TARIFF_COLUMNS.
 * `maxPrefixDigits`, the bound read earlier with the product (MAX_PREFIX_DIGITS_OF_T), drops
 * the candidates no prefix of the deck is that long for. A deck loaded since may have longer
 * prefixes, so the query also requires that the version it picks is no longer than the bound:
 * when it returns no row, look up again without the bound.
 */
export function rateLookupSql(tableId: number, e164: string, at: number, maxPrefixDigits: number = MAX_PREFIX_DIGITS, columns: string = CALL_RATE_COLUMNS): string {
  const { bound, list } = rateCandidates(e164, maxPrefixDigits);
  const guard = bound > 0 ? " AND v.max_prefix_digits <= " + sqlInt(bound) : "";
  return "SELECT " + columns + rateLookupFrom(sqlInt(tableId), sqlInt(at)) + guard + " AND r.prefix IN (" + list + ") ORDER BY r.prefix DESC LIMIT 1";
}

/**
 * Whether a product blocks the E.164 number: any prefix of it in blocked_prefixes, one indexed
 * IN probe on the (product_id, prefix) primary key (a row with x when it does).
 */
export function blockedLookupSql(productId: number, e164: string): string {
  return "SELECT 1 AS x FROM blocked_prefixes WHERE product_id = " + sqlInt(productId) + " AND prefix IN (" +
    rateCandidates(e164, MAX_PREFIX_DIGITS).list + ") LIMIT 1";
}

/**
 * The candidates of a lookup as quoted SQL text, and the bound they need guarded (0: none,
 * every prefix of the number is a candidate).
 */
function rateCandidates(e164: string, maxPrefixDigits: number): { bound: number; list: string } {
  if (e164.length > E164_MAX_DIGITS || !isDigits(e164)) bug("rateLookupSql: not an E.164 number");
  if (!isExactInt(maxPrefixDigits) || maxPrefixDigits < 1) bug("rateLookupSql: bad prefix length bound");
  const bounded = maxPrefixDigits < e164.length;
  const top = bounded ? maxPrefixDigits : e164.length;
  const candidates: string[] = [];
  for (let n = top; n >= 1; n--) candidates.push(e164.substring(0, n));
  return { bound: bounded ? top : 0, list: "'" + candidates.join("', '") + "'" };
}

/**
 * The IVR's two lookups on PostgreSQL, as statements prepared once per connection: mod_pgsql
 * sends plain SQL text, and PostgreSQL plans every text afresh (about 300 µs for the lookup,
 * most of its cost); a prepared statement with a generic plan skips parse and plan (about 80 µs
 * on the same million-prefix deck: docs/benchmarks.md). `call` reads CALL_RATE_COLUMNS (rating a
 * call), `tariff` TARIFF_COLUMNS (the vendor cost at settlement).
 */
export type RateLookupKind = "call" | "tariff";

const LOOKUP_COLUMNS: Record<RateLookupKind, string> = { call: CALL_RATE_COLUMNS, tariff: TARIFF_COLUMNS };

/**
 * The prepared statements' names carry the parameter list's generation: a connection an older
 * ccard prepared (FreeSWITCH keeps pooled handles across scripts) holds none of these names, so
 * it is set up afresh rather than sent an EXECUTE its statements do not take.
 */
const PREPARED_PREFIX = "ccard_rate2_";

/** What rateLookupSql asks, with the table, the bound (0: none), the candidates and the instant as parameters. */
function prepareRateLookup(kind: RateLookupKind): string {
  return "PREPARE " + PREPARED_PREFIX + kind + "(bigint, int, text[], bigint) AS SELECT " + LOOKUP_COLUMNS[kind] + rateLookupFrom("$1", "$4") +
    " AND ($2 = 0 OR v.max_prefix_digits <= $2) AND r.prefix = ANY($3) ORDER BY r.prefix DESC LIMIT 1";
}

/** How many of the lookups a PostgreSQL connection has prepared (a row with n). */
export const PGSQL_LOOKUPS_PREPARED =
  "SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE name IN ('" + PREPARED_PREFIX + "call', '" + PREPARED_PREFIX + "tariff')";

/** The count PGSQL_LOOKUPS_PREPARED gives on a connection that needs no setup. */
export const PGSQL_LOOKUPS = 2;

/**
 * Prepares the lookups on a PostgreSQL connection, from scratch, with generic plans (the
 * connection is FreeSWITCH's pooled handle for this DSN: no other prepared statement is ours to
 * keep). Built when asked: most scripts never prepare.
 */
export function pgsqlLookupSetup(): string {
  return "DEALLOCATE ALL; SET plan_cache_mode = force_generic_plan; " + prepareRateLookup("call") + "; " + prepareRateLookup("tariff");
}

/** rateLookupSql on a connection that ran pgsqlLookupSetup: the same lookup, the same row. */
export function rateLookupExecute(kind: RateLookupKind, tableId: number, e164: string, at: number, maxPrefixDigits: number): string {
  const { bound, list } = rateCandidates(e164, maxPrefixDigits);
  return "EXECUTE " + PREPARED_PREFIX + kind + "(" + sqlInt(tableId) + ", " + sqlInt(bound) + ", ARRAY[" + list + "], " + sqlInt(at) + ")";
}

/**
 * The bound to pass to rateLookupSql, read with a rate table row `t`: the longest prefix of any
 * of its loaded versions (in force, pending or superseded), 15 when it has none.
 */
export const MAX_PREFIX_DIGITS_OF_T =
  "COALESCE((SELECT MAX(v.max_prefix_digits) FROM rate_versions v WHERE v.table_id = t.id), " + intStr(MAX_PREFIX_DIGITS) + ")";
