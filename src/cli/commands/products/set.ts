import { Failure, UsageError } from "../../exit";
import { arg } from "../../options/declare";
import { name } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { findProduct, findRateTable } from "../../store/lookups";
import { updateById } from "../../store/update";
import { PRODUCT_OPTIONS, checkAccessNumbers, checkProduct, checkProductOptions, productFields, refusePastExpiry } from "./settings";
import { productView } from "./view";

export const productsSet = command({
  name: "set",
  summary: "change settings of a product (only the options given)",
  about: `Changes only the settings given. --access-number (repeatable) replaces the product's whole
list of access numbers. --kind and --currency cannot change once the product has accounts.
The defaults shown are those of a new product ('ccard products add').`,
  args: { product: arg("NAME", name("product")) },
  options: PRODUCT_OPTIONS,
  check(o) {
    checkProductOptions(o);
    if (Object.keys(productFields(o)).length === 0 && o.rateTable === undefined && o.accessNumber.length === 0) {
      throw new UsageError("NOTHING_TO_DO", "nothing to change: give at least one option (see --help)");
    }
  },
  db: "write",
  async run(o, { db }) {
    const old = await findProduct(db, o.product);
    refusePastExpiry(o);
    const fields = productFields(o);
    if (o.rateTable !== undefined) fields.rate_table_id = (await findRateTable(db, o.rateTable)).id;
    await checkAccessNumbers(db, o.accessNumber, old.id);
    const hasAccounts = (await db.get("SELECT 1 AS x FROM accounts WHERE product_id = ? LIMIT 1", [old.id])) !== undefined;
    for (const k of ["kind", "currency"] as const) {
      if (fields[k] !== undefined && fields[k] !== old[k] && hasAccounts) throw new Failure("PRODUCT_RULE", `--${k} cannot change: product '${o.product}' already has accounts`);
    }
    await checkProduct(db, { ...old, ...fields });
    await db.transaction(async (tx) => {
      await updateById(tx, "products", old.id, fields);
      if (o.accessNumber.length > 0) {
        await tx.run("DELETE FROM access_numbers WHERE product_id = ?", [old.id]);
        await tx.insertMany("access_numbers", o.accessNumber.map((dnis) => ({ dnis, product_id: old.id })));
      }
    });
    return changed(`product '${o.product}' updated`, await productView(db, await findProduct(db, o.product)));
  },
});
