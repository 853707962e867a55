/** Gateway and route rows as the CLI reads them. */
import type { Db } from "./db";
import { CliError } from "../framework";

export interface GatewayRow {
  id: number;
  name: string;
  dial_prefix: string;
  max_channels: number;
  cost_table_id: number | null;
  enabled: number;
}

export interface RouteRow {
  id: number;
  name: string;
  max_attempts: number;
}

/** The gateway named `name`; CliError when missing. */
export function requireGateway(db: Db, name: string): GatewayRow {
  const g = db.prepare("SELECT id, name, dial_prefix, max_channels, cost_table_id, enabled FROM gateways WHERE name = ?").get(name) as GatewayRow | undefined;
  if (g === undefined) throw new CliError(`no gateway '${name}' (see 'ccard gateways list')`);
  return g;
}

/** The route named `name`; CliError when missing. */
export function requireRoute(db: Db, name: string): RouteRow {
  const r = db.prepare("SELECT id, name, max_attempts FROM routes WHERE name = ?").get(name) as RouteRow | undefined;
  if (r === undefined) throw new CliError(`no route '${name}' (see 'ccard routes list')`);
  return r;
}

/** The gateways of a route with their weights, by gateway name. */
export function routeMembers(db: Db, routeId: number): { gateway: string; weight: number; enabled: number }[] {
  return db
    .prepare("SELECT g.name AS gateway, rg.weight, g.enabled FROM route_gateways rg JOIN gateways g ON g.id = rg.gateway_id WHERE rg.route_id = ? ORDER BY g.name")
    .all(routeId) as { gateway: string; weight: number; enabled: number }[];
}

/** A dial prefix: up to 20 of digits, '*', '#', '+' (prepended to the E.164 number). */
export function checkDialPrefix(text: string): string {
  if (text.length > 20 || !/^[0-9*#+]*$/.test(text)) throw new CliError(`dial prefix '${text}' may only hold up to 20 of digits, '*', '#', '+'`);
  return text;
}
