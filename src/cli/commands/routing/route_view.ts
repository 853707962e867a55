/** A route as every route command shows it: JSON {name, max_attempts, gateways} and its text. */
import type { Column } from "../../output/print";
import type { RouteRow } from "../../store/records";
import type { Sql } from "../../store/store";

export interface RouteView {
  name: string;
  max_attempts: number;
  gateways: { gateway: string; weight: number; enabled: boolean }[];
}

/** The gateways of a route with their weights, by gateway name. */
export async function routeView(db: Sql, r: RouteRow): Promise<RouteView> {
  const members = await db.all<{ gateway: string; weight: number; enabled: number }>(
    "SELECT g.name AS gateway, rg.weight, g.enabled FROM route_gateways rg JOIN gateways g ON g.id = rg.gateway_id WHERE rg.route_id = ? ORDER BY g.name",
    [r.id],
  );
  return { name: r.name, max_attempts: r.max_attempts, gateways: members.map((m) => ({ gateway: m.gateway, weight: m.weight, enabled: m.enabled === 1 })) };
}

function membersText(v: RouteView): string {
  if (v.gateways.length === 0) return "(no gateways)";
  return v.gateways.map((g) => `${g.gateway}:${g.weight}${g.enabled ? "" : " (disabled)"}`).join(", ");
}

export const ROUTE_FIELDS: Column<RouteView>[] = [
  { header: "route", cell: (v) => v.name },
  { header: "max attempts", cell: (v) => String(v.max_attempts) },
  { header: "gateways", cell: membersText },
];

export const ROUTE_COLUMNS: Column<RouteView>[] = [
  { header: "ROUTE", cell: (v) => v.name },
  { header: "ATTEMPTS", cell: (v) => String(v.max_attempts) },
  { header: "GATEWAYS:WEIGHT", cell: membersText },
];
