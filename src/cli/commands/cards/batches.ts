import { CliError, Command, positionals } from "../../framework";
import { flag, intValue, timeText } from "../../options";
import { moneyText, printFields, printJson, printTable } from "../../output";
import type { Db } from "../../store/db";
import { batchesExport } from "./export";

interface BatchView {
  id: number;
  product: string;
  currency: string;
  card_count: number;
  value_micros: number;
  state: string;
  first_serial: string;
  last_serial: string;
  created_at: number;
  cards_by_state?: Record<string, number>;
}

const VIEW_SQL = `SELECT b.id, p.name AS product, p.currency, b.card_count, b.value_micros, b.state, b.first_serial,
  b.last_serial, b.created_at FROM batches b JOIN products p ON p.id = b.product_id`;

function findBatch(db: Db, idText: string): BatchView {
  const id = intValue("batch id", idText, 1, Number.MAX_SAFE_INTEGER);
  const row = db.prepare(`${VIEW_SQL} WHERE b.id = ?`).get(id) as BatchView | undefined;
  if (row === undefined) throw new CliError(`no batch ${idText}`);
  return row;
}

export const batchesList: Command = {
  name: "list",
  summary: "list card batches",
  usage: `Usage: ccard batches list [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const db = ctx.openDb();
    try {
      const rows = db.prepare(`${VIEW_SQL} ORDER BY b.id`).all() as BatchView[];
      if (flag(args, "json")) printJson(ctx, rows);
      else {
        printTable(
          ctx,
          ["ID", "PRODUCT", "CARDS", "VALUE", "STATE", "SERIALS", "CREATED"],
          rows.map((b) => [String(b.id), b.product, String(b.card_count), moneyText(b.value_micros, b.currency), b.state, `${b.first_serial}-${b.last_serial}`, timeText(b.created_at)]),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const batchesShow: Command = {
  name: "show",
  summary: "show one batch and how many of its cards are in each state",
  usage: `Usage: ccard batches show ID [--json]`,
  options: { json: { type: "boolean" } },
  run(args, ctx) {
    const [idText] = positionals(args, ["id"]);
    const db = ctx.openDb();
    try {
      const b = findBatch(db, idText);
      const counts: Record<string, number> = { new: 0, active: 0, blocked: 0, void: 0 };
      for (const r of db.prepare("SELECT state, COUNT(*) AS n FROM cards WHERE batch_id = ? GROUP BY state").all(b.id) as { state: string; n: number }[]) counts[r.state] = r.n;
      b.cards_by_state = counts;
      if (flag(args, "json")) {
        printJson(ctx, b);
        return 0;
      }
      printFields(ctx, [
        ["batch", String(b.id)],
        ["product", b.product],
        ["state", b.state],
        ["cards", String(b.card_count)],
        ["value", moneyText(b.value_micros, b.currency)],
        ["serials", `${b.first_serial}-${b.last_serial}`],
        ["created", timeText(b.created_at)],
        ["cards by state", Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ")],
      ]);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const batchesBlock: Command = {
  name: "block",
  summary: "block a batch and every card in it that is new or active",
  usage: `Usage: ccard batches block ID

Blocks the batch and all its new and active cards (void cards stay void). Unblock single cards
with 'ccard cards unblock SERIAL'.`,
  run(args, ctx) {
    const [idText] = positionals(args, ["id"]);
    const db = ctx.openDb();
    try {
      const b = findBatch(db, idText);
      if (b.state === "blocked") throw new CliError(`batch ${b.id} is already blocked`);
      const n = db
        .transaction(() => {
          db.prepare("UPDATE batches SET state = 'blocked' WHERE id = ?").run(b.id);
          return db.prepare("UPDATE cards SET state = 'blocked' WHERE batch_id = ? AND state IN ('new', 'active')").run(b.id).changes;
        })
        .immediate();
      ctx.stdout.write(`batch ${b.id} blocked (${n} cards)\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const batchesCommand: Command = {
  name: "batches",
  summary: "card batches: list, show, block, export",
  usage: `Usage: ccard batches list|show|block|export ...`,
  subcommands: [batchesList, batchesShow, batchesBlock, batchesExport],
};
