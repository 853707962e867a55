/** `ccard rates tables` and `ccard rates create-table`. */
import { arg, withDefault } from "../../options/declare";
import { currency, name } from "../../options/values";
import { command } from "../../framework/command";
import { changed, Column, listOf } from "../../output/print";
import { refuseTaken } from "../../store/lookups";
import { nowSeconds } from "../../time";

interface TableView {
  name: string;
  currency: string;
  active_version: number;
  row_count: number;
}

const COLUMNS: Column<TableView>[] = [
  { header: "TABLE", cell: (t) => t.name },
  { header: "CURRENCY", cell: (t) => t.currency },
  { header: "VERSION", cell: (t) => String(t.active_version) },
  { header: "ROWS", cell: (t) => String(t.row_count) },
];

export const tablesCommand = command({
  name: "tables",
  summary: "list rate tables with their active deck version and row count",
  db: "read",
  async run(_input, { db }) {
    const rows = await db.all<TableView>(
      "SELECT t.name, t.currency, t.active_version, " +
        "(SELECT COUNT(*) FROM rates r WHERE r.table_id = t.id AND r.version = t.active_version) AS row_count " +
        "FROM rate_tables t ORDER BY t.name",
    );
    return listOf(rows, COLUMNS, "no rate tables (create one with 'ccard rates create-table NAME')");
  },
});

export const createTableCommand = command({
  name: "create-table",
  summary: "create an empty rate table",
  args: { table: arg("NAME", name("rate table")) },
  options: { currency: withDefault(currency, "currency of its prices (ISO 4217)", "USD") },
  db: "write",
  async run(o, { db }) {
    await refuseTaken(db, "rate_tables", o.table);
    await db.insert("rate_tables", { name: o.table, currency: o.currency, active_version: 0, created_at: nowSeconds() });
    const view: TableView = { name: o.table, currency: o.currency, active_version: 0, row_count: 0 };
    return changed(`created rate table '${o.table}' (${o.currency})`, view);
  },
});
