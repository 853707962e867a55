/** `ccard rates lookup --table T NUMBER [--product P]`: the IVR's own rate query, run by hand. */
import { CliError, Command, optionalString, positionals, requireString } from "../../framework";
import { DEFAULT_DIAL_RULES, DialRules, MAX_PREFIX_DIGITS, normaliseNumber } from "../../../domain/numbers";
import { RATE_COLUMNS, rateLookupSql } from "../../../domain/sql";
import { callCost, Rate } from "../../../domain/tariff";
import { formatMicros } from "../../../domain/money";
import type { Db } from "../../store/db";
import { requireTable } from "../../store/rate_tables";

interface RateRow {
  prefix: string;
  destination: string;
  rate_per_minute_micros: number;
  connect_fee_micros: number;
  disconnect_fee_micros: number;
  initial_seconds: number;
  increment_seconds: number;
  grace_seconds: number;
  minimum_cost_micros: number;
  route: string;
}

/** A product's dialling rules from its row; CliError when there is no such product. */
function productRules(db: Db, name: string): DialRules {
  const p = db
    .prepare("SELECT international_prefixes, national_prefix, country_code, national_number_length FROM products WHERE name = ?")
    .get(name) as { international_prefixes: string; national_prefix: string; country_code: string; national_number_length: number } | undefined;
  if (p === undefined) throw new CliError(`no product '${name}'`);
  return {
    internationalPrefixes: p.international_prefixes.split(",").map((s) => s.trim()).filter((s) => s !== ""),
    nationalPrefix: p.national_prefix,
    countryCode: p.country_code,
    nationalNumberLength: p.national_number_length,
  };
}

export const lookupCommand: Command = {
  name: "lookup",
  summary: "show the rate a dialled number gets (longest matching prefix of the active deck)",
  usage: `Usage: ccard rates lookup --table T NUMBER [--product P] [--json]

NUMBER is normalised to E.164 the way the IVR does (international prefixes 00/011 or '+',
or the dialling rules of --product P), then matched with the IVR's exact SQL.`,
  options: { table: { type: "string" }, product: { type: "string" }, json: { type: "boolean" } },
  run(args, ctx) {
    const [number] = positionals(args, ["number"]);
    const tableName = requireString(args, "table");
    const productName = optionalString(args, "product");
    const db = ctx.openDb();
    try {
      const table = requireTable(db, tableName);
      const rules = productName === undefined ? DEFAULT_DIAL_RULES : productRules(db, productName);
      const n = normaliseNumber(number, rules);
      if (!n.ok) throw new CliError(`cannot use number '${number}': ${n.code}`);
      const row = db.prepare(rateLookupSql(table.id, n.value, MAX_PREFIX_DIGITS, RATE_COLUMNS)).get() as RateRow | undefined;
      if (row === undefined) {
        const why = table.active_version === 0 ? "the table has no deck yet (ccard rates import)" : "no prefix of it is in the active deck";
        throw new CliError(`no rate for ${n.value} in '${tableName}': ${why}`);
      }
      const rate: Rate = {
        ratePerMinuteMicros: row.rate_per_minute_micros, connectFeeMicros: row.connect_fee_micros,
        disconnectFeeMicros: row.disconnect_fee_micros, initialSeconds: row.initial_seconds,
        incrementSeconds: row.increment_seconds, graceSeconds: row.grace_seconds, minimumCostMicros: row.minimum_cost_micros,
      };
      const costs = [1, 5, 60].map((m) => ({ minutes: m, cost: formatMicros(callCost(rate, m * 60000)) }));
      const out = {
        number: n.value, table: tableName, currency: table.currency, prefix: row.prefix, destination: row.destination,
        rate_per_minute: formatMicros(rate.ratePerMinuteMicros), connect_fee: formatMicros(rate.connectFeeMicros),
        disconnect_fee: formatMicros(rate.disconnectFeeMicros), initial_seconds: rate.initialSeconds,
        increment_seconds: rate.incrementSeconds, grace_seconds: rate.graceSeconds,
        minimum_cost: formatMicros(rate.minimumCostMicros), route: row.route, costs,
      };
      if (args.values.json === true) {
        ctx.stdout.write(JSON.stringify(out, undefined, 2) + "\n");
        return 0;
      }
      ctx.stdout.write(
        `number       ${out.number}\nprefix       ${out.prefix}  ${out.destination}\n` +
          `rate/min     ${out.rate_per_minute} ${out.currency}\n` +
          `fees         connect ${out.connect_fee}, disconnect ${out.disconnect_fee}, minimum ${out.minimum_cost}\n` +
          `billing      ${out.initial_seconds}/${out.increment_seconds} s, grace ${out.grace_seconds} s\n` +
          `route        ${out.route === "" ? "(none)" : out.route}\n` +
          `cost         ${costs.map((c) => `${c.minutes} min ${c.cost}`).join(", ")}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
