/** `ccard report asr-acd|margin [--by gateway|product|day] [--from] [--to]`. */
import { withDefault } from "../../options/declare";
import { PERIOD_OPTIONS, periodOf, periodWhere } from "../../options/common";
import { oneOf } from "../../options/values";
import { command, Group } from "../../framework/command";
import { Column, listOf } from "../../output/print";
import { microsText, percentText, ratioText } from "../../output/format";
import type { Store } from "../../store/store";
import { dayText, SECONDS_PER_DAY } from "../../time";

const GROUPINGS = ["gateway", "product", "day"] as const;
type By = (typeof GROUPINGS)[number];

/** SQL of each grouping key (portable: integer division for the UTC day number). */
const KEY_SQL: Record<By, string> = {
  gateway: "c.gateway",
  product: "COALESCE(p.name, '#' || CAST(c.product_id AS TEXT))",
  day: `c.started_at / ${SECONDS_PER_DAY}`,
};

const OPTIONS = {
  ...PERIOD_OPTIONS,
  by: withDefault(oneOf(GROUPINGS), "grouping (day: the UTC day of started_at)", "gateway"),
};

/**
 * Sums per group and a TOTAL row. Sums are read as text and kept as bigint, so money totals
 * stay exact past 2^53.
 */
async function grouped(db: Store, o: { by: By; from?: number; to?: number }, sums: string[]): Promise<{ key: string; v: bigint[] }[]> {
  const where = periodWhere("c.started_at", periodOf(o));
  const cols = sums.map((s, i) => `CAST(${s} AS TEXT) AS s${i}`).join(", ");
  const rows = await db.all<Record<string, string | number | null>>(
    `SELECT ${KEY_SQL[o.by]} AS k, ${cols} FROM cdrs c LEFT JOIN products p ON p.id = c.product_id${where.sql} GROUP BY 1 ORDER BY 1`,
    where.params,
  );
  const groups = rows.map((r) => ({
    key: o.by === "day" ? dayText(Number(r.k) * SECONDS_PER_DAY) : String(r.k) === "" ? "(none)" : String(r.k),
    v: sums.map((_, i) => BigInt(r[`s${i}`] ?? 0)),
  }));
  const total = sums.map((_, i) => groups.reduce((t, g) => t + g.v[i], 0n));
  return [...groups, { key: "TOTAL", v: total }];
}

const ABOUT_PERIOD = "Groups are sorted by name; a TOTAL row ends the report. A percentage is empty when its denominator is 0. Counts and sums are exact strings of digits in JSON.";

/** A report: the sums it asks of each group, and how a group's sums become its row. */
function report<R>(name: string, summary: string, about: string, sums: string[], row: (key: string, v: bigint[]) => R, columns: Column<R>[]) {
  return command({
    name,
    summary,
    about: `${about} ${ABOUT_PERIOD}`,
    options: OPTIONS,
    check: (o) => void periodOf(o),
    db: "read",
    async run(o, { db }) {
      return listOf((await grouped(db, o, sums)).map((g) => row(g.key, g.v)), columns, "");
    },
  });
}

interface AsrRow {
  key: string;
  attempts: string;
  answered: string;
  asr_percent: string;
  acd_seconds: string;
  estimated: string;
}

const asrAcd = report<AsrRow>(
  "asr-acd",
  "attempts, answered, ASR % and ACD seconds",
  `ASR = answered / attempts (every bridged attempt has a CDR; answered means answered_ms > 0).
ACD = answered seconds / answered calls. ESTIMATED counts the answered calls whose switch never
reported their end (billed by 'ccard holds reap' from the answer, for at most the time granted):
their answered time is an estimate.`,
  ["COUNT(*)", "SUM(CASE WHEN c.answered_ms > 0 THEN 1 ELSE 0 END)", "SUM(c.answered_ms)", "SUM(c.estimated)"],
  (key, v) => ({
    key, attempts: v[0].toString(), answered: v[1].toString(), asr_percent: percentText(v[1], v[0]), acd_seconds: ratioText(v[2], v[1] * 1000n),
    estimated: v[3].toString(),
  }),
  [
    { header: "GROUP", cell: (r) => r.key },
    { header: "ATTEMPTS", cell: (r) => r.attempts },
    { header: "ANSWERED", cell: (r) => r.answered },
    { header: "ASR %", cell: (r) => r.asr_percent },
    { header: "ACD s", cell: (r) => r.acd_seconds },
    { header: "ESTIMATED", cell: (r) => r.estimated },
  ],
);

interface MarginRow {
  key: string;
  calls: string;
  revenue_micros: string;
  revenue: string;
  vendor_cost_micros: string;
  vendor_cost: string;
  margin_micros: string;
  margin: string;
  margin_percent: string;
  estimated_revenue_micros: string;
  estimated_revenue: string;
}

const margin = report<MarginRow>(
  "margin",
  "revenue, vendor cost, margin and margin %",
  `Revenue = sum of cost charged to callers; vendor cost = sum of the carriers' cost; margin =
revenue - vendor cost; margin % = margin / revenue. Exact decimal money, in each product's
currency (do not mix currencies in one report: use --by product). ESTIMATED REVENUE is the part
of revenue billed from an estimate (calls whose switch never reported their end).`,
  ["COUNT(*)", "SUM(c.cost_micros)", "SUM(c.vendor_cost_micros)", "SUM(CASE WHEN c.estimated = 1 THEN c.cost_micros ELSE 0 END)"],
  (key, [calls, revenue, vendor, estimated]) => ({
    key, calls: calls.toString(), revenue_micros: revenue.toString(), revenue: microsText(revenue), vendor_cost_micros: vendor.toString(),
    vendor_cost: microsText(vendor), margin_micros: (revenue - vendor).toString(), margin: microsText(revenue - vendor), margin_percent: percentText(revenue - vendor, revenue),
    estimated_revenue_micros: estimated.toString(), estimated_revenue: microsText(estimated),
  }),
  [
    { header: "GROUP", cell: (r) => r.key },
    { header: "CALLS", cell: (r) => r.calls },
    { header: "REVENUE", cell: (r) => r.revenue },
    { header: "VENDOR COST", cell: (r) => r.vendor_cost },
    { header: "MARGIN", cell: (r) => r.margin },
    { header: "MARGIN %", cell: (r) => r.margin_percent },
    { header: "ESTIMATED REVENUE", cell: (r) => r.estimated_revenue },
  ],
);

export const reportCommand: Group = {
  name: "report",
  summary: "traffic and money reports from the CDRs",
  commands: [asrAcd, margin],
};
