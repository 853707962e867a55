/** `ccard cdr export`: every CDR column, money as exact decimal text. */
import { formatMicros } from "../../../domain/money";
import { UsageError } from "../../exit";
import { flag, option } from "../../options/declare";
import { PERIOD_OPTIONS, periodOf, periodWhere } from "../../options/common";
import { text } from "../../options/values";
import { command, Group } from "../../framework/command";
import { csvLine } from "../../csv";
import { sinkFor, writeAll } from "../../files";
import { jsonArray } from "../../output/print";

/** The columns of cdrs (schema.ts), in table order: the export's columns. */
export const CDR_COLUMNS = [
  "id", "uuid", "account_id", "card_id", "product_id", "ani", "dnis", "destination", "prefix", "rate_table_id", "cost_table_id",
  "gateway", "rate_per_minute_micros", "granted_seconds", "answered_ms", "cost_micros", "vendor_cost_micros", "balance_before_micros",
  "balance_after_micros", "hangup_cause", "disposition", "started_at", "settled_at",
] as const;

const MONEY_SUFFIX = "_micros";

type Cdr = Record<(typeof CDR_COLUMNS)[number], string | number | null>;

/** JSON: every column, and each money column also as decimal text without its suffix (cost_micros and cost). */
function cdrJson(r: Cdr): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of CDR_COLUMNS) {
    out[c] = r[c];
    if (c.endsWith(MONEY_SUFFIX) && typeof r[c] === "number") out[c.slice(0, -MONEY_SUFFIX.length)] = formatMicros(r[c] as number);
  }
  return out;
}

/** CSV: every column; money columns lose their suffix and hold decimal text. */
const CSV_HEADER = CDR_COLUMNS.map((c) => (c.endsWith(MONEY_SUFFIX) ? c.slice(0, -MONEY_SUFFIX.length) : c));

function cdrCsv(r: Cdr): string {
  return csvLine(CDR_COLUMNS.map((c) => {
    const v = r[c];
    if (v === null) return "";
    return c.endsWith(MONEY_SUFFIX) && typeof v === "number" ? formatMicros(v) : String(v);
  }));
}

const exportCmd = command({
  name: "export",
  summary: "export CDRs as CSV (default) or JSON",
  about: `One record per call attempt that was bridged (failed attempts have answered_ms 0), in order
of started_at. --from/--to are inclusive UTC days on started_at. Every cdrs column is
written. In CSV, money columns lose their _micros suffix and hold exact decimal text (cost
1.234500); JSON has both (cost_micros and cost). Times are epoch seconds. Writes FILE whole
or not at all, else standard output.`,
  options: { ...PERIOD_OPTIONS, csv: flag("CSV (the default)"), out: option(text("FILE"), "write to FILE (whole or not at all) instead of standard output") },
  check(o, json) {
    periodOf(o);
    if (o.csv && json) throw new UsageError("CONFLICTING_OPTIONS", "--csv and --json exclude each other");
  },
  db: "read",
  async run(o, ctx) {
    const where = periodWhere("started_at", periodOf(o));
    const rows = ctx.db.batches<Cdr>(`SELECT ${CDR_COLUMNS.join(", ")} FROM cdrs${where.sql} ORDER BY started_at, id`, where.params);
    await writeAll(sinkFor(o.out, ctx.stdout), async (write) => {
      if (ctx.json) return jsonArray(write, rows, cdrJson);
      write(csvLine(CSV_HEADER));
      for await (const batch of rows) for (const r of batch) write(cdrCsv(r));
    });
  },
});

export const cdrCommand: Group = {
  name: "cdr",
  summary: "call detail records",
  commands: [exportCmd],
};
