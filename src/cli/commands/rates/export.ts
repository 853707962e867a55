/** `ccard rates export --table T [--version N] [--out FILE]`: a deck as CSV that import reads back. */
import { formatMicros } from "../../../domain/money";
import { option, required } from "../../options/declare";
import { name, text, wholeNumber } from "../../options/values";
import { Failure } from "../../exit";
import { nowSeconds } from "../../time";
import { findVersion, versionAt } from "./versions";
import { command } from "../../framework/command";
import { csvLine } from "../../csv";
import { sinkFor, writeAll } from "../../files";
import { jsonArray } from "../../output/print";
import { findRateTable } from "../../store/lookups";
import { BAND_COLUMN_PREFIX, DECK_COLUMNS, RateRow } from "./deck_row";
import { storedPrices } from "../../../domain/bands";
import { RATE_ROW_COLUMNS, rateView } from "./rate_view";

export const exportCommand = command({
  name: "export",
  summary: "write the deck in force (or a pending version) of a table as CSV (the import format)",
  about: "Writes to FILE (whole or not at all) or to standard output, rows ordered by prefix. With --json, a JSON array of the rows.",
  options: {
    table: required(name("rate table"), "the rate table to export"),
    version: option(wholeNumber(1), "export this version (see 'ccard rates tables') instead of the one in force"),
    out: option(text("FILE"), "write to FILE (whole or not at all) instead of standard output"),
  },
  db: "read",
  async run(o, ctx) {
    const table = await findRateTable(ctx.db, o.table);
    const deck = o.version !== undefined ? await findVersion(ctx.db, table, o.version) : await versionAt(ctx.db, table.id, nowSeconds());
    if (deck === undefined) throw new Failure("VERSION_NOT_FOUND", `rate table '${o.table}' has no deck in force`);
    const version = deck.version;
    // The band columns: every band some row of the version prices, by name.
    const banded = await ctx.db.all<{ bands: string }>("SELECT DISTINCT bands FROM rates WHERE table_id = ? AND version = ? AND bands <> ''", [table.id, version]);
    const bands = [...new Set(banded.flatMap((b) => storedPrices(b.bands).map((p) => p.band)))].sort();
    const rows = ctx.db.batches<RateRow>(`SELECT ${RATE_ROW_COLUMNS} FROM rates WHERE table_id = ? AND version = ? ORDER BY prefix`, [table.id, version]);
    await writeAll(sinkFor(o.out, ctx.stdout), async (write) => {
      if (ctx.json) return jsonArray(write, rows, rateView);
      write(csvLine([...DECK_COLUMNS, ...bands.map((b) => BAND_COLUMN_PREFIX + b)]));
      for await (const batch of rows) {
        for (const r of batch) {
          const prices = new Map(storedPrices(r.bands).map((p) => [p.band, formatMicros(p.ratePerMinuteMicros)]));
          write(csvLine([
            r.prefix, r.destination, formatMicros(r.rate_per_minute_micros), formatMicros(r.connect_fee_micros), formatMicros(r.disconnect_fee_micros),
            String(r.initial_seconds), String(r.increment_seconds), String(r.grace_seconds), formatMicros(r.minimum_cost_micros), r.route,
            ...bands.map((b) => prices.get(b) ?? ""),
          ]));
        }
      }
    });
  },
});
