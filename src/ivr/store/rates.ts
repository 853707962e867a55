/** Rating: the longest matching prefix in the deck a rate table has in force, one indexed query. */
import { MAX_PREFIX_DIGITS } from "../../domain/numbers";
import { CALL_RATE_COLUMNS, PGSQL_LOOKUPS, PGSQL_LOOKUPS_PREPARED, RateLookupKind, TARIFF_COLUMNS, blockedLookupSql, pgsqlLookupSetup, rateLookupExecute, rateLookupSql } from "../../domain/rate_sql";
import { sqlText } from "../../domain/sql";
import { Rate } from "../../domain/tariff";
import { BandPrice, storedPrices } from "../../domain/bands";
import { Row, SqlPort } from "../ports";
import { first, int, text } from "./rows";

export interface RatedDestination {
  prefix: string;
  route: string;
  rate: Rate;
  /** The row's per-minute band prices ([] when it prices no band). */
  bandPrices: BandPrice[];
}

export function rateFromRow(r: Row): Rate {
  return {
    ratePerMinuteMicros: int(r, "rate_per_minute_micros"),
    connectFeeMicros: int(r, "connect_fee_micros"),
    disconnectFeeMicros: int(r, "disconnect_fee_micros"),
    initialSeconds: int(r, "initial_seconds"),
    incrementSeconds: int(r, "increment_seconds"),
    graceSeconds: int(r, "grace_seconds"),
    minimumCostMicros: int(r, "minimum_cost_micros"),
  };
}

/**
 * The row of the longest prefix of an E.164 number in the deck a table has in force at epoch
 * second `at`, or undefined. `maxPrefixDigits`: the table's longest prefix as read earlier
 * (fewer candidates); when a deck with longer prefixes was loaded since, the bounded query finds
 * nothing and the lookup runs again with every prefix of the number.
 */
export function lookupRateRow(sql: SqlPort, tableId: number, e164: string, at: number, maxPrefixDigits: number, kind: RateLookupKind): Row | undefined {
  const r = first(sql.rows(lookupText(sql, kind, tableId, e164, at, maxPrefixDigits)));
  if (r !== undefined || maxPrefixDigits >= e164.length) return r;
  return first(sql.rows(lookupText(sql, kind, tableId, e164, at, MAX_PREFIX_DIGITS)));
}

/**
 * A pooled PostgreSQL connection keeps its session: the lookups an earlier script prepared on it
 * are still there, so one cheap read tells whether this one needs them. Only a script that looks
 * a rate up asks (sql.once: the first lookup on each connection it takes).
 */
function preparePgsqlLookups(sql: SqlPort): void {
  const r = first(sql.rows(PGSQL_LOOKUPS_PREPARED));
  if (r !== undefined && int(r, "n") === PGSQL_LOOKUPS) return;
  sql.exec(pgsqlLookupSetup());
}

/** The lookup as this engine runs it best: SQL text on SQLite, the prepared statement on PostgreSQL. */
function lookupText(sql: SqlPort, kind: RateLookupKind, tableId: number, e164: string, at: number, maxPrefixDigits: number): string {
  if (sql.dialect === "pgsql") {
    sql.once("rate lookups", () => preparePgsqlLookups(sql));
    return rateLookupExecute(kind, tableId, e164, at, maxPrefixDigits);
  }
  return rateLookupSql(tableId, e164, at, maxPrefixDigits, kind === "call" ? CALL_RATE_COLUMNS : TARIFF_COLUMNS);
}

/** The rate for an E.164 number in a table at epoch second `at`, or undefined when no prefix matches (bound: see lookupRateRow). */
export function findRate(sql: SqlPort, tableId: number, e164: string, at: number, maxPrefixDigits: number = MAX_PREFIX_DIGITS): RatedDestination | undefined {
  const r = lookupRateRow(sql, tableId, e164, at, maxPrefixDigits, "call");
  if (r === undefined) return undefined;
  return { prefix: text(r, "prefix"), route: text(r, "route"), rate: rateFromRow(r), bandPrices: storedPrices(text(r, "bands")) };
}

/** True when the product blocks the E.164 number (blocked_prefixes); no query for a product that blocks nothing. */
export function isBlocked(sql: SqlPort, product: { id: number; blocksDestinations: boolean }, e164: string): boolean {
  return product.blocksDestinations && first(sql.rows(blockedLookupSql(product.id, e164))) !== undefined;
}

export interface Gateway {
  name: string;
  dialPrefix: string;
  /** Its cost table's name, "" when it has none. */
  costTable: string;
}

/** An enabled gateway by its FreeSWITCH name. */
export function gatewayByName(sql: SqlPort, name: string): Gateway | undefined {
  const r = first(sql.rows(
    "SELECT g.name, g.dial_prefix, t.name AS cost_table FROM gateways g LEFT JOIN rate_tables t ON t.id = g.cost_table_id " +
      "WHERE g.enabled = 1 AND g.name = " + sqlText(name),
  ));
  return r === undefined ? undefined : { name: text(r, "name"), dialPrefix: text(r, "dial_prefix"), costTable: text(r, "cost_table") };
}

/**
 * How many gateways a call to this route may try: its max_attempts, but never more than the
 * enabled gateways it has, the nodes of its mod_distributor list (asking mod_distributor once
 * every node is excluded makes it loop and skews its next picks). 1 when the route is unknown.
 */
export function routeAttempts(sql: SqlPort, route: string): number {
  const r = first(sql.rows(
    "SELECT r.max_attempts, (SELECT COUNT(*) FROM route_gateways x JOIN gateways g ON g.id = x.gateway_id AND g.enabled = 1 " +
      "WHERE x.route_id = r.id) AS gateways FROM routes r WHERE r.name = " + sqlText(route),
  ));
  if (r === undefined) return 1;
  const max = int(r, "max_attempts");
  const gateways = int(r, "gateways");
  return gateways < max ? gateways : max;
}
