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

const MONEY_SUFFIX = "_micros";

type Cdr = Record<string, string | number | null>;

/** JSON: every column, and each money column also as decimal text without its suffix (cost_micros and cost). */
function cdrJson(columns: string[], r: Cdr): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    out[c] = r[c];
    if (c.endsWith(MONEY_SUFFIX)) out[c.slice(0, -MONEY_SUFFIX.length)] = typeof r[c] === "number" ? formatMicros(r[c] as number) : null;
  }
  return out;
}

/** CSV: every column; money columns lose their suffix and hold decimal text. */
function cdrCsv(columns: string[], r: Cdr): string {
  return csvLine(columns.map((c) => {
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
    const columns = await ctx.db.columns("cdrs");
    const rows = ctx.db.batches<Cdr>(`SELECT ${columns.join(", ")} FROM cdrs${where.sql} ORDER BY started_at, id`, where.params);
    await writeAll(sinkFor(o.out, ctx.stdout), async (write) => {
      if (ctx.json) return jsonArray(write, rows, (r) => cdrJson(columns, r));
      write(csvLine(columns.map((c) => (c.endsWith(MONEY_SUFFIX) ? c.slice(0, -MONEY_SUFFIX.length) : c))));
      for await (const batch of rows) for (const r of batch) write(cdrCsv(columns, r));
    });
  },
});

export const cdrCommand: Group = {
  name: "cdr",
  summary: "call detail records",
  commands: [exportCmd],
};
