/** `ccard rates tables`, `ccard rates create-table` and `ccard rates cancel`. */
import { arg, required, withDefault } from "../../options/declare";
import { currency, name, wholeNumber } from "../../options/values";
import { command } from "../../framework/command";
import { Failure } from "../../exit";
import { changed, Column, listOf } from "../../output/print";
import { findRateTable, refuseTaken } from "../../store/lookups";
import { nowSeconds, timeText } from "../../time";
import { DeckVersion, deleteRows, findVersion, pendingAfter, versionAt } from "./versions";

interface PendingView {
  version: number;
  effective_at: number;
  row_count: number;
}

interface TableView {
  name: string;
  currency: string;
  /** The version in force now (0: none yet). */
  active_version: number;
  row_count: number;
  /** Versions loaded to take effect later, soonest first. */
  pending: PendingView[];
}

const COLUMNS: Column<TableView>[] = [
  { header: "TABLE", cell: (t) => t.name },
  { header: "CURRENCY", cell: (t) => t.currency },
  { header: "VERSION", cell: (t) => String(t.active_version) },
  { header: "ROWS", cell: (t) => String(t.row_count) },
  { header: "PENDING", cell: (t) => (t.pending.length === 0 ? "-" : t.pending.map((p) => `v${p.version} from ${timeText(p.effective_at)}`).join(", ")) },
];

const pendingView = (v: DeckVersion): PendingView => ({ version: v.version, effective_at: v.effective_at, row_count: v.row_count });

export const tablesCommand = command({
  name: "tables",
  summary: "list rate tables with the deck version in force, its row count and the versions pending",
  db: "read",
  async run(_input, { db }) {
    const now = nowSeconds();
    const tables = await db.all<{ id: number; name: string; currency: string }>("SELECT id, name, currency FROM rate_tables ORDER BY name");
    const rows: TableView[] = [];
    for (const t of tables) {
      const current = await versionAt(db, t.id, now);
      const pending = (await pendingAfter(db, t.id, now)).map(pendingView);
      rows.push({ name: t.name, currency: t.currency, active_version: current?.version ?? 0, row_count: current?.row_count ?? 0, pending });
    }
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
    await db.insert("rate_tables", { name: o.table, currency: o.currency, created_at: nowSeconds() });
    const view: TableView = { name: o.table, currency: o.currency, active_version: 0, row_count: 0, pending: [] };
    return changed(`created rate table '${o.table}' (${o.currency})`, view);
  },
});

export const cancelCommand = command({
  name: "cancel",
  summary: "withdraw a deck version that has not taken effect yet",
  about: "Only a pending version (see 'ccard rates tables') can be cancelled: calls never saw it, and the version in force stays.",
  options: {
    table: required(name("rate table"), "the rate table"),
    version: required(wholeNumber(1), "the pending version to withdraw"),
  },
  db: "write",
  async run(o, { db }) {
    const table = await findRateTable(db, o.table);
    const v = await findVersion(db, table, o.version);
    // The guard is the effective time still ahead, in the very statement: a version that took
    // effect meanwhile stays.
    const withdrawn = await db.run("DELETE FROM rate_versions WHERE table_id = ? AND version = ? AND effective_at > ?", [table.id, o.version, nowSeconds()]);
    if (withdrawn !== 1) {
      throw new Failure("WRONG_STATE", `version ${o.version} of '${o.table}' took effect at ${timeText(v.effective_at)}; import a new deck to replace it`);
    }
    await deleteRows(db, table.id, o.version);
    return changed(`cancelled version ${o.version} of '${o.table}' (was to take effect at ${timeText(v.effective_at)})`, { table: o.table, ...pendingView(v) });
  },
});
