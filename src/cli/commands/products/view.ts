/** A product as show, list, add and set print it. */
import { formatMicros } from "../../../domain/money";
import type { Column } from "../../output/print";
import { moneyText } from "../../output/format";
import type { ProductRow } from "../../store/records";
import type { Sql } from "../../store/store";
import { lastValidDay } from "../../time";

/** The expiry policy in the syntax --expiry accepts. */
function expiryText(p: ProductRow): string {
  switch (p.expiry_kind) {
    case "fixed":
      return `fixed:${lastValidDay(p.expiry_date as number)}`;
    case "after_first_use":
      return `after-first-use:${p.expiry_days}`;
    case "after_creation":
      return `after-creation:${p.expiry_days}`;
    default:
      return "none";
  }
}

export interface ProductView extends ProductRow {
  connect_fee: string;
  disconnect_fee: string;
  maintenance_fee: string;
  cap_money: string;
  rate_table: string;
  access_numbers: string[];
  balance_numbers: string[];
  blocked_prefixes: string[];
  expiry: string;
  cards: number;
  accounts: number;
}

export async function productView(db: Sql, p: ProductRow): Promise<ProductView> {
  const rt = await db.get<{ name: string }>("SELECT name FROM rate_tables WHERE id = ?", [p.rate_table_id]);
  const dnis = await db.all<{ dnis: string; purpose: string }>("SELECT dnis, purpose FROM access_numbers WHERE product_id = ? ORDER BY dnis", [p.id]);
  const cards = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM cards WHERE product_id = ?", [p.id]);
  const accounts = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM accounts WHERE product_id = ? AND kind = 'master'", [p.id]);
  const blocked = await db.all<{ prefix: string }>("SELECT prefix FROM blocked_prefixes WHERE product_id = ? ORDER BY prefix", [p.id]);
  return {
    ...p,
    connect_fee: formatMicros(p.connect_fee_micros),
    disconnect_fee: formatMicros(p.disconnect_fee_micros),
    maintenance_fee: formatMicros(p.maintenance_fee_micros),
    cap_money: formatMicros(p.cap_money_micros),
    rate_table: rt?.name ?? "",
    access_numbers: dnis.filter((r) => r.purpose === "calls").map((r) => r.dnis),
    balance_numbers: dnis.filter((r) => r.purpose === "balance").map((r) => r.dnis),
    blocked_prefixes: blocked.map((r) => r.prefix),
    expiry: expiryText(p),
    cards: cards?.n ?? 0,
    accounts: accounts?.n ?? 0,
  };
}

const m = (v: ProductView, micros: number): string => moneyText(micros, v.currency);

/** "5 calls, 20.00 USD in any 24 h" */
function capsText(v: ProductView): string {
  const caps = [v.cap_calls > 0 ? `${v.cap_calls} calls` : "", v.cap_money_micros > 0 ? m(v, v.cap_money_micros) : ""].filter((x) => x !== "");
  return caps.length === 0 ? "none" : `${caps.join(", ")} in any 24 h per card or account`;
}

export const PRODUCT_FIELDS: Column<ProductView>[] = [
  { header: "name", cell: (v) => v.name },
  { header: "id", cell: (v) => String(v.id) },
  { header: "kind", cell: (v) => (v.vouchers === 1 ? `${v.kind} (recharge vouchers)` : v.kind) },
  { header: "access numbers", cell: (v) => v.access_numbers.join(", ") || "(none)" },
  { header: "balance numbers", cell: (v) => v.balance_numbers.join(", ") || "(none)" },
  { header: "language", cell: (v) => v.language },
  { header: "currency", cell: (v) => v.currency },
  { header: "rate table", cell: (v) => v.rate_table },
  { header: "connect fee", cell: (v) => m(v, v.connect_fee_micros) },
  { header: "disconnect fee", cell: (v) => m(v, v.disconnect_fee_micros) },
  { header: "max concurrent calls", cell: (v) => String(v.max_concurrent_calls) },
  { header: "max call seconds", cell: (v) => String(v.max_call_seconds) },
  { header: "pin length", cell: (v) => String(v.pin_length) },
  { header: "pin max tries", cell: (v) => String(v.pin_max_tries) },
  { header: "expiry", cell: (v) => v.expiry },
  { header: "maintenance", cell: (v) => (v.maintenance_every_days > 0 ? `${m(v, v.maintenance_fee_micros)} every ${v.maintenance_every_days} days after first use` : "none") },
  { header: "international prefixes", cell: (v) => v.international_prefixes },
  { header: "national prefix", cell: (v) => v.national_prefix || "(none)" },
  { header: "country code", cell: (v) => v.country_code || "(none)" },
  { header: "national number length", cell: (v) => String(v.national_number_length) },
  { header: "lockout", cell: (v) => `${v.lockout_failures} failures within ${v.lockout_window_seconds} s` },
  { header: "voucher key", cell: (v) => v.voucher_key || "(none)" },
  { header: "language menu", cell: (v) => v.language_menu || "(none)" },
  { header: "announce rate", cell: (v) => (v.announce_rate === 1 ? "on" : "off") },
  { header: "announce call cost", cell: (v) => (v.announce_call_cost === 1 ? "on" : "off") },
  { header: "daily caps", cell: (v) => capsText(v) },
  { header: "blocked prefixes", cell: (v) => v.blocked_prefixes.join(", ") || "(none)" },
  { header: "cards", cell: (v) => String(v.cards) },
  { header: "master accounts", cell: (v) => String(v.accounts) },
];

export const PRODUCT_COLUMNS: Column<ProductView>[] = [
  { header: "NAME", cell: (v) => v.name },
  { header: "KIND", cell: (v) => v.kind },
  { header: "CURRENCY", cell: (v) => v.currency },
  { header: "RATE TABLE", cell: (v) => v.rate_table },
  { header: "CARDS", cell: (v) => String(v.cards) },
  { header: "ACCOUNTS", cell: (v) => String(v.accounts) },
  { header: "ACCESS NUMBERS", cell: (v) => v.access_numbers.join(",") },
];
