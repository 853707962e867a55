/** `ccard rates import FILE.csv --table T [--create [--currency C]] [--effective TIME]`. */
import { Failure, UsageError } from "../../exit";
import { arg, flag, option, required } from "../../options/declare";
import { currency, instant, name, text } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { plural } from "../../output/format";
import { DECK_COLUMNS } from "./deck_row";
import { loadDeck } from "./load_deck";
import { pendingAfter } from "./versions";
import { storedPlan } from "../../../domain/bands";
import { nowSeconds, timeText } from "../../time";

export const importCommand = command({
  name: "import",
  summary: "load a rate deck CSV as a new version of a table, in force at once or from a chosen time",
  about: `CSV header (any order; names case-insensitive):
  ${DECK_COLUMNS.join(",")}
prefix, destination and rate_per_minute are required; the others may be left out (or left
empty on a line) and default to: fees 0, initial_seconds 60, increment_seconds 60,
grace_seconds 0, minimum_cost 0, route ''. Money is decimal text in the table's currency
units with at most 6 decimals (0.0123), read exactly. A column rate_per_minute:BAND (e.g.
rate_per_minute:peak) prices a band of the table's plan ('ccard rates bands'); left empty, the
prefix costs its rate_per_minute in that band too.

Every line is checked; if any is bad, each is listed with its line number and nothing is
kept. Otherwise the rows become a new version of the table, registered in one statement once
all are in, and the versions it supersedes are deleted. Rows are written 20,000 at a time, so
calls never wait long for the database; they read the old deck until the switch.

With --effective TIME the new version is loaded now and takes effect at TIME: calls rate from
it from that second on, with nothing to run then. Until then 'ccard rates tables' lists it as
pending and 'ccard rates cancel' withdraws it. At any moment calls use the version with the
latest effective time that has passed (of two with the same, the later import).`,
  args: { file: arg("FILE.csv", text("FILE.csv")) },
  options: {
    table: required(name("rate table"), "the rate table to load"),
    create: flag("create the table when it does not exist"),
    currency: option(currency, "currency of a table made by --create", "USD"),
    effective: option(instant, "take effect at TIME (with its zone: 2027-01-01T00:00Z), not at once"),
  },
  check(o) {
    if (o.currency !== undefined && !o.create) throw new UsageError("CONFLICTING_OPTIONS", "--currency only goes with --create");
  },
  db: "write",
  async run(o, ctx) {
    if (o.effective !== undefined && o.effective <= nowSeconds()) {
      throw new Failure("DATE_PAST", `--effective ${timeText(o.effective)} is already past (leave it out to activate the deck at once)`);
    }
    const started = Date.now();
    const result = await loadDeck(ctx.db, {
      file: o.file,
      table: o.table,
      create: o.create,
      currency: o.currency ?? "USD",
      effectiveAt: o.effective,
      progress: ctx.interactive ? (n) => ctx.stderr.write(`\rread ${n} lines`) : undefined,
    });
    if (ctx.interactive) ctx.stderr.write("\r\x1b[K");
    if (!result.ok) {
      throw new Failure("FILE_REJECTED", `${plural(result.errors.length, "bad line")} in ${o.file}; nothing imported`, { file: o.file, lines: result.errors });
    }
    for (const route of result.unknownRoutes) ctx.warn(`route '${route}' is not defined yet (ccard routes add ${route})`);
    const plan = await ctx.db.get<{ band_rules: string }>("SELECT band_rules FROM rate_tables WHERE id = ?", [result.tableId]);
    const planBands = new Set(storedPlan(plan?.band_rules ?? "", "")?.rules.map((r) => r.band) ?? []);
    for (const band of result.bands.filter((b) => !planBands.has(b))) {
      ctx.warn(`band '${band}' is not in the bands of '${o.table}' (ccard rates bands show --table ${o.table}): its prices apply only once it is`);
    }
    if (result.oldRowsKept) ctx.warn("the database was busy, so the old version's rows were kept; the next import deletes them");
    for (const p of await pendingAfter(ctx.db, result.tableId, result.effectiveAt)) {
      ctx.warn(`version ${p.version} still takes effect at ${timeText(p.effective_at)} (ccard rates cancel --table ${o.table} --version ${p.version} withdraws it)`);
    }
    const ms = Date.now() - started;
    const was = result.previousVersion === 0 ? "none" : String(result.previousVersion);
    const when = o.effective === undefined ? `in force now; was ${was}` : `takes effect at ${timeText(result.effectiveAt)}; in force until then: ${was}`;
    return changed(
      `imported ${result.rows} rates into '${o.table}' as version ${result.version} (${when}) in ${ms} ms`,
      {
        table: o.table, version: result.version, effective_at: result.effectiveAt, previous_version: result.previousVersion, rows: result.rows,
        max_prefix_digits: result.maxPrefixDigits, elapsed_ms: ms,
      },
    );
  },
});
