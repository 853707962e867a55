/** `ccard gateways add|set|remove|list|show`: the FreeSWITCH gateways calls leave through. */
import { CliError, Command, ParsedArgs, UsageError, optionalString, positionals } from "../../framework";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { checkName, intOption } from "../../names";
import { checkDialPrefix, requireGateway } from "../../store/routing";
import { requireTable } from "../../store/rate_tables";
import { table } from "../../format";

const MAX_CHANNELS = 100000;

function costTableId(db: Db, args: ParsedArgs): number | undefined {
  const name = optionalString(args, "cost-table");
  return name === undefined ? undefined : requireTable(db, name).id;
}

const add: Command = {
  name: "add",
  summary: "add a gateway",
  usage: `Usage: ccard gateways add NAME [--dial-prefix P] [--max-channels N] [--cost-table T] [--disabled]

NAME is the FreeSWITCH (sofia) gateway name. --dial-prefix is put before the E.164 number;
--max-channels 0 (default) means no limit; --cost-table is the vendor's rate table (margin).`,
  options: { "dial-prefix": { type: "string" }, "max-channels": { type: "string" }, "cost-table": { type: "string" }, disabled: { type: "boolean" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    checkName("gateway", name);
    const prefix = checkDialPrefix(optionalString(args, "dial-prefix") ?? "");
    const mc = optionalString(args, "max-channels");
    const maxChannels = mc === undefined ? 0 : intOption("max-channels", mc, 0, MAX_CHANNELS);
    const db = ctx.openDb();
    try {
      const cost = costTableId(db, args);
      if (db.prepare("SELECT 1 FROM gateways WHERE name = ?").get(name) !== undefined) throw new CliError(`gateway '${name}' already exists`);
      db.prepare("INSERT INTO gateways (name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(name, prefix, maxChannels, cost ?? null, args.values.disabled === true ? 0 : 1, nowSeconds());
      ctx.stdout.write(`added gateway '${name}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const set: Command = {
  name: "set",
  summary: "change a gateway's settings",
  usage: `Usage: ccard gateways set NAME [--dial-prefix P] [--max-channels N] [--cost-table T | --no-cost-table] [--enable | --disable]`,
  options: {
    "dial-prefix": { type: "string" }, "max-channels": { type: "string" }, "cost-table": { type: "string" },
    "no-cost-table": { type: "boolean" }, enable: { type: "boolean" }, disable: { type: "boolean" },
  },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const v = args.values;
    if (v.enable === true && v.disable === true) throw new UsageError("--enable and --disable exclude each other");
    if (v["no-cost-table"] === true && v["cost-table"] !== undefined) throw new UsageError("--cost-table and --no-cost-table exclude each other");
    const changes: [string, unknown][] = [];
    const prefix = optionalString(args, "dial-prefix");
    if (prefix !== undefined) changes.push(["dial_prefix", checkDialPrefix(prefix)]);
    const mc = optionalString(args, "max-channels");
    if (mc !== undefined) changes.push(["max_channels", intOption("max-channels", mc, 0, MAX_CHANNELS)]);
    if (v.enable === true) changes.push(["enabled", 1]);
    if (v.disable === true) changes.push(["enabled", 0]);
    if (v["no-cost-table"] === true) changes.push(["cost_table_id", null]);
    const db = ctx.openDb();
    try {
      const g = requireGateway(db, name);
      const cost = costTableId(db, args);
      if (cost !== undefined) changes.push(["cost_table_id", cost]);
      if (changes.length === 0) throw new UsageError("nothing to change: give at least one option");
      db.prepare(`UPDATE gateways SET ${changes.map((c) => `${c[0]} = ?`).join(", ")} WHERE id = ?`).run(...changes.map((c) => c[1]), g.id);
      ctx.stdout.write(`updated gateway '${name}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const remove: Command = {
  name: "remove",
  summary: "remove a gateway that no route uses",
  usage: `Usage: ccard gateways remove NAME`,
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const g = requireGateway(db, name);
      const routes = db.prepare("SELECT r.name FROM route_gateways rg JOIN routes r ON r.id = rg.route_id WHERE rg.gateway_id = ? ORDER BY r.name").pluck().all(g.id) as string[];
      if (routes.length > 0) throw new CliError(`gateway '${name}' is used by route(s) ${routes.join(", ")}: remove it there first (ccard routes remove-gateway)`);
      db.prepare("DELETE FROM gateways WHERE id = ?").run(g.id);
      ctx.stdout.write(`removed gateway '${name}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

interface GatewayListRow { name: string; dial_prefix: string; max_channels: number; cost_table: string | null; enabled: number }

function listRows(db: Db, name?: string): GatewayListRow[] {
  return db
    .prepare(
      "SELECT g.name, g.dial_prefix, g.max_channels, t.name AS cost_table, g.enabled FROM gateways g LEFT JOIN rate_tables t ON t.id = g.cost_table_id" +
        (name === undefined ? "" : " WHERE g.name = ?") + " ORDER BY g.name",
    )
    .all(...(name === undefined ? [] : [name])) as GatewayListRow[];
}

const list: Command = {
  name: "list",
  summary: "list gateways",
  usage: `Usage: ccard gateways list [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const db = ctx.openDb();
    try {
      const rows = listRows(db);
      if (args.values.json === true) ctx.stdout.write(JSON.stringify(rows, undefined, 2) + "\n");
      else if (rows.length === 0) ctx.stdout.write("no gateways (add one with 'ccard gateways add NAME')\n");
      else ctx.stdout.write(table(["GATEWAY", "ENABLED", "DIAL PREFIX", "MAX CHANNELS", "COST TABLE"], rows.map((r) => [r.name, r.enabled === 1 ? "yes" : "no", r.dial_prefix, r.max_channels === 0 ? "unlimited" : String(r.max_channels), r.cost_table ?? ""])));
      return 0;
    } finally {
      db.close();
    }
  },
};

const show: Command = {
  name: "show",
  summary: "show one gateway and the routes using it",
  usage: `Usage: ccard gateways show NAME [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const g = requireGateway(db, name);
      const row = listRows(db, name)[0];
      const routes = db.prepare("SELECT r.name AS route, rg.weight FROM route_gateways rg JOIN routes r ON r.id = rg.route_id WHERE rg.gateway_id = ? ORDER BY r.name").all(g.id) as { route: string; weight: number }[];
      if (args.values.json === true) {
        ctx.stdout.write(JSON.stringify({ ...row, routes }, undefined, 2) + "\n");
      } else {
        ctx.stdout.write(
          `gateway      ${row.name}\nenabled      ${row.enabled === 1 ? "yes" : "no"}\ndial prefix  ${row.dial_prefix === "" ? "(none)" : row.dial_prefix}\n` +
            `max channels ${row.max_channels === 0 ? "unlimited" : row.max_channels}\ncost table   ${row.cost_table ?? "(none)"}\n` +
            `routes       ${routes.length === 0 ? "(none)" : routes.map((r) => `${r.route} (weight ${r.weight})`).join(", ")}\n`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const gatewaysCommand: Command = {
  name: "gateways",
  summary: "FreeSWITCH gateways: channels, dial prefix, vendor cost table",
  usage: `Usage: ccard gateways COMMAND [options]`,
  subcommands: [add, set, remove, list, show],
};
