import { Failure, UsageError } from "../../exit";
import { arg } from "../../options/declare";
import { name } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { findProduct, findRateTable } from "../../store/lookups";
import { updateById } from "../../store/update";
import { PRODUCT_OPTIONS, accessNumberRows, checkAccessNumbers, checkProduct, checkProductOptions, productFields, refusePastExpiry } from "./settings";
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
    if (Object.keys(productFields(o)).length === 0 && o.rateTable === undefined && o.accessNumber.length === 0 && o.balanceNumber.length === 0) {
      throw new UsageError("NOTHING_TO_DO", "nothing to change: give at least one option (see --help)");
    }
  },
  db: "write",
  async run(o, { db }) {
    const old = await findProduct(db, o.product);
    refusePastExpiry(o);
    const fields = productFields(o);
    if (o.rateTable !== undefined) fields.rate_table_id = (await findRateTable(db, o.rateTable)).id;
    await checkAccessNumbers(db, [...o.accessNumber, ...o.balanceNumber], old.id);
    const count = async (purpose: string, given: string[]): Promise<number> => given.length > 0 ? given.length
      : ((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM access_numbers WHERE product_id = ? AND purpose = ?", [old.id, purpose]))?.n ?? 0);
    const numbers = { calls: await count("calls", o.accessNumber), balance: await count("balance", o.balanceNumber) };
    const hasAccounts = (await db.get("SELECT 1 AS x FROM accounts WHERE product_id = ? LIMIT 1", [old.id])) !== undefined;
    for (const k of ["kind", "currency", "vouchers"] as const) {
      if (fields[k] !== undefined && fields[k] !== old[k] && hasAccounts) throw new Failure("PRODUCT_RULE", `--${k} cannot change: product '${o.product}' already has accounts`);
    }
    await checkProduct(db, { ...old, ...fields }, numbers);
    await db.transaction(async (tx) => {
      await updateById(tx, "products", old.id, fields);
      // Each list given replaces the product's numbers of its purpose.
      for (const [purpose, list] of [["calls", o.accessNumber], ["balance", o.balanceNumber]] as const) {
        if (list.length === 0) continue;
        await tx.run("DELETE FROM access_numbers WHERE product_id = ? AND purpose = ?", [old.id, purpose]);
        await tx.insertMany("access_numbers", accessNumberRows(old.id, { accessNumber: purpose === "calls" ? list : [], balanceNumber: purpose === "balance" ? list : [] }));
      }
    });
    return changed(`product '${o.product}' updated`, await productView(db, await findProduct(db, o.product)));
  },
});
