/** `ccard report asr-acd|margin [--by gateway|product|day] [--from] [--to]`. */
import { Command, UsageError, optionalString, positionals, ParsedArgs, Context } from "../../framework";
import { PERIOD_OPTIONS, dayText, periodOptions, periodWhere } from "../../period";
import { microsText, percentText, ratioText, table } from "../../format";

type By = "gateway" | "product" | "day";

/** SQL of each grouping key (portable: integer division for the UTC day number). */
const KEY_SQL: Record<By, string> = {
  gateway: "c.gateway",
  product: "COALESCE(p.name, '#' || CAST(c.product_id AS TEXT))",
  day: "c.started_at / 86400",
};

/** Sums per group, bigint so that money totals stay exact past 2^53. */
function grouped(args: ParsedArgs, ctx: Context, sums: string): { key: string; v: bigint[] }[] {
  const byText = optionalString(args, "by") ?? "gateway";
  if (!(byText in KEY_SQL)) throw new UsageError(`--by must be gateway, product or day, got '${byText}'`);
  const by = byText as By;
  const period = periodOptions(args);
  const db = ctx.openDb();
  try {
    const where = periodWhere("c.started_at", period);
    const rows = db
      .prepare(`SELECT ${KEY_SQL[by]} AS k, ${sums} FROM cdrs c LEFT JOIN products p ON p.id = c.product_id${where.sql} GROUP BY 1 ORDER BY 1`)
      .raw()
      .safeIntegers(true)
      .all(...where.params) as unknown[][];
    return rows.map((r) => ({
      key: by === "day" ? dayText(Number(r[0])) : String(r[0]) === "" ? "(none)" : String(r[0]),
      v: r.slice(1).map((x) => (x === null ? 0n : BigInt(x as bigint))),
    }));
  } finally {
    db.close();
  }
}

function total(groups: { v: bigint[] }[], width: number): bigint[] {
  const t: bigint[] = new Array<bigint>(width).fill(0n);
  for (const g of groups) g.v.forEach((x, i) => (t[i] += x));
  return t;
}

const OPTIONS = { ...PERIOD_OPTIONS, by: { type: "string" }, json: { type: "boolean" } } as const;
const COMMON_USAGE = `--by gateway|product|day   grouping (default gateway; day is the UTC day of started_at)
--from/--to YYYY-MM-DD     inclusive UTC days on started_at
--json                     rows as JSON`;

const asrAcd: Command = {
  name: "asr-acd",
  summary: "attempts, answered, ASR % and ACD seconds",
  usage: `Usage: ccard report asr-acd [--by gateway|product|day] [--from D] [--to D] [--json]

ASR = answered / attempts (every bridged attempt has a CDR; answered means answered_ms > 0).
ACD = answered seconds / answered calls.
${COMMON_USAGE}`,
  options: OPTIONS,
  run(args, ctx) {
    positionals(args, []);
    const groups = grouped(args, ctx, "COUNT(*), SUM(CASE WHEN c.answered_ms > 0 THEN 1 ELSE 0 END), SUM(c.answered_ms)");
    const rows = [...groups, { key: "TOTAL", v: total(groups, 3) }].map((g) => ({
      key: g.key, attempts: g.v[0].toString(), answered: g.v[1].toString(),
      asr_percent: percentText(g.v[1], g.v[0]), acd_seconds: ratioText(g.v[2], g.v[1] * 1000n),
    }));
    if (args.values.json === true) ctx.stdout.write(JSON.stringify(rows, undefined, 2) + "\n");
    else ctx.stdout.write(table(["GROUP", "ATTEMPTS", "ANSWERED", "ASR %", "ACD s"], rows.map((r) => [r.key, r.attempts, r.answered, r.asr_percent, r.acd_seconds])));
    return 0;
  },
};

const margin: Command = {
  name: "margin",
  summary: "revenue, vendor cost, margin and margin %",
  usage: `Usage: ccard report margin [--by gateway|product|day] [--from D] [--to D] [--json]

Revenue = sum of cost charged to callers; vendor cost = sum of the carriers' cost; margin =
revenue - vendor cost; margin % = margin / revenue. Exact decimal money, in each product's
currency (do not mix currencies in one report: use --by product).
${COMMON_USAGE}`,
  options: OPTIONS,
  run(args, ctx) {
    positionals(args, []);
    const groups = grouped(args, ctx, "COUNT(*), SUM(c.cost_micros), SUM(c.vendor_cost_micros)");
    const rows = [...groups, { key: "TOTAL", v: total(groups, 3) }].map((g) => ({
      key: g.key, calls: g.v[0].toString(), revenue: microsText(g.v[1]), vendor_cost: microsText(g.v[2]),
      margin: microsText(g.v[1] - g.v[2]), margin_percent: percentText(g.v[1] - g.v[2], g.v[1]),
    }));
    if (args.values.json === true) ctx.stdout.write(JSON.stringify(rows, undefined, 2) + "\n");
    else ctx.stdout.write(table(["GROUP", "CALLS", "REVENUE", "VENDOR COST", "MARGIN", "MARGIN %"], rows.map((r) => [r.key, r.calls, r.revenue, r.vendor_cost, r.margin, r.margin_percent])));
    return 0;
  },
};

export const reportCommand: Command = {
  name: "report",
  summary: "traffic and money reports from the CDRs",
  usage: `Usage: ccard report asr-acd|margin [options]`,
  subcommands: [asrAcd, margin],
};
