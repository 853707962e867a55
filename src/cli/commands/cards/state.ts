/** `ccard cards block|unblock|refill|void SERIAL`: one card's state and money, each in one transaction. */
import { Failure } from "../../exit";
import { arg, flag, required } from "../../options/declare";
import { noteOption } from "../../options/common";
import { amount, text } from "../../options/values";
import { command } from "../../framework/command";
import { changed } from "../../output/print";
import { moneyText } from "../../output/format";
import { ESL_OPTIONS } from "../../esl/options";
import { eslSettingsFor, withEsl } from "../../esl/with_esl";
import { hangupCallsOf } from "../../fs/kick";
import { changeBalance } from "../../store/ledger";
import { findCard, rowById } from "../../store/lookups";
import type { AccountRow } from "../../store/records";
import { ledgerView } from "../accounts/view";
import { cardView } from "./card_view";

const serialArg = { serial: arg("SERIAL", text("SERIAL")) };

export const cardsBlock = command({
  name: "block",
  summary: "block a card: it cannot be used until unblocked",
  about: `Blocks the card in the database: no new call can use it. With --kick, also hangs up the card's
live calls on FreeSWITCH (uuid_kill over the Event Socket; the card is blocked first).`,
  args: serialArg,
  options: { kick: flag("also hang up its live calls"), ...ESL_OPTIONS },
  db: "write",
  async run(o, ctx) {
    const esl = o.kick ? eslSettingsFor(o, ctx.env) : undefined;
    await ctx.db.transaction(async (tx) => {
      const card = await findCard(tx, o.serial);
      if (card.state === "blocked") throw new Failure("WRONG_STATE", `card ${card.serial} is already blocked`);
      if (card.state === "void") throw new Failure("WRONG_STATE", `card ${card.serial} is void`);
      await tx.run("UPDATE cards SET state = 'blocked' WHERE id = ?", [card.id]);
    });
    const view = await cardView(ctx.db, o.serial);
    if (esl === undefined) return changed(`card ${o.serial} blocked`, view);
    let killed: string[];
    try {
      killed = await withEsl(esl, (client) => hangupCallsOf(client, { cardSerial: o.serial }));
    } catch (e) {
      if (e instanceof Failure) throw new Failure(e.code, `card ${o.serial} is blocked, but its live calls were not hung up: ${e.message}`);
      throw e;
    }
    return changed(`card ${o.serial} blocked\nhung up ${killed.length} live call${killed.length === 1 ? "" : "s"} of card ${o.serial}`, { ...view, hung_up: killed });
  },
});

export const cardsUnblock = command({
  name: "unblock",
  summary: "unblock a blocked card (back to new, or active once used)",
  args: serialArg,
  db: "write",
  async run(o, { db }) {
    const state = await db.transaction(async (tx) => {
      const card = await findCard(tx, o.serial);
      if (card.state !== "blocked") throw new Failure("WRONG_STATE", `card ${card.serial} is ${card.state}, not blocked`);
      const next = card.first_used_at === null ? "new" : "active";
      await tx.run("UPDATE cards SET state = ? WHERE id = ?", [next, card.id]);
      return next;
    });
    return changed(`card ${o.serial} unblocked (${state})`, await cardView(db, o.serial));
  },
});

export const cardsRefill = command({
  name: "refill",
  summary: "add money to a card",
  about: "Adds AMOUNT (in the card's currency) to the balance and writes a 'refill' ledger row.",
  args: serialArg,
  options: { amount: required(amount({ positive: true }), "money to add, e.g. 5.00"), note: noteOption },
  db: "write",
  async run(o, { db }) {
    const { acc, entry } = await db.transaction(async (tx) => {
      const card = await findCard(tx, o.serial);
      if (card.state === "void") throw new Failure("WRONG_STATE", `card ${card.serial} is void: it cannot be refilled`);
      const a = await rowById<AccountRow>(tx, "accounts", card.account_id);
      return { acc: a, entry: await changeBalance(tx, a.id, { amountMicros: o.amount, reason: "refill", ref: `card:${card.serial}`, note: o.note }) };
    });
    const line = `card ${o.serial} refilled with ${moneyText(o.amount, acc.currency)}: balance ${moneyText(entry.balance_after_micros, acc.currency)}`;
    return changed(line, { ...(await cardView(db, o.serial)), ledger: [ledgerView(entry)] });
  },
});

export const cardsVoid = command({
  name: "void",
  summary: "void a card for good: balance to 0, account closed",
  about: `Sets the balance to 0 (a 'void' ledger row records what was removed), marks the card void and
closes its account. Refused while the card has a live call (money held).`,
  args: serialArg,
  options: { note: noteOption },
  db: "write",
  async run(o, { db }) {
    const { acc, entries } = await db.transaction(async (tx) => {
      const card = await findCard(tx, o.serial);
      if (card.state === "void") throw new Failure("WRONG_STATE", `card ${card.serial} is already void`);
      const a = await rowById<AccountRow>(tx, "accounts", card.account_id);
      const holds = (await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM holds WHERE account_id = ?", [a.id]))?.n ?? 0;
      if (a.held_micros > 0 || holds > 0) throw new Failure("LIVE_CALL", `card ${card.serial} has a live call (${moneyText(a.held_micros, a.currency)} held): try again when it ends`);
      const done = a.balance_micros === 0 ? [] : [await changeBalance(tx, a.id, { amountMicros: -a.balance_micros, reason: "void", ref: `card:${card.serial}`, note: o.note })];
      await tx.run("UPDATE cards SET state = 'void' WHERE id = ?", [card.id]);
      await tx.run("UPDATE accounts SET state = 'closed' WHERE id = ?", [a.id]);
      return { acc: a, entries: done };
    });
    return changed(`card ${o.serial} void (${moneyText(acc.balance_micros, acc.currency)} removed)`, { ...(await cardView(db, o.serial)), ledger: entries.map(ledgerView) });
  },
});
