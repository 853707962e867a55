import { arg } from "../../options/declare";
import { name } from "../../options/values";
import { command } from "../../framework/command";
import { listOf, recordOf } from "../../output/print";
import { findProduct } from "../../store/lookups";
import type { ProductRow } from "../../store/records";
import { PRODUCT_COLUMNS, PRODUCT_FIELDS, productView } from "./view";

export const productsShow = command({
  name: "show",
  summary: "show every setting of a product",
  args: { product: arg("NAME", name("product")) },
  db: "read",
  async run({ product }, { db }) {
    return recordOf(await productView(db, await findProduct(db, product)), PRODUCT_FIELDS);
  },
});

export const productsList = command({
  name: "list",
  summary: "list the products",
  db: "read",
  async run(_input, { db }) {
    const products = await db.all<ProductRow>("SELECT * FROM products ORDER BY name");
    const views = [];
    for (const p of products) views.push(await productView(db, p));
    return listOf(views, PRODUCT_COLUMNS, "no products (add one with 'ccard products add NAME --rate-table T')");
  },
});
