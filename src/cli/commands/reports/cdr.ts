/** `ccard cdr export`: every CDR column, money as exact decimal text. */
import { Command, UsageError, optionalString, positionals } from "../../framework";
import { formatMicros } from "../../../domain/money";
import { csvLine } from "../../csv";
import { writeOutput } from "../../files";
import { PERIOD_OPTIONS, periodOptions, periodWhere } from "../../period";

const MONEY_SUFFIX = "_micros";

const exportCmd: Command = {
  name: "export",
  summary: "export CDRs as CSV (default) or JSON",
  usage: `Usage: ccard cdr export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv | --json] [--out FILE]

One record per call attempt that was bridged (failed attempts have answered_ms 0), in order
of started_at. --from/--to are inclusive UTC days on started_at. Every cdrs column is
written; money columns lose their _micros suffix and hold exact decimal text (cost
1.234500). Times are epoch seconds. Writes FILE whole or not at all, else standard output.`,
  options: { ...PERIOD_OPTIONS, csv: { type: "boolean" }, json: { type: "boolean" }, out: { type: "string" } },
  run(args, ctx) {
    positionals(args, []);
    if (args.values.csv === true && args.values.json === true) throw new UsageError("--csv and --json exclude each other");
    const json = args.values.json === true;
    const period = periodOptions(args);
    const out = optionalString(args, "out");
    const db = ctx.openDb();
    try {
      const columns = (db.prepare("SELECT name FROM pragma_table_info('cdrs') ORDER BY cid").pluck().all() as string[]);
      const money = columns.map((c) => c.endsWith(MONEY_SUFFIX));
      const names = columns.map((c, i) => (money[i] ? c.slice(0, -MONEY_SUFFIX.length) : c));
      const where = periodWhere("started_at", period);
      const cell = (v: unknown, i: number): unknown => (money[i] && typeof v === "number" ? formatMicros(v) : v);
      const emit = (write: (text: string) => void): void => {
        if (!json) write(csvLine(names));
        else write("[");
        const rows = db.prepare(`SELECT ${columns.join(", ")} FROM cdrs${where.sql} ORDER BY started_at, id`).raw().iterate(...where.params) as IterableIterator<unknown[]>;
        let first = true;
        for (const r of rows) {
          if (json) {
            const obj: Record<string, unknown> = {};
            r.forEach((v, i) => (obj[names[i]] = cell(v, i)));
            write((first ? "\n" : ",\n") + JSON.stringify(obj));
          } else {
            write(csvLine(r.map((v, i) => (v === null ? "" : String(cell(v, i))))));
          }
          first = false;
        }
        if (json) write(first ? "]\n" : "\n]\n");
      };
      writeOutput(out, ctx.stdout, emit);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const cdrCommand: Command = {
  name: "cdr",
  summary: "call detail records",
  usage: `Usage: ccard cdr export [options]`,
  subcommands: [exportCmd],
};
