import { arg, required } from "../../options/declare";
import { name } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { findRateTable, refuseTaken } from "../../store/lookups";
import type { ProductRow } from "../../store/records";
import { nowSeconds } from "../../time";
import { PRODUCT_OPTIONS, accessNumberRows, checkAccessNumbers, checkProduct, checkProductOptions, productFields, refusePastExpiry } from "./settings";
import { productView } from "./view";

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
  announce_rate: 0,
  announce_call_cost: 0,
  cap_calls: 0,
  cap_money_micros: 0,
  language_menu: "",
  vouchers: 0,
  voucher_key: "",
};

export const productsAdd = command({
  name: "add",
  summary: "create a product (card brand or retail plan)",
  args: { product: arg("NAME", name("product")) },
  options: { ...PRODUCT_OPTIONS, rateTable: required(name("rate table"), "the rate table callers are charged from") },
  check: (o) => checkProductOptions(o),
  db: "write",
  async run(o, { db }) {
    await refuseTaken(db, "products", o.product, " (change it with 'ccard products set')");
    refusePastExpiry(o);
    await checkAccessNumbers(db, [...o.accessNumber, ...o.balanceNumber], undefined);
    const table = await findRateTable(db, o.rateTable);
    const row = { ...DEFAULTS, name: o.product, rate_table_id: table.id, currency: table.currency, ...productFields(o) };
    await checkProduct(db, row, { calls: o.accessNumber.length, balance: o.balanceNumber.length });
    const id = await db.transaction(async (tx) => {
      const pid = await tx.insertId("products", { ...row, created_at: nowSeconds() });
      await tx.insertMany("access_numbers", accessNumberRows(pid, o));
      return pid;
    });
    const created = await db.get<ProductRow>("SELECT * FROM products WHERE id = ?", [id]);
    return changed(`product '${o.product}' created (id ${id})`, await productView(db, created as ProductRow));
  },
});
