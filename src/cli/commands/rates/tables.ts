/** `ccard rates tables` and `ccard rates create-table`. */
import { Command, optionalString, positionals } from "../../framework";
import { createTable } from "../../store/rate_tables";
import { table } from "../../format";

export const tablesCommand: Command = {
  name: "tables",
  summary: "list rate tables with their active deck version and row count",
  usage: `Usage: ccard rates tables [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const db = ctx.openDb();
    try {
      const rows = db
        .prepare(
          "SELECT t.name, t.currency, t.active_version, " +
            "(SELECT COUNT(*) FROM rates r WHERE r.table_id = t.id AND r.version = t.active_version) AS row_count " +
            "FROM rate_tables t ORDER BY t.name",
        )
        .all() as { name: string; currency: string; active_version: number; row_count: number }[];
      if (args.values.json === true) {
        ctx.stdout.write(JSON.stringify(rows, undefined, 2) + "\n");
      } else if (rows.length === 0) {
        ctx.stdout.write("no rate tables (create one with 'ccard rates create-table NAME')\n");
      } else {
        ctx.stdout.write(table(["TABLE", "CURRENCY", "VERSION", "ROWS"], rows.map((r) => [r.name, r.currency, String(r.active_version), String(r.row_count)])));
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const createTableCommand: Command = {
  name: "create-table",
  summary: "create an empty rate table",
  usage: `Usage: ccard rates create-table NAME [--currency USD]

NAME: 1-64 letters, digits, '.', '_', '-'. The currency is an ISO 4217 code (default USD).`,
  options: { currency: { type: "string" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const t = createTable(db, name, optionalString(args, "currency") ?? "USD");
      ctx.stdout.write(`created rate table '${t.name}' (${t.currency})\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
