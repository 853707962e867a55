/** `ccard rates import FILE.csv --table T [--create]`. */
import { CliError, Command, UsageError, optionalString, positionals, requireString } from "../../framework";
import { DECK_COLUMNS } from "./deck_row";
import { loadDeck } from "./load_deck";
import { visibleText } from "../../format";

export const importCommand: Command = {
  name: "import",
  summary: "load a rate deck CSV as a new version of a table and activate it atomically",
  usage: `Usage: ccard rates import FILE.csv --table T [--create [--currency USD]] [--json]

CSV header (any order; names case-insensitive):
  ${DECK_COLUMNS.join(",")}
prefix, destination and rate_per_minute are required; the others may be left out (or left
empty on a line) and default to: fees 0, initial_seconds 60, increment_seconds 60,
grace_seconds 0, minimum_cost 0, route ''. Money is decimal text in the table's currency
units with at most 6 decimals (0.0123), read exactly.

Every line is checked; if any is bad, each is listed with its line number and nothing is
kept. Otherwise the rows become a new version of the table, switched live in one statement
once all are in, and the older versions' rows are deleted. Rows are written 20,000 at a time,
so calls never wait long for the database; they read the old deck until the switch.

  --create       create the table when it does not exist
  --currency C   currency of a table created by --create (default USD)
  --json         print the result as JSON`,
  options: { table: { type: "string" }, create: { type: "boolean" }, currency: { type: "string" }, json: { type: "boolean" } },
  async run(args, ctx) {
    const [file] = positionals(args, ["file"]);
    const tableName = requireString(args, "table");
    if (args.values.currency !== undefined && args.values.create !== true) throw new UsageError("--currency only goes with --create");
    const db = ctx.openDb();
    try {
      const started = Date.now();
      const result = await loadDeck(db, {
        file,
        table: tableName,
        create: args.values.create === true,
        currency: optionalString(args, "currency") ?? "USD",
        progress: ctx.interactive ? (n) => ctx.stderr.write(`\rread ${n} lines`) : undefined,
      });
      if (ctx.interactive) ctx.stderr.write("\r\x1b[K");
      if (!result.ok) {
        for (const e of result.errors) ctx.stderr.write(`${visibleText(file)}:${e.line}: ${visibleText(e.reason)}\n`);
        const n = result.errors.length;
        throw new CliError(`${n} bad line${n === 1 ? "" : "s"} in ${file}; nothing imported`);
      }
      for (const route of result.unknownRoutes) ctx.stderr.write(visibleText(`warning: route '${route}' is not defined yet (ccard routes add ${route})`) + "\n");
      if (result.oldRowsKept === true) ctx.stderr.write("warning: the database was busy, so the old version's rows were kept; the next import deletes them\n");
      const ms = Date.now() - started;
      if (args.values.json === true) {
        ctx.stdout.write(JSON.stringify({ table: tableName, version: result.version, previousVersion: result.previousVersion, rows: result.rows, ms }) + "\n");
      } else {
        ctx.stdout.write(`imported ${result.rows} rates into '${tableName}' as version ${result.version} (now active; was ${result.previousVersion}) in ${ms} ms\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
