import { Failure, UsageError } from "../../exit";
import { arg, option } from "../../options/declare";
import { limitOption } from "../../options/common";
import { recordId, text } from "../../options/values";
import { command } from "../../framework/command";
import { changed, Column, listOf } from "../../output/print";
import { e164, storedNumber } from "../../numbers";
import { findAccount } from "../../store/lookups";
import type { Sql } from "../../store/store";
import { nowSeconds } from "../../time";
import { refuseMapped, resolveTarget } from "./target";

export interface MappingView {
  cli: string;
  account_id: number;
  kind: string;
  card_serial: string | null;
  created_at: number;
}

const MAPPINGS = `SELECT m.cli, m.account_id, a.kind, c.serial AS card_serial, m.created_at FROM cli_map m JOIN accounts a ON a.id = m.account_id
  LEFT JOIN cards c ON c.account_id = a.id`;

export function mappings(db: Sql, where: string, params: (string | number)[], limit: number): Promise<MappingView[]> {
  return db.all<MappingView>(`${MAPPINGS}${where} ORDER BY m.cli LIMIT ?`, [...params, limit]);
}

const COLUMNS: Column<MappingView>[] = [
  { header: "CALLER ID", cell: (r) => r.cli },
  { header: "ACCOUNT", cell: (r) => String(r.account_id) },
  { header: "KIND", cell: (r) => r.kind },
  { header: "CARD", cell: (r) => r.card_serial ?? "" },
];

export const cliAdd = command({
  name: "add",
  summary: "map a caller ID to an account (or to a card, for pinless calls)",
  about: `Give exactly one of --account and --card. The caller ID is normalised to E.164 digits with
the dialling rules of the account's product (e.g. +44 20 7946 0000 as +442079460000 or 00442079460000).`,
  args: { callerId: arg("CALLERID", text("CALLERID")) },
  options: {
    account: option(recordId, "a master account, for retail calls"),
    card: option(text("SERIAL"), "a card, for pinless calls"),
  },
  check(o) {
    if ((o.account === undefined) === (o.card === undefined)) throw new UsageError("CONFLICTING_OPTIONS", "give exactly one of --account ID or --card SERIAL");
  },
  db: "write",
  async run(o, { db }) {
    const t = await resolveTarget(db, o.card !== undefined ? { card: o.card } : { account: o.account as number });
    const cli = e164("caller ID", o.callerId, t.product);
    await db.transaction(async (tx) => {
      await refuseMapped(tx, cli);
      await tx.insert("cli_map", { cli, account_id: t.account.id, created_at: nowSeconds() });
    });
    const [view] = await mappings(db, " WHERE m.cli = ?", [cli], 1);
    return changed(`caller ID ${cli} → ${t.label}${t.account.kind === "card" ? ` (account ${t.account.id})` : ""}`, view);
  },
});

export const cliRemove = command({
  name: "remove",
  summary: "remove a caller ID mapping",
  about: "CALLERID as 'ccard cli list' shows it (E.164 digits), with or without a leading '+'.",
  args: { callerId: arg("CALLERID", text("CALLERID")) },
  db: "write",
  async run(o, { db }) {
    const cli = storedNumber("caller ID", o.callerId);
    const [view] = await mappings(db, " WHERE m.cli = ?", [cli], 1);
    if (view === undefined || (await db.run("DELETE FROM cli_map WHERE cli = ?", [cli])) === 0) throw new Failure("CALLER_ID_NOT_MAPPED", `caller ID ${cli} is not mapped`);
    return changed(`caller ID ${cli} removed`, view);
  },
});

export const cliList = command({
  name: "list",
  summary: "list caller ID mappings",
  options: { account: option(recordId, "only the caller IDs of this account"), limit: limitOption(1000) },
  db: "read",
  async run(o, { db }) {
    if (o.account !== undefined) await findAccount(db, o.account);
    const rows = o.account === undefined ? await mappings(db, "", [], o.limit) : await mappings(db, " WHERE m.account_id = ?", [o.account], o.limit);
    return listOf(rows, COLUMNS, "no caller IDs mapped");
  },
});
