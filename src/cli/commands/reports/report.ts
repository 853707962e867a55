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

interface AsrRow {
  key: string;
  attempts: string;
  answered: string;
  asr_percent: string;
  acd_seconds: string;
}

const ASR_COLUMNS: Column<AsrRow>[] = [
  { header: "GROUP", cell: (r) => r.key },
  { header: "ATTEMPTS", cell: (r) => r.attempts },
  { header: "ANSWERED", cell: (r) => r.answered },
  { header: "ASR %", cell: (r) => r.asr_percent },
  { header: "ACD s", cell: (r) => r.acd_seconds },
];

const asrAcd = command({
  name: "asr-acd",
  summary: "attempts, answered, ASR % and ACD seconds",
  about: `ASR = answered / attempts (every bridged attempt has a CDR; answered means answered_ms > 0).
ACD = answered seconds / answered calls. ${ABOUT_PERIOD}`,
  options: OPTIONS,
  check: (o) => void periodOf(o),
  db: "read",
  async run(o, { db }) {
    const groups = await grouped(db, o, ["COUNT(*)", "SUM(CASE WHEN c.answered_ms > 0 THEN 1 ELSE 0 END)", "SUM(c.answered_ms)"]);
    const rows = groups.map((g): AsrRow => ({
      key: g.key, attempts: g.v[0].toString(), answered: g.v[1].toString(),
      asr_percent: percentText(g.v[1], g.v[0]), acd_seconds: ratioText(g.v[2], g.v[1] * 1000n),
    }));
    return listOf(rows, ASR_COLUMNS, "");
  },
});

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
}

const MARGIN_COLUMNS: Column<MarginRow>[] = [
  { header: "GROUP", cell: (r) => r.key },
  { header: "CALLS", cell: (r) => r.calls },
  { header: "REVENUE", cell: (r) => r.revenue },
  { header: "VENDOR COST", cell: (r) => r.vendor_cost },
  { header: "MARGIN", cell: (r) => r.margin },
  { header: "MARGIN %", cell: (r) => r.margin_percent },
];

const margin = command({
  name: "margin",
  summary: "revenue, vendor cost, margin and margin %",
  about: `Revenue = sum of cost charged to callers; vendor cost = sum of the carriers' cost; margin =
revenue - vendor cost; margin % = margin / revenue. Exact decimal money, in each product's
currency (do not mix currencies in one report: use --by product). ${ABOUT_PERIOD}`,
  options: OPTIONS,
  check: (o) => void periodOf(o),
  db: "read",
  async run(o, { db }) {
    const groups = await grouped(db, o, ["COUNT(*)", "SUM(c.cost_micros)", "SUM(c.vendor_cost_micros)"]);
    const rows = groups.map((g): MarginRow => {
      const m = g.v[1] - g.v[2];
      return {
        key: g.key, calls: g.v[0].toString(), revenue_micros: g.v[1].toString(), revenue: microsText(g.v[1]),
        vendor_cost_micros: g.v[2].toString(), vendor_cost: microsText(g.v[2]), margin_micros: m.toString(), margin: microsText(m),
        margin_percent: percentText(m, g.v[1]),
      };
    });
    return listOf(rows, MARGIN_COLUMNS, "");
  },
});

export const reportCommand: Group = {
  name: "report",
  summary: "traffic and money reports from the CDRs",
  commands: [asrAcd, margin],
};
