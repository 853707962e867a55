/** Rate table rows as the CLI reads them (rate_tables; the deck rows live in rates). */
import type { Db } from "./db";
import { nowSeconds } from "./db";
import { CliError } from "../framework";
import { checkName } from "../names";

export interface RateTableRow {
  id: number;
  name: string;
  currency: string;
  /** The deck version calls see; 0 before the first import. */
  active_version: number;
}

/** The table named `name`, or undefined. */
export function findTable(db: Db, name: string): RateTableRow | undefined {
  return db.prepare("SELECT id, name, currency, active_version FROM rate_tables WHERE name = ?").get(name) as RateTableRow | undefined;
}

/** The table named `name`; CliError "no rate table 'X'" when missing. */
export function requireTable(db: Db, name: string): RateTableRow {
  const t = findTable(db, name);
  if (t === undefined) throw new CliError(`no rate table '${name}' (see 'ccard rates tables')`);
  return t;
}

/** An ISO 4217 style code: three capital letters. */
export function checkCurrency(code: string): string {
  if (code.length !== 3 || !/^[A-Z]{3}$/.test(code)) throw new CliError(`currency must be three capital letters (ISO 4217), got '${code}'`);
  return code;
}

/** Creates a table with no deck (active_version 0); CliError when the name is taken or bad. */
export function createTable(db: Db, name: string, currency: string): RateTableRow {
  checkName("rate table", name);
  checkCurrency(currency);
  if (findTable(db, name) !== undefined) throw new CliError(`rate table '${name}' already exists`);
  const r = db.prepare("INSERT INTO rate_tables (name, currency, active_version, created_at) VALUES (?, ?, 0, ?)").run(name, currency, nowSeconds());
  return { id: Number(r.lastInsertRowid), name, currency, active_version: 0 };
}
