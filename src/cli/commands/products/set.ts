import { CliError, Command, positionals } from "../../framework";
import { findProduct } from "../../store/records";
import { PRODUCT_OPTIONS, PRODUCT_OPTIONS_USAGE, checkProduct, parseAccessNumbers, parseProductFields } from "./fields";

export const productsSet: Command = {
  name: "set",
  summary: "change settings of a product (only the options given)",
  usage: `Usage: ccard products set NAME [options]

Changes only the settings given. --access-number (repeatable) replaces the product's whole
list of access numbers. --kind and --currency cannot change once the product has accounts.

${PRODUCT_OPTIONS_USAGE}`,
  options: PRODUCT_OPTIONS,
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const old = findProduct(db, name);
      const fields = parseProductFields(db, args);
      const dnis = parseAccessNumbers(db, args, old.id);
      if (Object.keys(fields).length === 0 && dnis === undefined) throw new CliError("nothing to change: give at least one option (see --help)");
      const hasAccounts = db.prepare("SELECT 1 FROM accounts WHERE product_id = ? LIMIT 1").get(old.id) !== undefined;
      for (const k of ["kind", "currency"] as const) {
        if (fields[k] !== undefined && fields[k] !== old[k] && hasAccounts) throw new CliError(`--${k} cannot change: product '${name}' already has accounts`);
      }
      checkProduct(db, { ...old, ...fields });
      const cols = Object.keys(fields) as (keyof typeof fields)[];
      db.transaction(() => {
        if (cols.length > 0) {
          db.prepare(`UPDATE products SET ${cols.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`).run(...cols.map((c) => fields[c]), old.id);
        }
        if (dnis !== undefined) {
          db.prepare("DELETE FROM access_numbers WHERE product_id = ?").run(old.id);
          const ins = db.prepare("INSERT INTO access_numbers (dnis, product_id) VALUES (?, ?)");
          for (const d of dnis) ins.run(d, old.id);
        }
      }).immediate();
      ctx.stdout.write(`product '${name}' updated\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
