/**
 * `ccard products block|unblock PRODUCT --prefix P …`: destinations a product's callers may not
 * dial (premium and satellite numbers: 881, 882, 900 …), refused before rating with their own
 * prompt. `ccard products show` lists them.
 */
import { UsageError } from "../../exit";
import { arg, repeated } from "../../options/declare";
import { digits, name } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { findProduct } from "../../store/lookups";
import type { Sql } from "../../store/store";
import { nowSeconds } from "../../time";

const OPTIONS = { prefix: repeated(digits(1, 15), "an E.164 prefix (country code first, no '+'); repeat for several") };

function prefixesOf(o: { prefix: string[] }): string[] {
  if (o.prefix.length === 0) throw new UsageError("MISSING_OPTION", "give at least one --prefix");
  return [...new Set(o.prefix)].sort();
}

async function listOf(db: Sql, productId: number): Promise<string[]> {
  return (await db.all<{ prefix: string }>("SELECT prefix FROM blocked_prefixes WHERE product_id = ? ORDER BY prefix", [productId])).map((r) => r.prefix);
}

export const productsBlock = command({
  name: "block",
  summary: "refuse calls to destinations starting with these prefixes for a product's callers",
  args: { product: arg("PRODUCT", name("product")) },
  options: OPTIONS,
  check: (o) => void prefixesOf(o),
  db: "write",
  async run(o, { db }) {
    const p = await findProduct(db, o.product);
    const have = new Set(await listOf(db, p.id));
    const added = prefixesOf(o).filter((x) => !have.has(x));
    await db.insertMany("blocked_prefixes", added.map((prefix) => ({ product_id: p.id, prefix, created_at: nowSeconds() })));
    const now = await listOf(db, p.id);
    return changed(`product '${o.product}' blocks ${now.join(", ")} (${added.length} added)`, { product: o.product, blocked_prefixes: now, added });
  },
});

export const productsUnblock = command({
  name: "unblock",
  summary: "allow calls again to destinations a product blocked",
  args: { product: arg("PRODUCT", name("product")) },
  options: OPTIONS,
  check: (o) => void prefixesOf(o),
  db: "write",
  async run(o, { db }) {
    const p = await findProduct(db, o.product);
    const removed: string[] = [];
    for (const prefix of prefixesOf(o)) {
      if ((await db.run("DELETE FROM blocked_prefixes WHERE product_id = ? AND prefix = ?", [p.id, prefix])) === 1) removed.push(prefix);
    }
    const now = await listOf(db, p.id);
    return changed(`product '${o.product}' blocks ${now.join(", ") || "nothing"} (${removed.length} removed)`, { product: o.product, blocked_prefixes: now, removed });
  },
});
