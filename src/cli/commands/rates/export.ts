/** `ccard rates export --table T [--out FILE]`: the active deck as CSV that import reads back. */
import { Command, optionalString, positionals, requireString } from "../../framework";
import { formatMicros } from "../../../domain/money";
import { csvLine } from "../../csv";
import { writeOutput } from "../../files";
import { requireTable } from "../../store/rate_tables";
import { DECK_COLUMNS } from "./deck_row";

export const exportCommand: Command = {
  name: "export",
  summary: "write the active deck of a table as CSV (the import format)",
  usage: `Usage: ccard rates export --table T [--out FILE]

Writes to FILE (whole or not at all) or to standard output. Rows are ordered by prefix.`,
  options: { table: { type: "string" }, out: { type: "string" } },
  run(args, ctx) {
    positionals(args, []);
    const tableName = requireString(args, "table");
    const out = optionalString(args, "out");
    const db = ctx.openDb();
    try {
      const table = requireTable(db, tableName);
      const emit = (write: (text: string) => void): void => {
        write(csvLine([...DECK_COLUMNS]));
        const rows = db
          .prepare(
            "SELECT prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, " +
              "increment_seconds, grace_seconds, minimum_cost_micros, route FROM rates WHERE table_id = ? AND version = ? ORDER BY prefix",
          )
          .raw()
          .iterate(table.id, table.active_version) as IterableIterator<[string, string, number, number, number, number, number, number, number, string]>;
        for (const r of rows) {
          write(csvLine([r[0], r[1], formatMicros(r[2]), formatMicros(r[3]), formatMicros(r[4]), String(r[5]), String(r[6]), String(r[7]), formatMicros(r[8]), r[9]]));
        }
      };
      writeOutput(out, ctx.stdout, emit);
      return 0;
    } finally {
      db.close();
    }
  },
};
