/** An account as the account commands print it. */
import { formatMicros } from "../../../domain/money";
import type { Column } from "../../output/print";
import { moneyText } from "../../output/format";
import type { LedgerRow } from "../../store/ledger";
import type { Sql, SqlValue } from "../../store/store";
import { timeText } from "../../time";

export interface AccountView {
  id: number;
  product: string;
  kind: string;
  name: string;
  currency: string;
  balance_micros: number;
  balance: string;
  held_micros: number;
  held: string;
  available_micros: number;
  available: string;
  state: string;
  created_at: number;
  card_serial: string | null;
}

const VIEW_SQL = `SELECT a.id, p.name AS product, a.kind, a.name, a.currency, a.balance_micros, a.held_micros,
  a.balance_micros - a.held_micros AS available_micros, a.state, a.created_at, c.serial AS card_serial
  FROM accounts a JOIN products p ON p.id = a.product_id LEFT JOIN cards c ON c.account_id = a.id`;

type Raw = Omit<AccountView, "balance" | "held" | "available">;

function view(r: Raw): AccountView {
  return {
    id: r.id, product: r.product, kind: r.kind, name: r.name, currency: r.currency,
    balance_micros: r.balance_micros, balance: formatMicros(r.balance_micros), held_micros: r.held_micros, held: formatMicros(r.held_micros),
    available_micros: r.available_micros, available: formatMicros(r.available_micros), state: r.state, created_at: r.created_at, card_serial: r.card_serial,
  };
}

export async function accountViews(db: Sql, where: string[], params: SqlValue[], limit: number): Promise<AccountView[]> {
  return (await db.all<Raw>(`${VIEW_SQL}${where.length > 0 ? " WHERE " + where.join(" AND ") : ""} ORDER BY a.id LIMIT ?`, [...params, limit])).map(view);
}

/** A ledger row with its money also as decimal text. */
export function ledgerView(l: LedgerRow) {
  return {
    id: l.id, reason: l.reason, amount_micros: l.amount_micros, amount: formatMicros(l.amount_micros),
    balance_before_micros: l.balance_before_micros, balance_before: formatMicros(l.balance_before_micros),
    balance_after_micros: l.balance_after_micros, balance_after: formatMicros(l.balance_after_micros), ref: l.ref, note: l.note, created_at: l.created_at,
  };
}

/** accounts show's document: the account, its caller IDs and ledger rows (latest first). */
export async function accountDocument(db: Sql, id: number, ledger: LedgerRow[]) {
  const [v] = await accountViews(db, ["a.id = ?"], [id], 1);
  const clis = (await db.all<{ cli: string }>("SELECT cli FROM cli_map WHERE account_id = ? ORDER BY cli", [id])).map((r) => r.cli);
  return { ...v, clis, ledger: ledger.map(ledgerView) };
}

export type AccountDocument = Awaited<ReturnType<typeof accountDocument>>;

const m = (v: { currency: string }, micros: number): string => moneyText(micros, v.currency);

export function accountFields(v: AccountDocument): Column<AccountDocument>[] {
  return [
    { header: "account", cell: () => String(v.id) },
    { header: "kind", cell: () => v.kind },
    ...(v.card_serial === null ? [] : [{ header: "card", cell: () => v.card_serial ?? "" }]),
    { header: "name", cell: () => v.name },
    { header: "product", cell: () => v.product },
    { header: "state", cell: () => v.state },
    { header: "balance", cell: () => m(v, v.balance_micros) },
    { header: "held", cell: () => m(v, v.held_micros) },
    { header: "available", cell: () => m(v, v.available_micros) },
    { header: "caller IDs", cell: () => v.clis.join(", ") || "(none)" },
    { header: "created", cell: () => timeText(v.created_at) },
  ];
}

export const LEDGER_COLUMNS = (currency: string): Column<ReturnType<typeof ledgerView>>[] => [
  { header: "LEDGER", cell: (l) => String(l.id) },
  { header: "WHEN", cell: (l) => timeText(l.created_at) },
  { header: "REASON", cell: (l) => l.reason },
  { header: "AMOUNT", cell: (l) => moneyText(l.amount_micros, currency) },
  { header: "AFTER", cell: (l) => moneyText(l.balance_after_micros, currency) },
  { header: "REF", cell: (l) => l.ref },
  { header: "NOTE", cell: (l) => l.note },
];

export const ACCOUNT_COLUMNS: Column<AccountView>[] = [
  { header: "ID", cell: (a) => String(a.id) },
  { header: "KIND", cell: (a) => a.kind },
  { header: "NAME", cell: (a) => a.card_serial ?? a.name },
  { header: "PRODUCT", cell: (a) => a.product },
  { header: "STATE", cell: (a) => a.state },
  { header: "BALANCE", cell: (a) => moneyText(a.balance_micros, a.currency) },
  { header: "AVAILABLE", cell: (a) => moneyText(a.available_micros, a.currency) },
];
