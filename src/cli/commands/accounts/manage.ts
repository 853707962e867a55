import { CliError, Command, UsageError, positionals } from "../../framework";
import { flag, intValue, moneyValue, str, timeText } from "../../options";
import { moneyText, printFields, printJson, printTable } from "../../output";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { changeBalance } from "../../store/ledger";
import { findAccount, findProduct } from "../../store/records";

interface AccountView {
  id: number;
  product: string;
  kind: string;
  name: string;
  currency: string;
  balance_micros: number;
  held_micros: number;
  available_micros: number;
  state: string;
  created_at: number;
  card_serial: string | null;
}

const VIEW_SQL = `SELECT a.id, p.name AS product, a.kind, a.name, a.currency, a.balance_micros, a.held_micros,
  a.balance_micros - a.held_micros AS available_micros, a.state, a.created_at, c.serial AS card_serial
  FROM accounts a JOIN products p ON p.id = a.product_id LEFT JOIN cards c ON c.account_id = a.id`;

function accountView(db: Db, id: number): AccountView {
  return db.prepare(`${VIEW_SQL} WHERE a.id = ?`).get(id) as AccountView;
}

export const accountsCreate: Command = {
  name: "create",
  summary: "create a master (retail) account",
  usage: `Usage: ccard accounts create --product P --name NAME [--balance AMOUNT]

Creates a master account of a retail product, in the product's currency. --balance (default 0)
is credited with a 'credit' ledger row. Map caller IDs to it with 'ccard cli add'.`,
  options: { product: { type: "string" }, name: { type: "string" }, balance: { type: "string" } },
  run(args, ctx) {
    positionals(args, []);
    const productName = str(args, "product");
    const name = str(args, "name");
    if (productName === undefined) throw new UsageError("--product is required");
    if (name === undefined) throw new UsageError("--name is required");
    if (name.trim() === "" || name.length > 100 || /[\x00-\x1f\x7f]/.test(name)) throw new CliError("--name must be 1-100 printable characters");
    const balanceText = str(args, "balance");
    const balance = balanceText === undefined ? 0 : moneyValue("--balance", balanceText);
    const db = ctx.openDb();
    try {
      const p = findProduct(db, productName);
      if (p.kind !== "retail") throw new CliError(`product '${p.name}' is a card product: master accounts belong to retail products`);
      const id = db
        .transaction(() => {
          const r = db.prepare("INSERT INTO accounts (product_id, kind, name, currency, created_at) VALUES (?, 'master', ?, ?, ?)").run(p.id, name, p.currency, nowSeconds());
          const aid = Number(r.lastInsertRowid);
          if (balance > 0) changeBalance(db, aid, { amountMicros: balance, reason: "credit", note: "opening balance" });
          return aid;
        })
        .immediate();
      ctx.stdout.write(`account ${id} created ('${name}', ${moneyText(balance, p.currency)})\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const accountsShow: Command = {
  name: "show",
  summary: "show an account: balance, held, available, caller IDs and recent ledger",
  usage: `Usage: ccard accounts show ID [--ledger N] [--json]

  --ledger N   how many of the latest ledger rows to include, 0-1000 (default 10)`,
  options: { json: { type: "boolean" }, ledger: { type: "string" } },
  run(args, ctx) {
    const [idText] = positionals(args, ["id"]);
    const ledgerText = str(args, "ledger");
    const n = ledgerText === undefined ? 10 : intValue("--ledger", ledgerText, 0, 1000);
    const db = ctx.openDb();
    try {
      const v = accountView(db, findAccount(db, idText).id);
      const clis = (db.prepare("SELECT cli FROM cli_map WHERE account_id = ? ORDER BY cli").all(v.id) as { cli: string }[]).map((r) => r.cli);
      const ledger = db
        .prepare("SELECT id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, note, created_at FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT ?")
        .all(v.id, n) as { id: number; reason: string; amount_micros: number; balance_after_micros: number; ref: string; note: string; created_at: number }[];
      if (flag(args, "json")) {
        printJson(ctx, { ...v, clis, ledger });
        return 0;
      }
      const m = (x: number): string => moneyText(x, v.currency);
      const fields: [string, string][] = [
        ["account", String(v.id)],
        ["kind", v.kind],
        ["name", v.name],
        ["product", v.product],
        ["state", v.state],
        ["balance", m(v.balance_micros)],
        ["held", m(v.held_micros)],
        ["available", m(v.available_micros)],
        ["caller IDs", clis.join(", ") || "(none)"],
        ["created", timeText(v.created_at)],
      ];
      if (v.card_serial !== null) fields.splice(2, 0, ["card", v.card_serial]);
      printFields(ctx, fields);
      if (ledger.length > 0) {
        ctx.stdout.write("\n");
        printTable(ctx, ["LEDGER", "WHEN", "REASON", "AMOUNT", "AFTER", "REF", "NOTE"], ledger.map((l) => [String(l.id), timeText(l.created_at), l.reason, m(l.amount_micros), m(l.balance_after_micros), l.ref, l.note]));
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const accountsList: Command = {
  name: "list",
  summary: "list master accounts (card accounts with --all)",
  usage: `Usage: ccard accounts list [--product P] [--all] [--limit N] [--json]

  --all       include the accounts behind cards
  --limit N   at most N accounts, 1-1000000 (default 100)`,
  options: { product: { type: "string" }, all: { type: "boolean" }, limit: { type: "string" }, json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const limitText = str(args, "limit");
    const limit = limitText === undefined ? 100 : intValue("--limit", limitText, 1, 1000000);
    const db = ctx.openDb();
    try {
      const where: string[] = [];
      const params: unknown[] = [];
      if (!flag(args, "all")) where.push("a.kind = 'master'");
      const productName = str(args, "product");
      if (productName !== undefined) {
        where.push("a.product_id = ?");
        params.push(findProduct(db, productName).id);
      }
      const rows = db.prepare(`${VIEW_SQL}${where.length > 0 ? " WHERE " + where.join(" AND ") : ""} ORDER BY a.id LIMIT ?`).all(...params, limit) as AccountView[];
      if (flag(args, "json")) printJson(ctx, rows);
      else {
        printTable(
          ctx,
          ["ID", "KIND", "NAME", "PRODUCT", "STATE", "BALANCE", "AVAILABLE"],
          rows.map((a) => [String(a.id), a.kind, a.card_serial ?? a.name, a.product, a.state, moneyText(a.balance_micros, a.currency), moneyText(a.available_micros, a.currency)]),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
