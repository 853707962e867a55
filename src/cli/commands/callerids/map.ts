import { CliError, Command, UsageError, positionals } from "../../framework";
import { flag, intValue, str } from "../../options";
import { printJson, printTable } from "../../output";
import { nowSeconds } from "../../store/db";
import { findAccount } from "../../store/records";
import { mappedTo, normaliseCli, resolveTarget } from "./target";
import { isDigits } from "../../../domain/intmath";

export const cliAdd: Command = {
  name: "add",
  summary: "map a caller ID to an account (or to a card, for pinless calls)",
  usage: `Usage: ccard cli add CALLERID --account ID | --card SERIAL

The caller ID is normalised to E.164 digits with the dialling rules of the account's product
(e.g. +44 20 7946 0000 as +442079460000 or 00442079460000).`,
  options: { account: { type: "string" }, card: { type: "string" } },
  run(args, ctx) {
    const [raw] = positionals(args, ["callerid"]);
    const account = str(args, "account");
    const card = str(args, "card");
    if ((account === undefined) === (card === undefined)) throw new UsageError("give exactly one of --account ID or --card SERIAL");
    const db = ctx.openDb();
    try {
      const t = resolveTarget(db, { account, card });
      if (!t.ok) throw new CliError(t.code);
      const cli = normaliseCli(raw, t.value.product);
      if (!cli.ok) throw new CliError(cli.code);
      db.transaction(() => {
        const owner = mappedTo(db, cli.value);
        if (owner !== undefined) throw new CliError(`caller ID ${cli.value} is already mapped to account ${owner}`);
        db.prepare("INSERT INTO cli_map (cli, account_id, created_at) VALUES (?, ?, ?)").run(cli.value, t.value.account.id, nowSeconds());
      }).immediate();
      ctx.stdout.write(`caller ID ${cli.value} → ${t.value.label}${t.value.account.kind === "card" ? ` (account ${t.value.account.id})` : ""}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const cliRemove: Command = {
  name: "remove",
  summary: "remove a caller ID mapping",
  usage: `Usage: ccard cli remove CALLERID

CALLERID as 'ccard cli list' shows it (E.164 digits), with or without a leading '+'.`,
  run(args, ctx) {
    const [raw] = positionals(args, ["callerid"]);
    const cli = raw.startsWith("+") ? raw.slice(1) : raw;
    if (!isDigits(cli)) throw new CliError(`caller ID '${raw}' may only hold digits with an optional leading '+'`);
    const db = ctx.openDb();
    try {
      const n = db.prepare("DELETE FROM cli_map WHERE cli = ?").run(cli).changes;
      if (n === 0) throw new CliError(`caller ID ${cli} is not mapped`);
      ctx.stdout.write(`caller ID ${cli} removed\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const cliList: Command = {
  name: "list",
  summary: "list caller ID mappings",
  usage: `Usage: ccard cli list [--account ID] [--limit N] [--json]

  --limit N   at most N mappings, 1-1000000 (default 1000)`,
  options: { account: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } },
  run(args, ctx) {
    positionals(args, []);
    const limitText = str(args, "limit");
    const limit = limitText === undefined ? 1000 : intValue("--limit", limitText, 1, 1000000);
    const db = ctx.openDb();
    try {
      const accountText = str(args, "account");
      const accountId = accountText === undefined ? undefined : findAccount(db, accountText).id;
      const rows = db
        .prepare(
          `SELECT m.cli, m.account_id, a.kind, c.serial AS card_serial, m.created_at FROM cli_map m JOIN accounts a ON a.id = m.account_id
           LEFT JOIN cards c ON c.account_id = a.id ${accountId === undefined ? "" : "WHERE m.account_id = ?"} ORDER BY m.cli LIMIT ?`,
        )
        .all(...(accountId === undefined ? [] : [accountId]), limit) as { cli: string; account_id: number; kind: string; card_serial: string | null }[];
      if (flag(args, "json")) printJson(ctx, rows);
      else printTable(ctx, ["CALLER ID", "ACCOUNT", "KIND", "CARD"], rows.map((r) => [r.cli, String(r.account_id), r.kind, r.card_serial ?? ""]));
      return 0;
    } finally {
      db.close();
    }
  },
};
