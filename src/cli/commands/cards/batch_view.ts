/** A batch as the batch commands and `cards generate` show it. */
import { formatMicros } from "../../../domain/money";
import type { Column } from "../../output/print";
import { moneyText } from "../../output/format";
import type { Sql } from "../../store/store";
import { timeText } from "../../time";

export interface BatchView {
  id: number;
  product: string;
  currency: string;
  card_count: number;
  value_micros: number;
  value: string;
  state: string;
  first_serial: string;
  last_serial: string;
  created_at: number;
  cards_by_state?: Record<string, number>;
}

const VIEW_SQL = `SELECT b.id, p.name AS product, p.currency, b.card_count, b.value_micros, b.state, b.first_serial,
  b.last_serial, b.created_at FROM batches b JOIN products p ON p.id = b.product_id`;

function withValue(b: Omit<BatchView, "value">): BatchView {
  return {
    id: b.id, product: b.product, currency: b.currency, card_count: b.card_count, value_micros: b.value_micros, value: formatMicros(b.value_micros),
    state: b.state, first_serial: b.first_serial, last_serial: b.last_serial, created_at: b.created_at,
  };
}

export async function batchViews(db: Sql): Promise<BatchView[]> {
  return (await db.all<Omit<BatchView, "value">>(`${VIEW_SQL} ORDER BY b.id`)).map(withValue);
}

/** One batch with how many of its cards are in each state (it exists: found by lookups first). */
export async function batchView(db: Sql, id: number): Promise<BatchView> {
  const b = await db.get<Omit<BatchView, "value">>(`${VIEW_SQL} WHERE b.id = ?`, [id]);
  if (b === undefined) throw new Error(`batch ${id} vanished`);
  const counts: Record<string, number> = { new: 0, active: 0, blocked: 0, void: 0 };
  for (const r of await db.all<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM cards WHERE batch_id = ? GROUP BY state", [id])) counts[r.state] = r.n;
  return { ...withValue(b), cards_by_state: counts };
}

const serials = (b: BatchView): string => `${b.first_serial}-${b.last_serial}`;

export const BATCH_COLUMNS: Column<BatchView>[] = [
  { header: "ID", cell: (b) => String(b.id) },
  { header: "PRODUCT", cell: (b) => b.product },
  { header: "CARDS", cell: (b) => String(b.card_count) },
  { header: "VALUE", cell: (b) => moneyText(b.value_micros, b.currency) },
  { header: "STATE", cell: (b) => b.state },
  { header: "SERIALS", cell: serials },
  { header: "CREATED", cell: (b) => timeText(b.created_at) },
];

export const BATCH_FIELDS: Column<BatchView>[] = [
  { header: "batch", cell: (b) => String(b.id) },
  { header: "product", cell: (b) => b.product },
  { header: "state", cell: (b) => b.state },
  { header: "cards", cell: (b) => String(b.card_count) },
  { header: "value", cell: (b) => moneyText(b.value_micros, b.currency) },
  { header: "serials", cell: serials },
  { header: "created", cell: (b) => timeText(b.created_at) },
  { header: "cards by state", cell: (b) => Object.entries(b.cards_by_state ?? {}).map(([k, n]) => `${k} ${n}`).join(", ") },
];
