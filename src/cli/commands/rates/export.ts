/** `ccard rates export --table T [--out FILE]`: the active deck as CSV that import reads back. */
import { formatMicros } from "../../../domain/money";
import { option, required } from "../../options/declare";
import { name, text } from "../../options/values";
import { command } from "../../framework/command";
import { csvLine } from "../../csv";
import { sinkFor, writeAll } from "../../files";
import { jsonArray } from "../../output/print";
import { findRateTable } from "../../store/lookups";
import { DECK_COLUMNS, RateRow } from "./deck_row";
import { RATE_ROW_COLUMNS, rateView } from "./rate_view";

export const exportCommand = command({
  name: "export",
  summary: "write the active deck of a table as CSV (the import format)",
  about: "Writes to FILE (whole or not at all) or to standard output, rows ordered by prefix. With --json, a JSON array of the rows.",
  options: {
    table: required(name("rate table"), "the rate table to export"),
    out: option(text("FILE"), "write to FILE (whole or not at all) instead of standard output"),
  },
  db: "read",
  async run(o, ctx) {
    const table = await findRateTable(ctx.db, o.table);
    const rows = ctx.db.batches<RateRow>(`SELECT ${RATE_ROW_COLUMNS} FROM rates WHERE table_id = ? AND version = ? ORDER BY prefix`, [table.id, table.active_version]);
    await writeAll(sinkFor(o.out, ctx.stdout), async (write) => {
      if (ctx.json) return jsonArray(write, rows, rateView);
      write(csvLine([...DECK_COLUMNS]));
      for await (const batch of rows) {
        for (const r of batch) {
          write(csvLine([
            r.prefix, r.destination, formatMicros(r.rate_per_minute_micros), formatMicros(r.connect_fee_micros), formatMicros(r.disconnect_fee_micros),
            String(r.initial_seconds), String(r.increment_seconds), String(r.grace_seconds), formatMicros(r.minimum_cost_micros), r.route,
          ]));
        }
      }
    });
  },
});
