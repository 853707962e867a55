import { Command, positionals } from "../../framework";
import { flag, lastValidDate } from "../../options";
import { moneyText, printFields, printJson, printTable } from "../../output";
import type { Db } from "../../store/db";
import { ProductRow, findProduct } from "../../store/records";

/** The expiry policy in the syntax --expiry accepts. */
export function expiryText(p: ProductRow): string {
  switch (p.expiry_kind) {
    case "fixed":
      return `fixed:${lastValidDate(p.expiry_date as number)}`;
    case "after_first_use":
      return `after-first-use:${p.expiry_days}`;
    case "after_creation":
      return `after-creation:${p.expiry_days}`;
    default:
      return "none";
  }
}

interface ProductView extends ProductRow {
  rate_table: string;
  access_numbers: string[];
  expiry: string;
  cards: number;
  accounts: number;
}

function view(db: Db, p: ProductRow): ProductView {
  const rt = db.prepare("SELECT name FROM rate_tables WHERE id = ?").get(p.rate_table_id) as { name: string };
  const dnis = (db.prepare("SELECT dnis FROM access_numbers WHERE product_id = ? ORDER BY dnis").all(p.id) as { dnis: string }[]).map((r) => r.dnis);
  const cards = (db.prepare("SELECT COUNT(*) AS n FROM cards WHERE product_id = ?").get(p.id) as { n: number }).n;
  const accounts = (db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE product_id = ? AND kind = 'master'").get(p.id) as { n: number }).n;
  return { ...p, rate_table: rt.name, access_numbers: dnis, expiry: expiryText(p), cards, accounts };
}

export const productsShow: Command = {
  name: "show",
  summary: "show every setting of a product",
  usage: `Usage: ccard products show NAME [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    const [name] = positionals(args, ["name"]);
    const db = ctx.openDb();
    try {
      const v = view(db, findProduct(db, name));
      if (flag(args, "json")) {
        printJson(ctx, v);
        return 0;
      }
      const m = (x: number): string => moneyText(x, v.currency);
      printFields(ctx, [
        ["name", v.name],
        ["id", String(v.id)],
        ["kind", v.kind],
        ["access numbers", v.access_numbers.join(", ") || "(none)"],
        ["language", v.language],
        ["currency", v.currency],
        ["rate table", v.rate_table],
        ["connect fee", m(v.connect_fee_micros)],
        ["disconnect fee", m(v.disconnect_fee_micros)],
        ["max concurrent calls", String(v.max_concurrent_calls)],
        ["max call seconds", String(v.max_call_seconds)],
        ["pin length", String(v.pin_length)],
        ["pin max tries", String(v.pin_max_tries)],
        ["expiry", v.expiry],
        ["maintenance", v.maintenance_every_days > 0 ? `${m(v.maintenance_fee_micros)} every ${v.maintenance_every_days} days after first use` : "none"],
        ["international prefixes", v.international_prefixes],
        ["national prefix", v.national_prefix || "(none)"],
        ["country code", v.country_code || "(none)"],
        ["national number length", String(v.national_number_length)],
        ["lockout", `${v.lockout_failures} failures within ${v.lockout_window_seconds} s`],
        ["cards", String(v.cards)],
        ["master accounts", String(v.accounts)],
      ]);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const productsList: Command = {
  name: "list",
  summary: "list the products",
  usage: `Usage: ccard products list [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const db = ctx.openDb();
    try {
      const views = (db.prepare("SELECT * FROM products ORDER BY name").all() as ProductRow[]).map((p) => view(db, p));
      if (flag(args, "json")) {
        printJson(ctx, views);
        return 0;
      }
      printTable(
        ctx,
        ["NAME", "KIND", "CURRENCY", "RATE TABLE", "CARDS", "ACCOUNTS", "ACCESS NUMBERS"],
        views.map((v) => [v.name, v.kind, v.currency, v.rate_table, String(v.cards), String(v.accounts), v.access_numbers.join(",")]),
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
