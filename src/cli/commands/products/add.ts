import { CliError, Command, UsageError, positionals } from "../../framework";
import { nowSeconds } from "../../store/db";
import { ProductRow, findRateTable } from "../../store/records";
import { PRODUCT_OPTIONS, PRODUCT_OPTIONS_USAGE, checkProduct, parseAccessNumbers, parseProductFields } from "./fields";

/** Column defaults of a new product (the schema's defaults, stated once for the checks). */
const DEFAULTS: Omit<ProductRow, "id" | "name" | "created_at" | "rate_table_id" | "currency"> = {
  kind: "card",
  language: "en",
  connect_fee_micros: 0,
  disconnect_fee_micros: 0,
  max_concurrent_calls: 1,
  pin_length: 12,
  pin_max_tries: 3,
  expiry_kind: "none",
  expiry_date: null,
  expiry_days: null,
  maintenance_fee_micros: 0,
  maintenance_every_days: 0,
  max_call_seconds: 7200,
  international_prefixes: "00,011",
  national_prefix: "",
  country_code: "",
  national_number_length: 0,
  lockout_failures: 5,
  lockout_window_seconds: 3600,
};

/** Product names: letters, digits, '.', '_' and '-', up to 64 characters. */
export function checkProductName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new CliError(`product name '${name}' must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit)`);
  }
}

export const productsAdd: Command = {
  name: "add",
  summary: "create a product (card brand or retail plan)",
  usage: `Usage: ccard products add NAME --rate-table NAME [options]

${PRODUCT_OPTIONS_USAGE}`,
  options: PRODUCT_OPTIONS,
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    if (args.values["rate-table"] === undefined) throw new UsageError("--rate-table is required");
    checkProductName(name);
    const db = ctx.openDb();
    try {
      if (db.prepare("SELECT 1 FROM products WHERE name = ?").get(name) !== undefined) throw new CliError(`product '${name}' already exists (change it with 'ccard products set')`);
      const fields = parseProductFields(db, args);
      const dnis = parseAccessNumbers(db, args, undefined) ?? [];
      const table = findRateTable(db, args.values["rate-table"] as string);
      const row = { ...DEFAULTS, name, rate_table_id: table.id, currency: table.currency, ...fields };
      checkProduct(db, row);
      const cols = Object.keys(row) as (keyof typeof row)[];
      const id = db.transaction(() => {
        const r = db
          .prepare(`INSERT INTO products (${cols.join(", ")}, created_at) VALUES (${cols.map(() => "?").join(", ")}, ?)`)
          .run(...cols.map((c) => row[c]), nowSeconds());
        const pid = Number(r.lastInsertRowid);
        const ins = db.prepare("INSERT INTO access_numbers (dnis, product_id) VALUES (?, ?)");
        for (const d of dnis) ins.run(d, pid);
        return pid;
      }).immediate();
      ctx.stdout.write(`product '${name}' created (id ${id})\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
