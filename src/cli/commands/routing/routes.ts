/** `ccard routes add|remove|add-gateway|remove-gateway|list|show`: mod_distributor lists. */
import { CliError, Command, optionalString, positionals } from "../../framework";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { checkName, intOption } from "../../names";
import { requireGateway, requireRoute, routeMembers } from "../../store/routing";
import { table } from "../../format";

const MAX_ATTEMPTS = 10;
const MAX_WEIGHT = 1000;

const add: Command = {
  name: "add",
  summary: "add a route (a distributor list of the same name)",
  usage: `Usage: ccard routes add NAME [--max-attempts N]

--max-attempts: gateways tried per call before giving up, 1-${MAX_ATTEMPTS} (default 3).`,
  options: { "max-attempts": { type: "string" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    checkName("route", name);
    const ma = optionalString(args, "max-attempts");
    const attempts = ma === undefined ? 3 : intOption("max-attempts", ma, 1, MAX_ATTEMPTS);
    const db = ctx.openDb();
    try {
      if (db.prepare("SELECT 1 FROM routes WHERE name = ?").get(name) !== undefined) throw new CliError(`route '${name}' already exists`);
      db.prepare("INSERT INTO routes (name, max_attempts, created_at) VALUES (?, ?, ?)").run(name, attempts, nowSeconds());
      ctx.stdout.write(`added route '${name}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const remove: Command = {
  name: "remove",
  summary: "remove a route that no active rate deck uses",
  usage: `Usage: ccard routes remove NAME`,
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const r = requireRoute(db, name);
      const users = db
        .prepare("SELECT DISTINCT t.name FROM rate_tables t JOIN rates x ON x.table_id = t.id AND x.version = t.active_version WHERE x.route = ? ORDER BY t.name")
        .pluck()
        .all(name) as string[];
      if (users.length > 0) throw new CliError(`route '${name}' is used by rate table(s) ${users.join(", ")}`);
      db.transaction(() => {
        db.prepare("DELETE FROM route_gateways WHERE route_id = ?").run(r.id);
        db.prepare("DELETE FROM routes WHERE id = ?").run(r.id);
      })();
      ctx.stdout.write(`removed route '${name}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const addGateway: Command = {
  name: "add-gateway",
  summary: "put a gateway in a route (or change its weight)",
  usage: `Usage: ccard routes add-gateway ROUTE GATEWAY [--weight W]

--weight: relative share of calls, 1-${MAX_WEIGHT} (default 1); weights 3 and 1 send 3 calls to
the first for each call to the second.`,
  options: { weight: { type: "string" } },
  run(args, ctx) {
    const [routeName, gatewayName] = positionals(args, ["route", "gateway"]);
    const w = optionalString(args, "weight");
    const weight = w === undefined ? 1 : intOption("weight", w, 1, MAX_WEIGHT);
    const db = ctx.openDb();
    try {
      const r = requireRoute(db, routeName);
      const g = requireGateway(db, gatewayName);
      const existing = db.prepare("SELECT weight FROM route_gateways WHERE route_id = ? AND gateway_id = ?").get(r.id, g.id) as { weight: number } | undefined;
      if (existing === undefined) {
        db.prepare("INSERT INTO route_gateways (route_id, gateway_id, weight) VALUES (?, ?, ?)").run(r.id, g.id, weight);
        ctx.stdout.write(`route '${routeName}': added gateway '${gatewayName}' (weight ${weight})\n`);
      } else {
        db.prepare("UPDATE route_gateways SET weight = ? WHERE route_id = ? AND gateway_id = ?").run(weight, r.id, g.id);
        ctx.stdout.write(`route '${routeName}': gateway '${gatewayName}' weight ${existing.weight} -> ${weight}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

const removeGateway: Command = {
  name: "remove-gateway",
  summary: "take a gateway out of a route",
  usage: `Usage: ccard routes remove-gateway ROUTE GATEWAY`,
  run(args, ctx) {
    const [routeName, gatewayName] = positionals(args, ["route", "gateway"]);
    const db = ctx.openDb();
    try {
      const r = requireRoute(db, routeName);
      const g = requireGateway(db, gatewayName);
      const res = db.prepare("DELETE FROM route_gateways WHERE route_id = ? AND gateway_id = ?").run(r.id, g.id);
      if (res.changes === 0) throw new CliError(`gateway '${gatewayName}' is not in route '${routeName}'`);
      ctx.stdout.write(`route '${routeName}': removed gateway '${gatewayName}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

function describe(db: Db, name?: string): { name: string; max_attempts: number; gateways: { gateway: string; weight: number; enabled: boolean }[] }[] {
  const routes = (name === undefined
    ? db.prepare("SELECT id, name, max_attempts FROM routes ORDER BY name").all()
    : [requireRoute(db, name)]) as { id: number; name: string; max_attempts: number }[];
  return routes.map((r) => ({
    name: r.name,
    max_attempts: r.max_attempts,
    gateways: routeMembers(db, r.id).map((m) => ({ gateway: m.gateway, weight: m.weight, enabled: m.enabled === 1 })),
  }));
}

function membersText(gws: { gateway: string; weight: number; enabled: boolean }[]): string {
  if (gws.length === 0) return "(no gateways)";
  return gws.map((g) => `${g.gateway}:${g.weight}${g.enabled ? "" : " (disabled)"}`).join(", ");
}

const list: Command = {
  name: "list",
  summary: "list routes with their gateways and weights",
  usage: `Usage: ccard routes list [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const db = ctx.openDb();
    try {
      const rows = describe(db);
      if (args.values.json === true) ctx.stdout.write(JSON.stringify(rows, undefined, 2) + "\n");
      else if (rows.length === 0) ctx.stdout.write("no routes (add one with 'ccard routes add NAME')\n");
      else ctx.stdout.write(table(["ROUTE", "ATTEMPTS", "GATEWAYS:WEIGHT"], rows.map((r) => [r.name, String(r.max_attempts), membersText(r.gateways)])));
      return 0;
    } finally {
      db.close();
    }
  },
};

const show: Command = {
  name: "show",
  summary: "show one route",
  usage: `Usage: ccard routes show NAME [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const r = describe(db, name)[0];
      if (args.values.json === true) ctx.stdout.write(JSON.stringify(r, undefined, 2) + "\n");
      else ctx.stdout.write(`route        ${r.name}\nmax attempts ${r.max_attempts}\ngateways     ${membersText(r.gateways)}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const routesCommand: Command = {
  name: "routes",
  summary: "routes: weighted gateway lists (mod_distributor)",
  usage: `Usage: ccard routes COMMAND [options]`,
  subcommands: [add, remove, addGateway, removeGateway, list, show],
};
