/** Accounts, cards and caller-ID mappings as the IVR reads them. */
import { sqlInt, sqlText } from "../../domain/sql";
import { Row, SqlPort } from "../ports";
import { first, int, optInt, text } from "./rows";

export interface Account {
  id: number;
  productId: number;
  kind: string;
  currency: string;
  balanceMicros: number;
  heldMicros: number;
  state: string;
}

export interface Card {
  id: number;
  serial: string;
  accountId: number;
  productId: number;
  state: string;
  createdAt: number;
  firstUsedAt?: number;
  expiresAt?: number;
  feesPaidUntil?: number;
  /** The language its caller chose last (a product's language menu), if any. */
  language?: string;
}

const ACCOUNT_COLUMNS = "a.id, a.product_id, a.kind, a.currency, a.balance_micros, a.held_micros, a.state";
const CARD_COLUMNS =
  "c.id AS card_id, c.serial, c.account_id, c.product_id AS card_product_id, c.state AS card_state, " +
  "c.created_at, c.first_used_at, c.expires_at, c.fees_paid_until, c.language AS card_language";

function toAccount(r: Row): Account {
  return {
    id: int(r, "id"),
    productId: int(r, "product_id"),
    kind: text(r, "kind"),
    currency: text(r, "currency"),
    balanceMicros: int(r, "balance_micros"),
    heldMicros: int(r, "held_micros"),
    state: text(r, "state"),
  };
}

function toCard(r: Row): Card {
  return {
    id: int(r, "card_id"),
    serial: text(r, "serial"),
    accountId: int(r, "account_id"),
    productId: int(r, "card_product_id"),
    state: text(r, "card_state"),
    createdAt: int(r, "created_at"),
    firstUsedAt: optInt(r, "first_used_at"),
    expiresAt: optInt(r, "expires_at"),
    feesPaidUntil: optInt(r, "fees_paid_until"),
    language: r.card_language === undefined || r.card_language === "" ? undefined : r.card_language,
  };
}

/** The account's holds: all of them, and those past their expiry (which placeHold reaps first). */
export interface HoldCounts {
  live: number;
  stale: number;
}

/** Columns counting the holds of the account aliased `a`, as of nowSeconds (read as holdCounts). */
export function holdCountColumns(nowSeconds: number): string {
  return "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, " +
    "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= " + sqlInt(nowSeconds) + ") AS stale";
}

export function holdCounts(r: Row): HoldCounts {
  return { live: int(r, "live"), stale: int(r, "stale") };
}

export function accountById(sql: SqlPort, id: number): Account | undefined {
  const r = first(sql.rows("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a WHERE a.id = " + sqlInt(id)));
  return r === undefined ? undefined : toAccount(r);
}

export interface CardAccount {
  card: Card;
  account: Account;
}

/** The card with this PIN (validated digits) and its account. */
export function cardByPin(sql: SqlPort, pin: string): CardAccount | undefined {
  const r = first(sql.rows(
    "SELECT " + CARD_COLUMNS + ", " + ACCOUNT_COLUMNS + " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.pin = " + sqlText(pin),
  ));
  return r === undefined ? undefined : { card: toCard(r), account: toAccount(r) };
}

/** A card and its account, re-read (between calls of one session). */
export function cardAccountById(sql: SqlPort, cardId: number): CardAccount | undefined {
  const r = first(sql.rows(
    "SELECT " + CARD_COLUMNS + ", " + ACCOUNT_COLUMNS + " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.id = " + sqlInt(cardId),
  ));
  return r === undefined ? undefined : { card: toCard(r), account: toAccount(r) };
}

/**
 * The account a caller ID (E.164 digits) is mapped to, with its card when it is a card account,
 * and its hold counts as of nowSeconds: what placeHold would read next, in the same statement.
 */
export function accountByCli(sql: SqlPort, cli: string, nowSeconds: number): { account: Account; card?: Card; holds: HoldCounts } | undefined {
  const r = first(sql.rows(
    "SELECT " + ACCOUNT_COLUMNS + ", " + CARD_COLUMNS + ", " + holdCountColumns(nowSeconds) + " FROM cli_map m JOIN accounts a ON a.id = m.account_id " +
      "LEFT JOIN cards c ON c.account_id = a.id WHERE m.cli = " + sqlText(cli),
  ));
  if (r === undefined) return undefined;
  return { account: toAccount(r), card: r.card_id === undefined ? undefined : toCard(r), holds: holdCounts(r) };
}
