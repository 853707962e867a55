import { Failure } from "../../exit";
import { arg, flag, option, required, withDefault } from "../../options/declare";
import { limitOption } from "../../options/common";
import { amount, name, printable, recordId, wholeNumber } from "../../options/values";
import { command } from "../../framework/command";
import { changed, listOf, recordOf } from "../../output/print";
import { moneyText } from "../../output/format";
import { changeBalance, latestLedger, LedgerRow } from "../../store/ledger";
import { findAccount, findProduct } from "../../store/lookups";
import type { SqlValue } from "../../store/store";
import { nowSeconds } from "../../time";
import { ACCOUNT_COLUMNS, LEDGER_COLUMNS, accountDocument, accountFields, accountViews } from "./view";

export const accountsCreate = command({
  name: "create",
  summary: "create a master (retail) account",
  about: `Creates a master account of a retail product, in the product's currency. --balance is
credited with a 'credit' ledger row. Map caller IDs to it with 'ccard cli add'.`,
  options: {
    product: required(name("product"), "a product of kind retail"),
    name: required(printable(1, 100, "NAME"), "the account holder, as the operator knows them"),
    balance: withDefault(amount(), "opening balance", 0),
  },
  db: "write",
  async run(o, { db }) {
    const p = await findProduct(db, o.product);
    if (p.kind !== "retail") throw new Failure("WRONG_KIND", `product '${p.name}' is a card product: master accounts belong to retail products`);
    const { id, ledger } = await db.transaction(async (tx) => {
      const aid = await tx.insertId("accounts", { product_id: p.id, kind: "master", name: o.name, currency: p.currency, created_at: nowSeconds() });
      const entries: LedgerRow[] = o.balance > 0 ? [await changeBalance(tx, aid, { amountMicros: o.balance, reason: "credit", note: "opening balance" })] : [];
      return { id: aid, ledger: entries };
    });
    return changed(`account ${id} created ('${o.name}', ${moneyText(o.balance, p.currency)})`, await accountDocument(db, id, ledger));
  },
});

export const accountsShow = command({
  name: "show",
  summary: "show an account: balance, held, available, caller IDs and recent ledger",
  args: { id: arg("ID", recordId, "account id") },
  options: { ledger: withDefault(wholeNumber(0, 1000), "how many of the latest ledger rows to include", 10) },
  db: "read",
  async run(o, { db }) {
    await findAccount(db, o.id);
    const doc = await accountDocument(db, o.id, await latestLedger(db, o.id, o.ledger));
    return recordOf(doc, accountFields(doc), listOf(doc.ledger, LEDGER_COLUMNS(doc.currency), ""));
  },
});

export const accountsList = command({
  name: "list",
  summary: "list master accounts (card accounts with --all)",
  options: {
    product: option(name("product"), "only the accounts of this product"),
    all: flag("include the accounts behind cards"),
    limit: limitOption(100),
  },
  db: "read",
  async run(o, { db }) {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (!o.all) where.push("a.kind = 'master'");
    if (o.product !== undefined) {
      where.push("a.product_id = ?");
      params.push((await findProduct(db, o.product)).id);
    }
    return listOf(await accountViews(db, where, params, o.limit), ACCOUNT_COLUMNS, "no accounts");
  },
});
