import { CliError, Command, positionals } from "../../framework";
import { flag, intValue, str, timeText } from "../../options";
import { moneyText, printFields, printJson, printTable } from "../../output";
import type { Db } from "../../store/db";
import { findCard } from "../../store/records";

const STATES = ["new", "active", "blocked", "void"];

/** A card as list/show print it (no PIN unless asked). */
export interface CardView {
  serial: string;
  state: string;
  product: string;
  batch_id: number;
  account_id: number;
  currency: string;
  balance_micros: number;
  held_micros: number;
  created_at: number;
  first_used_at: number | null;
  expires_at: number | null;
  pin?: string;
}

const VIEW_SQL = `SELECT c.serial, c.state, p.name AS product, c.batch_id, c.account_id, a.currency, a.balance_micros,
  a.held_micros, c.created_at, c.first_used_at, c.expires_at
  FROM cards c JOIN accounts a ON a.id = c.account_id JOIN products p ON p.id = c.product_id`;

function cardViews(db: Db, where: string[], params: unknown[], limit: number): CardView[] {
  const sql = `${VIEW_SQL}${where.length > 0 ? " WHERE " + where.join(" AND ") : ""} ORDER BY c.serial LIMIT ?`;
  return db.prepare(sql).all(...params, limit) as CardView[];
}

export const cardsList: Command = {
  name: "list",
  summary: "list cards (by batch or state), in serial order",
  usage: `Usage: ccard cards list [--batch ID] [--state new|active|blocked|void] [--limit N] [--json]

  --limit N   at most N cards, 1-1000000 (default 100)`,
  options: { batch: { type: "string" }, state: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const where: string[] = [];
    const params: unknown[] = [];
    const batch = str(args, "batch");
    if (batch !== undefined) {
      where.push("c.batch_id = ?");
      params.push(intValue("--batch", batch, 1, Number.MAX_SAFE_INTEGER));
    }
    const state = str(args, "state");
    if (state !== undefined) {
      if (!STATES.includes(state)) throw new CliError(`--state '${state}' is not one of ${STATES.join(", ")}`);
      where.push("c.state = ?");
      params.push(state);
    }
    const limitText = str(args, "limit");
    const limit = limitText === undefined ? 100 : intValue("--limit", limitText, 1, 1000000);
    const db = ctx.openDb();
    try {
      if (batch !== undefined && db.prepare("SELECT 1 FROM batches WHERE id = ?").get(params[0]) === undefined) throw new CliError(`no batch ${batch}`);
      const rows = cardViews(db, where, params, limit);
      if (flag(args, "json")) printJson(ctx, rows);
      else {
        printTable(
          ctx,
          ["SERIAL", "STATE", "PRODUCT", "BATCH", "BALANCE", "EXPIRES"],
          rows.map((r) => [r.serial, r.state, r.product, String(r.batch_id), moneyText(r.balance_micros, r.currency), timeText(r.expires_at)]),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const cardsShow: Command = {
  name: "show",
  summary: "show one card: state, balance, dates",
  usage: `Usage: ccard cards show SERIAL [--show-pin] [--json]`,
  options: { json: { type: "boolean" }, "show-pin": { type: "boolean" } },
  run(args, ctx) {
    const [serial] = positionals(args, ["serial"]);
    const db = ctx.openDb();
    try {
      const card = findCard(db, serial);
      const v = cardViews(db, ["c.id = ?"], [card.id], 1)[0];
      if (flag(args, "show-pin")) v.pin = card.pin;
      if (flag(args, "json")) {
        printJson(ctx, v);
        return 0;
      }
      const fields: [string, string][] = [
        ["serial", v.serial],
        ["state", v.state],
        ["product", v.product],
        ["batch", String(v.batch_id)],
        ["account", String(v.account_id)],
        ["balance", moneyText(v.balance_micros, v.currency)],
        ["held", moneyText(v.held_micros, v.currency)],
        ["created", timeText(v.created_at)],
        ["first used", timeText(v.first_used_at) || "never"],
        ["expires", timeText(v.expires_at) || "not set"],
      ];
      if (v.pin !== undefined) fields.push(["pin", v.pin]);
      printFields(ctx, fields);
      return 0;
    } finally {
      db.close();
    }
  },
};
