/**
 * Typed lookups of the rows the admin commands work on. Each find* returns the row or throws
 * CliError with a one-line "no such …" message (exit 1).
 */
import { CliError } from "../framework";
import type { Db } from "./db";
import { nowSeconds } from "./db";

export interface ProductRow {
  id: number;
  name: string;
  kind: "card" | "retail";
  language: string;
  currency: string;
  rate_table_id: number;
  connect_fee_micros: number;
  disconnect_fee_micros: number;
  max_concurrent_calls: number;
  pin_length: number;
  pin_max_tries: number;
  expiry_kind: "none" | "fixed" | "after_first_use" | "after_creation";
  expiry_date: number | null;
  expiry_days: number | null;
  maintenance_fee_micros: number;
  maintenance_every_days: number;
  max_call_seconds: number;
  international_prefixes: string;
  national_prefix: string;
  country_code: string;
  national_number_length: number;
  lockout_failures: number;
  lockout_window_seconds: number;
  created_at: number;
}

export interface AccountRow {
  id: number;
  product_id: number;
  kind: "card" | "master";
  name: string;
  currency: string;
  balance_micros: number;
  held_micros: number;
  state: "active" | "blocked" | "closed";
  created_at: number;
}

export interface CardRow {
  id: number;
  serial: string;
  pin: string;
  account_id: number;
  batch_id: number;
  product_id: number;
  state: "new" | "active" | "blocked" | "void";
  created_at: number;
  first_used_at: number | null;
  expires_at: number | null;
  fees_paid_until: number | null;
}

export interface RateTableRow {
  id: number;
  name: string;
  currency: string;
  active_version: number;
}

/** The product named `name`; CliError "no product named …". */
export function findProduct(db: Db, name: string): ProductRow {
  const row = db.prepare("SELECT * FROM products WHERE name = ?").get(name) as ProductRow | undefined;
  if (row === undefined) throw new CliError(`no product named '${name}'`);
  return row;
}

/** A product known to exist (by a foreign key); a missing row is a bug. */
export function productById(db: Db, id: number): ProductRow {
  const row = db.prepare("SELECT * FROM products WHERE id = ?").get(id) as ProductRow | undefined;
  if (row === undefined) throw new Error(`productById: no product ${id}`);
  return row;
}

/** The rate table named `name`; CliError "no rate table named …". */
export function findRateTable(db: Db, name: string): RateTableRow {
  const row = db.prepare("SELECT id, name, currency, active_version FROM rate_tables WHERE name = ?").get(name) as RateTableRow | undefined;
  if (row === undefined) throw new CliError(`no rate table named '${name}' (load one with 'ccard rates import')`);
  return row;
}

/** An account by its id given as text on the command line; CliError when not a positive id or missing. */
export function findAccount(db: Db, idText: string): AccountRow {
  if (!/^[1-9][0-9]{0,14}$/.test(idText)) throw new CliError(`account id '${idText}' is not a positive whole number`);
  const row = db.prepare("SELECT * FROM accounts WHERE id = ?").get(Number(idText)) as AccountRow | undefined;
  if (row === undefined) throw new CliError(`no account ${idText}`);
  return row;
}

/** The card with this serial; CliError "no card with serial …". */
export function findCard(db: Db, serial: string): CardRow {
  const row = db.prepare("SELECT * FROM cards WHERE serial = ?").get(serial) as CardRow | undefined;
  if (row === undefined) throw new CliError(`no card with serial '${serial}'`);
  return row;
}

/**
 * Creates an empty rate table (no rates) and returns its id. Internal: tests and sandboxes use
 * it until `ccard rates import` exists; it is not a command.
 */
export function createRateTable(db: Db, name: string, currency = "USD"): number {
  const r = db.prepare("INSERT INTO rate_tables (name, currency, created_at) VALUES (?, ?, ?)").run(name, currency, nowSeconds());
  return Number(r.lastInsertRowid);
}
