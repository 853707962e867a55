import { arg, flag, option } from "../../options/declare";
import { limitOption } from "../../options/common";
import { oneOf, recordId, text } from "../../options/values";
import { command } from "../../framework/command";
import { listOf, recordOf } from "../../output/print";
import { findBatch, findCard } from "../../store/lookups";
import type { SqlValue } from "../../store/store";
import { CARD_COLUMNS, cardFields, cardView, cardViews } from "./card_view";

export const cardsList = command({
  name: "list",
  summary: "list cards (by batch or state), in serial order",
  options: {
    batch: option(recordId, "only the cards of this batch"),
    state: option(oneOf(["new", "active", "blocked", "void"] as const), "only the cards in this state"),
    limit: limitOption(100),
  },
  db: "read",
  async run(o, { db }) {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (o.batch !== undefined) {
      await findBatch(db, o.batch);
      where.push("c.batch_id = ?");
      params.push(o.batch);
    }
    if (o.state !== undefined) {
      where.push("c.state = ?");
      params.push(o.state);
    }
    return listOf(await cardViews(db, where, params, o.limit), CARD_COLUMNS, "no cards");
  },
});

export const cardsShow = command({
  name: "show",
  summary: "show one card: state, balance, dates",
  args: { serial: arg("SERIAL", text("SERIAL")) },
  options: { showPin: flag("print its PIN too") },
  db: "read",
  async run(o, { db }) {
    const card = await findCard(db, o.serial);
    const v = await cardView(db, o.serial);
    if (o.showPin) v.pin = card.pin;
    return recordOf(v, cardFields(v));
  },
});
