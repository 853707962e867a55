/** A card as list, show and the card commands print it (no PIN unless asked). */
import { formatMicros } from "../../../domain/money";
import type { Column } from "../../output/print";
import { moneyText } from "../../output/format";
import type { Sql, SqlValue } from "../../store/store";
import { timeText } from "../../time";

export interface CardView {
  serial: string;
  state: string;
  product: string;
  batch_id: number;
  account_id: number;
  currency: string;
  balance_micros: number;
  balance: string;
  held_micros: number;
  held: string;
  created_at: number;
  first_used_at: number | null;
  expires_at: number | null;
  pin?: string;
}

const VIEW_SQL = `SELECT c.serial, c.state, p.name AS product, c.batch_id, c.account_id, a.currency, a.balance_micros,
  a.held_micros, c.created_at, c.first_used_at, c.expires_at
  FROM cards c JOIN accounts a ON a.id = c.account_id JOIN products p ON p.id = c.product_id`;

/** Cards matching `where` (SQL conditions on c, a, p), in serial order. */
export async function cardViews(db: Sql, where: string[], params: SqlValue[], limit: number): Promise<CardView[]> {
  const rows = await db.all<Omit<CardView, "balance" | "held">>(`${VIEW_SQL}${where.length > 0 ? " WHERE " + where.join(" AND ") : ""} ORDER BY c.serial LIMIT ?`, [...params, limit]);
  return rows.map((r) => ({
    serial: r.serial, state: r.state, product: r.product, batch_id: r.batch_id, account_id: r.account_id, currency: r.currency,
    balance_micros: r.balance_micros, balance: formatMicros(r.balance_micros), held_micros: r.held_micros, held: formatMicros(r.held_micros),
    created_at: r.created_at, first_used_at: r.first_used_at, expires_at: r.expires_at,
  }));
}

/** The card with this serial (found by lookups first). */
export async function cardView(db: Sql, serial: string): Promise<CardView> {
  const [v] = await cardViews(db, ["c.serial = ?"], [serial], 1);
  if (v === undefined) throw new Error(`card ${serial} vanished`);
  return v;
}

const orText = (t: number | null, none: string): string => (t === null ? none : timeText(t));

export const CARD_COLUMNS: Column<CardView>[] = [
  { header: "SERIAL", cell: (v) => v.serial },
  { header: "STATE", cell: (v) => v.state },
  { header: "PRODUCT", cell: (v) => v.product },
  { header: "BATCH", cell: (v) => String(v.batch_id) },
  { header: "BALANCE", cell: (v) => moneyText(v.balance_micros, v.currency) },
  { header: "EXPIRES", cell: (v) => orText(v.expires_at, "") },
];

export function cardFields(v: CardView): Column<CardView>[] {
  const fields: Column<CardView>[] = [
    { header: "serial", cell: () => v.serial },
    { header: "state", cell: () => v.state },
    { header: "product", cell: () => v.product },
    { header: "batch", cell: () => String(v.batch_id) },
    { header: "account", cell: () => String(v.account_id) },
    { header: "balance", cell: () => moneyText(v.balance_micros, v.currency) },
    { header: "held", cell: () => moneyText(v.held_micros, v.currency) },
    { header: "created", cell: () => timeText(v.created_at) },
    { header: "first used", cell: () => orText(v.first_used_at, "never") },
    { header: "expires", cell: () => orText(v.expires_at, "not set") },
  ];
  if (v.pin !== undefined) fields.push({ header: "pin", cell: () => v.pin ?? "" });
  return fields;
}
