/** `ccard rates import FILE.csv --table T [--create [--currency C]]`. */
import { Failure, UsageError } from "../../exit";
import { arg, flag, option, required } from "../../options/declare";
import { currency, name, text } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { plural } from "../../output/format";
import { DECK_COLUMNS } from "./deck_row";
import { loadDeck } from "./load_deck";

export const importCommand = command({
  name: "import",
  summary: "load a rate deck CSV as a new version of a table and activate it atomically",
  about: `CSV header (any order; names case-insensitive):
  ${DECK_COLUMNS.join(",")}
prefix, destination and rate_per_minute are required; the others may be left out (or left
empty on a line) and default to: fees 0, initial_seconds 60, increment_seconds 60,
grace_seconds 0, minimum_cost 0, route ''. Money is decimal text in the table's currency
units with at most 6 decimals (0.0123), read exactly.

Every line is checked; if any is bad, each is listed with its line number and nothing is
kept. Otherwise the rows become a new version of the table, switched live in one statement
once all are in, and the older versions' rows are deleted. Rows are written 20,000 at a time,
so calls never wait long for the database; they read the old deck until the switch.`,
  args: { file: arg("FILE.csv", text("FILE.csv")) },
  options: {
    table: required(name("rate table"), "the rate table to load"),
    create: flag("create the table when it does not exist"),
    currency: option(currency, "currency of a table made by --create", "USD"),
  },
  check(o) {
    if (o.currency !== undefined && !o.create) throw new UsageError("CONFLICTING_OPTIONS", "--currency only goes with --create");
  },
  db: "write",
  async run(o, ctx) {
    const started = Date.now();
    const result = await loadDeck(ctx.db, {
      file: o.file,
      table: o.table,
      create: o.create,
      currency: o.currency ?? "USD",
      progress: ctx.interactive ? (n) => ctx.stderr.write(`\rread ${n} lines`) : undefined,
    });
    if (ctx.interactive) ctx.stderr.write("\r\x1b[K");
    if (!result.ok) {
      throw new Failure("FILE_REJECTED", `${plural(result.errors.length, "bad line")} in ${o.file}; nothing imported`, { file: o.file, lines: result.errors });
    }
    for (const route of result.unknownRoutes) ctx.warn(`route '${route}' is not defined yet (ccard routes add ${route})`);
    if (result.oldRowsKept) ctx.warn("the database was busy, so the old version's rows were kept; the next import deletes them");
    const ms = Date.now() - started;
    return changed(
      `imported ${result.rows} rates into '${o.table}' as version ${result.version} (now active; was ${result.previousVersion}) in ${ms} ms`,
      { table: o.table, version: result.version, previous_version: result.previousVersion, rows: result.rows, max_prefix_digits: result.maxPrefixDigits, elapsed_ms: ms },
    );
  },
});
