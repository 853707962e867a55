/** `ccard routes …`: routes are mod_distributor lists of the same name over weighted gateways. */
import { Failure } from "../../exit";
import { arg, withDefault } from "../../options/declare";
import { name, wholeNumber } from "../../options/values";
import { command, Group } from "../../framework/command";
import { changed, listOf, recordOf } from "../../output/print";
import { findGateway, findRoute, refuseTaken } from "../../store/lookups";
import type { RouteRow } from "../../store/records";
import { nowSeconds } from "../../time";
import { ROUTE_COLUMNS, ROUTE_FIELDS, routeView } from "./route_view";

const routeArg = { route: arg("NAME", name("route")) };
const memberArgs = { route: arg("ROUTE", name("route")), gateway: arg("GATEWAY", name("gateway")) };

const add = command({
  name: "add",
  summary: "add a route (a distributor list of the same name)",
  args: routeArg,
  options: { maxAttempts: withDefault(wholeNumber(1, 10), "gateways tried per call before giving up", 3) },
  db: "write",
  async run({ route, maxAttempts }, { db }) {
    await refuseTaken(db, "routes", route);
    const id = await db.insertId("routes", { name: route, max_attempts: maxAttempts, created_at: nowSeconds() });
    return changed(`added route '${route}'`, await routeView(db, { id, name: route, max_attempts: maxAttempts }));
  },
});

const remove = command({
  name: "remove",
  summary: "remove a route that no rate deck in force or pending uses",
  args: routeArg,
  db: "write",
  async run({ route }, { db }) {
    const r = await findRoute(db, route);
    const users = await db.all<{ name: string }>(
      "SELECT DISTINCT t.name FROM rate_tables t JOIN rate_versions v ON v.table_id = t.id JOIN rates x ON x.table_id = t.id AND x.version = v.version " +
        "WHERE x.route = ? ORDER BY t.name",
      [route],
    );
    if (users.length > 0) throw new Failure("IN_USE", `route '${route}' is used by rate table(s) ${users.map((u) => u.name).join(", ")}`);
    const view = await routeView(db, r);
    await db.transaction(async (tx) => {
      await tx.run("DELETE FROM route_gateways WHERE route_id = ?", [r.id]);
      await tx.run("DELETE FROM routes WHERE id = ?", [r.id]);
    });
    return changed(`removed route '${route}'`, view);
  },
});

const addGateway = command({
  name: "add-gateway",
  summary: "put a gateway in a route (or change its weight)",
  about: "Weights are relative shares of calls: weights 3 and 1 send 3 calls to the first for each call to the second.",
  args: memberArgs,
  options: { weight: withDefault(wholeNumber(1, 1000), "relative share of calls", 1) },
  db: "write",
  async run({ route, gateway, weight }, { db }) {
    const r = await findRoute(db, route);
    const g = await findGateway(db, gateway);
    const existing = await db.get<{ weight: number }>("SELECT weight FROM route_gateways WHERE route_id = ? AND gateway_id = ?", [r.id, g.id]);
    if (existing === undefined) await db.insert("route_gateways", { route_id: r.id, gateway_id: g.id, weight });
    else await db.run("UPDATE route_gateways SET weight = ? WHERE route_id = ? AND gateway_id = ?", [weight, r.id, g.id]);
    const line = existing === undefined ? `route '${route}': added gateway '${gateway}' (weight ${weight})` : `route '${route}': gateway '${gateway}' weight ${existing.weight} -> ${weight}`;
    return changed(line, await routeView(db, r));
  },
});

const removeGateway = command({
  name: "remove-gateway",
  summary: "take a gateway out of a route",
  args: memberArgs,
  db: "write",
  async run({ route, gateway }, { db }) {
    const r = await findRoute(db, route);
    const g = await findGateway(db, gateway);
    if ((await db.run("DELETE FROM route_gateways WHERE route_id = ? AND gateway_id = ?", [r.id, g.id])) === 0) {
      throw new Failure("GATEWAY_NOT_IN_ROUTE", `gateway '${gateway}' is not in route '${route}'`);
    }
    return changed(`route '${route}': removed gateway '${gateway}'`, await routeView(db, r));
  },
});

const list = command({
  name: "list",
  summary: "list routes with their gateways and weights",
  db: "read",
  async run(_input, { db }) {
    const routes = await db.all<RouteRow>("SELECT id, name, max_attempts FROM routes ORDER BY name");
    const views = await Promise.all(routes.map((r) => routeView(db, r)));
    return listOf(views, ROUTE_COLUMNS, "no routes (add one with 'ccard routes add NAME')");
  },
});

const show = command({
  name: "show",
  summary: "show one route",
  args: routeArg,
  db: "read",
  async run({ route }, { db }) {
    return recordOf(await routeView(db, await findRoute(db, route)), ROUTE_FIELDS);
  },
});

export const routesCommand: Group = {
  name: "routes",
  summary: "routes: weighted gateway lists (mod_distributor)",
  commands: [add, remove, addGateway, removeGateway, list, show],
};
