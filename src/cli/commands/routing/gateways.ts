/** `ccard gateways …`: the FreeSWITCH (sofia) gateways calls leave through. */
import { Failure, UsageError } from "../../exit";
import { arg, flag, option, withDefault } from "../../options/declare";
import { name, wholeNumber, Value } from "../../options/values";
import { command, Group } from "../../framework/command";
import { changed, Column, listOf, recordOf } from "../../output/print";
import { yesNo } from "../../output/format";
import { findGateway, findRateTable, refuseTaken } from "../../store/lookups";
import type { GatewayRow } from "../../store/records";
import type { Sql } from "../../store/store";
import { updateById } from "../../store/update";
import { nowSeconds } from "../../time";

/** A dial prefix: up to 20 of digits, '*', '#', '+' (put before the E.164 number). */
const dialPrefix: Value<string> = {
  placeholder: "PREFIX",
  range: "up to 20 of digits, '*', '#', '+'",
  parse(t) {
    if (t.length > 20 || !/^[0-9*#+]*$/.test(t)) throw new UsageError("BAD_VALUE", `dial prefix '${t}' may only hold up to 20 of digits, '*', '#', '+'`);
    return t;
  },
};

const maxChannels = wholeNumber(0, 100000);
const costTable = name("rate table");

interface GatewayView {
  name: string;
  dial_prefix: string;
  max_channels: number;
  cost_table: string | null;
  enabled: number;
}

async function gatewayViews(db: Sql, gateway?: string): Promise<GatewayView[]> {
  return db.all<GatewayView>(
    "SELECT g.name, g.dial_prefix, g.max_channels, t.name AS cost_table, g.enabled FROM gateways g LEFT JOIN rate_tables t ON t.id = g.cost_table_id" +
      (gateway === undefined ? "" : " WHERE g.name = ?") + " ORDER BY g.name",
    gateway === undefined ? [] : [gateway],
  );
}

async function showView(db: Sql, g: GatewayRow): Promise<GatewayView & { routes: { route: string; weight: number }[] }> {
  const [view] = await gatewayViews(db, g.name);
  const routes = await db.all<{ route: string; weight: number }>(
    "SELECT r.name AS route, rg.weight FROM route_gateways rg JOIN routes r ON r.id = rg.route_id WHERE rg.gateway_id = ? ORDER BY r.name",
    [g.id],
  );
  return { ...view, routes };
}

const channelsText = (v: GatewayView): string => (v.max_channels === 0 ? "unlimited" : String(v.max_channels));

const COLUMNS: Column<GatewayView>[] = [
  { header: "GATEWAY", cell: (v) => v.name },
  { header: "ENABLED", cell: (v) => yesNo(v.enabled === 1) },
  { header: "DIAL PREFIX", cell: (v) => v.dial_prefix },
  { header: "MAX CHANNELS", cell: channelsText },
  { header: "COST TABLE", cell: (v) => v.cost_table ?? "" },
];

const FIELDS: Column<Awaited<ReturnType<typeof showView>>>[] = [
  { header: "gateway", cell: (v) => v.name },
  { header: "enabled", cell: (v) => yesNo(v.enabled === 1) },
  { header: "dial prefix", cell: (v) => v.dial_prefix || "(none)" },
  { header: "max channels", cell: channelsText },
  { header: "cost table", cell: (v) => v.cost_table ?? "(none)" },
  { header: "routes", cell: (v) => (v.routes.length === 0 ? "(none)" : v.routes.map((r) => `${r.route} (weight ${r.weight})`).join(", ")) },
];

const gatewayArg = { gateway: arg("NAME", name("gateway")) };

const add = command({
  name: "add",
  summary: "add a gateway",
  about: "NAME is the FreeSWITCH (sofia) gateway name.",
  args: gatewayArg,
  options: {
    dialPrefix: withDefault(dialPrefix, "put before the E.164 number", "", "none"),
    maxChannels: withDefault(maxChannels, "live calls through it; 0 means no limit", 0),
    costTable: option(costTable, "the vendor's rate table (what calls through it cost you)"),
    disabled: flag("add it disabled (no calls go through it)"),
  },
  db: "write",
  async run(o, { db }) {
    const cost = o.costTable === undefined ? null : (await findRateTable(db, o.costTable)).id;
    await refuseTaken(db, "gateways", o.gateway);
    const id = await db.insertId("gateways", {
      name: o.gateway, dial_prefix: o.dialPrefix, max_channels: o.maxChannels, cost_table_id: cost, enabled: o.disabled ? 0 : 1, created_at: nowSeconds(),
    });
    return changed(`added gateway '${o.gateway}'`, await showView(db, { id, name: o.gateway, dial_prefix: o.dialPrefix, max_channels: o.maxChannels, cost_table_id: cost, enabled: o.disabled ? 0 : 1 }));
  },
});

const set = command({
  name: "set",
  summary: "change a gateway's settings (only the options given)",
  args: gatewayArg,
  options: {
    dialPrefix: option(dialPrefix, "put before the E.164 number ('' for none)"),
    maxChannels: option(maxChannels, "live calls through it; 0 means no limit"),
    costTable: option(costTable, "the vendor's rate table"),
    noCostTable: flag("forget the vendor's rate table"),
    enable: flag("let calls through it"),
    disable: flag("send no calls through it"),
  },
  check(o) {
    if (o.enable && o.disable) throw new UsageError("CONFLICTING_OPTIONS", "--enable and --disable exclude each other");
    if (o.noCostTable && o.costTable !== undefined) throw new UsageError("CONFLICTING_OPTIONS", "--cost-table and --no-cost-table exclude each other");
    if (o.dialPrefix === undefined && o.maxChannels === undefined && o.costTable === undefined && !o.noCostTable && !o.enable && !o.disable) {
      throw new UsageError("NOTHING_TO_DO", "nothing to change: give at least one option (see --help)");
    }
  },
  db: "write",
  async run(o, { db }) {
    const g = await findGateway(db, o.gateway);
    const changes: Record<string, string | number | null> = {};
    if (o.dialPrefix !== undefined) changes.dial_prefix = o.dialPrefix;
    if (o.maxChannels !== undefined) changes.max_channels = o.maxChannels;
    if (o.enable || o.disable) changes.enabled = o.enable ? 1 : 0;
    if (o.noCostTable) changes.cost_table_id = null;
    if (o.costTable !== undefined) changes.cost_table_id = (await findRateTable(db, o.costTable)).id;
    await updateById(db, "gateways", g.id, changes);
    return changed(`updated gateway '${o.gateway}'`, await showView(db, g));
  },
});

const remove = command({
  name: "remove",
  summary: "remove a gateway that no route uses",
  args: gatewayArg,
  db: "write",
  async run({ gateway }, { db }) {
    const g = await findGateway(db, gateway);
    const view = await showView(db, g);
    if (view.routes.length > 0) {
      throw new Failure("IN_USE", `gateway '${gateway}' is used by route(s) ${view.routes.map((r) => r.route).join(", ")}: remove it there first (ccard routes remove-gateway)`);
    }
    await db.run("DELETE FROM gateways WHERE id = ?", [g.id]);
    return changed(`removed gateway '${gateway}'`, view);
  },
});

const list = command({
  name: "list",
  summary: "list gateways",
  db: "read",
  async run(_input, { db }) {
    return listOf(await gatewayViews(db), COLUMNS, "no gateways (add one with 'ccard gateways add NAME')");
  },
});

const show = command({
  name: "show",
  summary: "show one gateway and the routes using it",
  args: gatewayArg,
  db: "read",
  async run({ gateway }, { db }) {
    return recordOf(await showView(db, await findGateway(db, gateway)), FIELDS);
  },
});

export const gatewaysCommand: Group = {
  name: "gateways",
  summary: "FreeSWITCH gateways: channels, dial prefix, vendor cost table",
  commands: [add, set, remove, list, show],
};
