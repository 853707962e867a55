/** Products (card brands and retail plans) as the IVR reads them. */
import { DialRules, MAX_PREFIX_DIGITS } from "../../domain/numbers";
import { BandPlan, storedPlan } from "../../domain/bands";
import { MAX_PREFIX_DIGITS_OF_T } from "../../domain/rate_sql";
import { sqlInt, sqlText } from "../../domain/sql";
import { Row, SqlPort } from "../ports";
import { first, int, optInt, text } from "./rows";
import { SpendingCaps } from "./caps";

export type ExpiryKind = "none" | "fixed" | "after_first_use" | "after_creation";

export interface Product {
  id: number;
  name: string;
  kind: string;
  language: string;
  currency: string;
  rateTableId: number;
  rateTableName: string;
  /** The longest prefix in that table's loaded decks when the product was read (see findRate). */
  rateMaxPrefixDigits: number;
  /** The rate table's band plan, undefined when it has none. */
  bandPlan?: BandPlan;
  connectFeeMicros: number;
  disconnectFeeMicros: number;
  maxConcurrentCalls: number;
  pinLength: number;
  pinMaxTries: number;
  expiryKind: ExpiryKind;
  expiryDays?: number;
  maintenanceFeeMicros: number;
  maintenanceEveryDays: number;
  maxCallSeconds: number;
  dialRules: DialRules;
  lockoutFailures: number;
  lockoutWindowSeconds: number;
  /** Card callers hear the price a minute before connecting, and a call's cost and the new balance after it. */
  announceRate: boolean;
  announceCallCost: boolean;
  /** Per card or account over any 24 hours (0: no cap). */
  caps: SpendingCaps;
  /** Languages a menu offers before the PIN (key 1 the first); [] for no menu. */
  languageMenu: string[];
  /** Its cards are recharge vouchers (never dialled with). */
  vouchers: boolean;
  /** The digits that open voucher redemption at the destination prompt ("" for none). */
  voucherKey: string;
  /** Read by an access number for the balance only (productByDnis): announce it, place no call. */
  balanceOnly: boolean;
  /** True when the product blocks some destinations (blocked_prefixes). */
  blocksDestinations: boolean;
}

const COLUMNS =
  "p.id, p.name, p.kind, p.language, p.currency, p.rate_table_id, p.connect_fee_micros, " +
  "p.disconnect_fee_micros, p.max_concurrent_calls, p.pin_length, p.pin_max_tries, p.expiry_kind, " +
  "p.expiry_days, p.maintenance_fee_micros, p.maintenance_every_days, p.max_call_seconds, " +
  "p.international_prefixes, p.national_prefix, p.country_code, p.national_number_length, " +
  "p.lockout_failures, p.lockout_window_seconds, p.language_menu, p.vouchers, p.voucher_key, p.announce_rate, p.announce_call_cost, p.cap_calls, p.cap_money_micros, " +
  "EXISTS (SELECT 1 FROM blocked_prefixes b WHERE b.product_id = p.id) AS blocks, t.name AS rate_table_name, t.band_rules, t.band_offsets, " +
  MAX_PREFIX_DIGITS_OF_T + " AS rate_max_prefix_digits";

/** A product with its rate table (t). */
const PRODUCT_TABLES = "products p JOIN rate_tables t ON t.id = p.rate_table_id";

/** An SQL boolean as Dbh gives it: 1 on SQLite, t on PostgreSQL. */
function truthy(v: string): boolean {
  return v === "1" || v === "t" || v === "true";
}

function splitList(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(",")) {
    if (part !== "") out.push(part);
  }
  return out;
}

function toProduct(r: Row): Product {
  return {
    id: int(r, "id"),
    name: text(r, "name"),
    kind: text(r, "kind"),
    language: text(r, "language"),
    currency: text(r, "currency"),
    rateTableId: int(r, "rate_table_id"),
    rateTableName: text(r, "rate_table_name"),
    rateMaxPrefixDigits: optInt(r, "rate_max_prefix_digits") ?? MAX_PREFIX_DIGITS,
    bandPlan: storedPlan(text(r, "band_rules"), text(r, "band_offsets")),
    connectFeeMicros: int(r, "connect_fee_micros"),
    disconnectFeeMicros: int(r, "disconnect_fee_micros"),
    maxConcurrentCalls: int(r, "max_concurrent_calls"),
    pinLength: int(r, "pin_length"),
    pinMaxTries: int(r, "pin_max_tries"),
    expiryKind: text(r, "expiry_kind") as ExpiryKind,
    expiryDays: optInt(r, "expiry_days"),
    maintenanceFeeMicros: int(r, "maintenance_fee_micros"),
    maintenanceEveryDays: int(r, "maintenance_every_days"),
    maxCallSeconds: int(r, "max_call_seconds"),
    dialRules: {
      internationalPrefixes: splitList(text(r, "international_prefixes")),
      nationalPrefix: text(r, "national_prefix"),
      countryCode: text(r, "country_code"),
      nationalNumberLength: int(r, "national_number_length"),
    },
    lockoutFailures: int(r, "lockout_failures"),
    lockoutWindowSeconds: int(r, "lockout_window_seconds"),
    languageMenu: splitList(text(r, "language_menu")),
    vouchers: int(r, "vouchers") === 1,
    voucherKey: text(r, "voucher_key"),
    announceRate: int(r, "announce_rate") === 1,
    announceCallCost: int(r, "announce_call_cost") === 1,
    caps: { calls: int(r, "cap_calls"), moneyMicros: int(r, "cap_money_micros") },
    blocksDestinations: truthy(text(r, "blocks")),
    balanceOnly: text(r, "purpose") === "balance",
  };
}

/** The product an access number (validated digits) belongs to. */
export function productByDnis(sql: SqlPort, dnis: string): Product | undefined {
  const r = first(sql.rows("SELECT " + COLUMNS + ", n.purpose FROM access_numbers n JOIN products p ON p.id = n.product_id JOIN rate_tables t ON t.id = p.rate_table_id WHERE n.dnis = " + sqlText(dnis)));
  return r === undefined ? undefined : toProduct(r);
}

export function productById(sql: SqlPort, id: number): Product | undefined {
  const r = first(sql.rows("SELECT " + COLUMNS + " FROM " + PRODUCT_TABLES + " WHERE p.id = " + sqlInt(id)));
  return r === undefined ? undefined : toProduct(r);
}

export function productByName(sql: SqlPort, name: string): Product | undefined {
  const r = first(sql.rows("SELECT " + COLUMNS + " FROM " + PRODUCT_TABLES + " WHERE p.name = " + sqlText(name)));
  return r === undefined ? undefined : toProduct(r);
}
