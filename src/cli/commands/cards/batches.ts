/** `ccard batches list|show|block|export`. */
import { Failure } from "../../exit";
import { arg } from "../../options/declare";
import { OUT_OPTIONS } from "../../options/common";
import { recordId } from "../../options/values";
import { command, Group } from "../../framework/command";
import { refuseExisting, sinkFor, writeAll } from "../../files";
import { changed, listOf, recordOf } from "../../output/print";
import { findBatch, rowById } from "../../store/lookups";
import type { ProductRow } from "../../store/records";
import { BATCH_COLUMNS, BATCH_FIELDS, batchView, batchViews } from "./batch_view";
import { CardLines, expiryColumn, valueText } from "./csv";

const idArg = { id: arg("ID", recordId, "batch id") };

const list = command({
  name: "list",
  summary: "list card batches",
  db: "read",
  async run(_input, { db }) {
    return listOf(await batchViews(db), BATCH_COLUMNS, "no batches (make one with 'ccard cards generate')");
  },
});

const show = command({
  name: "show",
  summary: "show one batch and how many of its cards are in each state",
  args: idArg,
  db: "read",
  async run({ id }, { db }) {
    await findBatch(db, id);
    return recordOf(await batchView(db, id), BATCH_FIELDS);
  },
});

const block = command({
  name: "block",
  summary: "block a batch and every card in it that is new or active",
  about: "Void cards stay void. Unblock single cards with 'ccard cards unblock SERIAL'.",
  args: idArg,
  db: "write",
  async run({ id }, { db }) {
    const n = await db.transaction(async (tx) => {
      const b = await findBatch(tx, id);
      if (b.state === "blocked") throw new Failure("WRONG_STATE", `batch ${b.id} is already blocked`);
      await tx.run("UPDATE batches SET state = 'blocked' WHERE id = ?", [b.id]);
      return tx.run("UPDATE cards SET state = 'blocked' WHERE batch_id = ? AND state IN ('new', 'active')", [b.id]);
    });
    return changed(`batch ${id} blocked (${n} cards)`, await batchView(db, id));
  },
});

const exportCmd = command({
  name: "export",
  summary: "print a batch's printable CSV again (serials and PINs)",
  about: `The same CSV as 'ccard cards generate' (serial,pin,value,currency,expiry), from the database:
value is the batch's face value; expiry is each card's current expiry. With --json, a JSON array of the cards.`,
  args: idArg,
  options: OUT_OPTIONS,
  db: "read",
  async run(o, ctx) {
    if (o.out !== undefined) refuseExisting(o.out, o.force);
    const b = await findBatch(ctx.db, o.id);
    const p = await rowById<ProductRow>(ctx.db, "products", b.product_id);
    const days = p.expiry_kind === "after_first_use" ? p.expiry_days : null;
    let n = 0;
    await writeAll(sinkFor(o.out, ctx.stdout, 0o600), async (write) => {
      if (ctx.json) write("[");
      const lines = new CardLines(write, ctx.json, valueText(b.value_micros, p.currency), p.currency);
      for await (const batch of ctx.db.batches<{ serial: string; pin: string; expires_at: number | null }>("SELECT serial, pin, expires_at FROM cards WHERE batch_id = ? ORDER BY serial", [o.id])) {
        for (const c of batch) lines.card(c.serial, c.pin, expiryColumn(c.expires_at, days));
        n += batch.length;
      }
      if (ctx.json) write(n === 0 ? "]\n" : "\n]\n");
    });
    return o.out === undefined ? undefined : changed(`batch ${o.id}: ${n} cards written to ${o.out}`, { batch: await batchView(ctx.db, o.id), file: o.out });
  },
});

export const batchesCommand: Group = {
  name: "batches",
  summary: "card batches: list, show, block, export",
  commands: [list, show, block, exportCmd],
};
