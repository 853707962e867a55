/**
 * One lookup per kind of record the commands name on the command line, each with its one
 * message when the record is missing (Failure *_NOT_FOUND, exit 1). The same mistake reads the
 * same from every command: a missing rate table is the same line from `products add` and
 * `gateways add`.
 */
import { Failure } from "../exit";
import type { Sql } from "./store";
import type { AccountRow, BatchRow, CardRow, GatewayRow, ProductRow, RateTableRow, RouteRow } from "./records";

async function found<T>(row: Promise<T | undefined>, missing: () => Failure): Promise<T> {
  const r = await row;
  if (r === undefined) throw missing();
  return r;
}

export function findProduct(db: Sql, name: string): Promise<ProductRow> {
  return found(db.get<ProductRow>("SELECT * FROM products WHERE name = ?", [name]), () => new Failure("PRODUCT_NOT_FOUND", `no product named '${name}' (see 'ccard products list')`));
}

export function findRateTable(db: Sql, name: string): Promise<RateTableRow> {
  return found(
    db.get<RateTableRow>("SELECT id, name, currency FROM rate_tables WHERE name = ?", [name]),
    () => new Failure("RATE_TABLE_NOT_FOUND", `no rate table '${name}' (see 'ccard rates tables'; 'ccard rates import --create' makes one)`),
  );
}

export function findGateway(db: Sql, name: string): Promise<GatewayRow> {
  return found(
    db.get<GatewayRow>("SELECT id, name, dial_prefix, max_channels, cost_table_id, enabled FROM gateways WHERE name = ?", [name]),
    () => new Failure("GATEWAY_NOT_FOUND", `no gateway '${name}' (see 'ccard gateways list')`),
  );
}

export function findRoute(db: Sql, name: string): Promise<RouteRow> {
  return found(db.get<RouteRow>("SELECT id, name, max_attempts FROM routes WHERE name = ?", [name]), () => new Failure("ROUTE_NOT_FOUND", `no route '${name}' (see 'ccard routes list')`));
}

export function findCard(db: Sql, serial: string): Promise<CardRow> {
  return found(db.get<CardRow>("SELECT * FROM cards WHERE serial = ?", [serial]), () => new Failure("CARD_NOT_FOUND", `no card with serial '${serial}'`));
}

export function findAccount(db: Sql, id: number): Promise<AccountRow> {
  return found(db.get<AccountRow>("SELECT * FROM accounts WHERE id = ?", [id]), () => new Failure("ACCOUNT_NOT_FOUND", `no account ${id}`));
}

export function findBatch(db: Sql, id: number): Promise<BatchRow> {
  return found(db.get<BatchRow>("SELECT * FROM batches WHERE id = ?", [id]), () => new Failure("BATCH_NOT_FOUND", `no batch ${id}`));
}

/** A row another row points at (a foreign key): its absence is a bug, not an operator's mistake. */
export async function rowById<T>(db: Sql, table: "products" | "accounts" | "rate_tables", id: number): Promise<T> {
  const row = await db.get<T>(`SELECT * FROM ${table} WHERE id = ?`, [id]);
  if (row === undefined) throw new Error(`${table} ${id} is named by another row but does not exist`);
  return row;
}

/** The names already taken: `ALREADY_EXISTS` for a product, rate table, route or gateway. */
export async function refuseTaken(db: Sql, table: "products" | "rate_tables" | "routes" | "gateways", name: string, hint = ""): Promise<void> {
  const kind = { products: "product", rate_tables: "rate table", routes: "route", gateways: "gateway" }[table];
  if ((await db.get(`SELECT 1 AS x FROM ${table} WHERE name = ?`, [name])) !== undefined) throw new Failure("ALREADY_EXISTS", `${kind} '${name}' already exists${hint}`);
}
