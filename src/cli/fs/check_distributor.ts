/**
 * Compares mod_distributor's lists with the routes in the database: a route is a list of the
 * same name whose nodes are the route's enabled gateways with their weights.
 */
import type { Sql } from "../store/store";
import { EslClient } from "../esl/errors";
import { CheckItem } from "./checklist";

const FIX = "run 'ccard distributor export --reload' to write distributor.conf.xml from the database and reload it";

/** route name → (lower-cased gateway name → weight), enabled gateways only. */
export async function routesFromDb(db: Sql): Promise<Map<string, Map<string, number>>> {
  const rows = await db.all<{ route: string; gateway: string | null; weight: number | null }>(
    `SELECT r.name AS route, g.name AS gateway, rg.weight AS weight
       FROM routes r
       LEFT JOIN route_gateways rg ON rg.route_id = r.id
       LEFT JOIN gateways g ON g.id = rg.gateway_id AND g.enabled = 1
      ORDER BY r.name, g.name`,
  );
  const routes = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const nodes = routes.get(row.route) ?? new Map<string, number>();
    routes.set(row.route, nodes);
    if (row.gateway !== null && row.weight !== null) nodes.set(row.gateway.toLowerCase(), row.weight);
  }
  return routes;
}

/** Parses `distributor_ctl dump L`: "list: name=L\nnode: name=gw weight=2\n…". */
function parseDump(text: string): Map<string, number> {
  const nodes = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^node: name=(\S+) weight=(-?\d+)/.exec(line.trim());
    if (m !== null) nodes.set(m[1].toLowerCase(), Number(m[2]));
  }
  return nodes;
}

function compare(route: string, want: Map<string, number>, have: Map<string, number>): CheckItem {
  const problems: string[] = [];
  for (const [gw, weight] of want) {
    const got = have.get(gw);
    if (got === undefined) problems.push(`${gw} missing`);
    else if (got !== weight) problems.push(`${gw} has weight ${got}, the database says ${weight}`);
  }
  for (const gw of have.keys()) if (!want.has(gw)) problems.push(`${gw} is not an enabled gateway of the route`);
  if (problems.length === 0) return { status: "ok", title: `distributor list ${route} matches the database (${[...want.keys()].join(", ")})` };
  return { status: "fail", title: `distributor list ${route} differs from the database: ${problems.join("; ")}`, fix: FIX };
}

/** One item per route. Rejects only with the client's EslErrors. */
export async function checkDistributorLists(client: EslClient, db: Sql): Promise<CheckItem[]> {
  const routes = await routesFromDb(db);
  if (routes.size === 0) return [{ status: "ok", title: "no routes in the database yet: no distributor list to compare" }];
  const items: CheckItem[] = [];
  for (const [route, want] of routes) {
    if (/\s/.test(route)) {
      items.push({ status: "fail", title: `route '${route}' has white space in its name: mod_distributor cannot name a list so`, fix: "rename the route" });
      continue;
    }
    if (want.size === 0) {
      items.push({ status: "fail", title: `route ${route} has no enabled gateway in the database: its calls cannot be routed`, fix: `add or enable a gateway on route ${route}` });
      continue;
    }
    const dump = await client.api(`distributor_ctl dump ${route}`);
    if (dump.startsWith("list:")) {
      items.push(compare(route, want, parseDump(dump)));
    } else if (dump.startsWith("cannot find list")) {
      items.push({ status: "fail", title: `FreeSWITCH has no distributor list ${route}`, fix: FIX });
    } else {
      // An older mod_distributor without `dump`: ask it to pick a node instead.
      const node = await client.api(`distributor ${route}`);
      if (node === "-err") items.push({ status: "fail", title: `FreeSWITCH has no distributor list ${route} ('distributor ${route}' answers -err)`, fix: FIX });
      else if (want.has(node.toLowerCase())) items.push({ status: "ok", title: `distributor list ${route} answers ${node}, a gateway of the route (this mod_distributor cannot list its nodes)` });
      else items.push({ status: "fail", title: `distributor list ${route} answers ${node}, which is not an enabled gateway of the route`, fix: FIX });
    }
  }
  return items;
}
