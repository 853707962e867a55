import { Failure } from "../../exit";
import { option, required } from "../../options/declare";
import { OUT_OPTIONS } from "../../options/common";
import { amount, day, name, wholeNumber } from "../../options/values";
import { command, RunContext } from "../../framework/command";
import { AtomicFile, refuseExisting, sinkFor } from "../../files";
import { moneyText } from "../../output/format";
import { changed } from "../../output/print";
import { findProduct } from "../../store/lookups";
import type { ProductRow } from "../../store/records";
import { SECONDS_PER_DAY, lastValidDay, nowSeconds } from "../../time";
import { PIN_LENGTH, PIN_LENGTH_HELP, allowShortPinsOption, checkPinLength } from "../products/settings";
import { batchView } from "./batch_view";
import { CardLines, expiryColumn, valueText } from "./csv";
import { issueBatch, serialText } from "./issue";

const MAX_COUNT = 10000000;
/** Batches at least this large get a progress bar (on an interactive stderr). */
const PROGRESS_FROM = 10000;

/** expires_at for new cards: --expires, else the product's policy (null: set at first use, or never). */
function expiresAt(p: ProductRow, expires: number | undefined, now: number): number | null {
  if (expires !== undefined) {
    const at = expires + SECONDS_PER_DAY;
    if (at <= now) throw new Failure("DATE_PAST", `--expires ${lastValidDay(at)} is already past`);
    return at;
  }
  if (p.expiry_kind === "fixed") {
    const at = p.expiry_date as number;
    if (at <= now) throw new Failure("DATE_PAST", `product '${p.name}' has a fixed expiry that is already past: change it or pass --expires`);
    return at;
  }
  if (p.expiry_kind === "after_creation") return now + (p.expiry_days as number) * SECONDS_PER_DAY;
  return null;
}

function progressBar(ctx: RunContext, total: number): ((done: number) => void) | undefined {
  if (!ctx.interactive || total < PROGRESS_FROM) return undefined;
  let shown = -1;
  return (done) => {
    const pct = Math.floor((done * 100) / total);
    if (pct === shown) return;
    shown = pct;
    const bar = "#".repeat(Math.floor(pct / 5)).padEnd(20, ".");
    ctx.stderr.write(`\rgenerating [${bar}] ${pct}% ${done}/${total}${done === total ? "\n" : ""}`);
  };
}

export const cardsGenerate = command({
  name: "generate",
  summary: "issue a batch of cards and print their serials and PINs as CSV",
  about: `Everything is written in one transaction; the CSV (serial,pin,value,currency,expiry) is
written only after the commit, to FILE (mode 0600, renamed into place when complete) or to
standard output (the summary then goes to standard error). With --json, the batch and (without
--out) its cards as JSON. Serials continue from the highest existing serial.`,
  options: {
    product: required(name("product"), "a product of kind card"),
    count: required(wholeNumber(1, MAX_COUNT), "cards in the batch"),
    value: required(amount({ positive: true }), "starting balance of each card, e.g. 10.00"),
    pinLength: option(PIN_LENGTH, PIN_LENGTH_HELP, "the product's"),
    allowShortPins: allowShortPinsOption,
    expires: option(day, "last valid day (UTC), replacing the product's expiry policy"),
    ...OUT_OPTIONS,
  },
  check: (o) => checkPinLength(o.pinLength, o.allowShortPins),
  db: "write",
  async run(o, ctx) {
    if (o.out !== undefined) refuseExisting(o.out, o.force);
    const p = await findProduct(ctx.db, o.product);
    if (p.kind !== "card") throw new Failure("WRONG_KIND", `product '${p.name}' is a ${p.kind} product: cards belong to card products`);
    const pinLength = o.pinLength ?? p.pin_length;
    const existing = (await ctx.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM cards"))?.n ?? 0;
    // Keep the PIN space at most 1% full so random PINs stay unguessable and collisions rare.
    if ((existing + o.count) * 100 > 10 ** pinLength) throw new Failure("PIN_SPACE_FULL", `${pinLength}-digit PINs are too few for ${existing + o.count} cards: use longer PINs`);
    const now = nowSeconds();
    const exp = expiresAt(p, o.expires, now);
    // Opened before the batch, so an unwritable folder fails before anything is written.
    const file = o.out === undefined ? undefined : new AtomicFile(o.out, 0o600);
    try {
      const batch = await issueBatch(ctx.db, { productId: p.id, currency: p.currency, count: o.count, valueMicros: o.value, pinLength, expiresAt: exp, now }, progressBar(ctx, o.count));
      const summary = `batch ${batch.batchId}: ${o.count} cards ${serialText(batch.firstSerial)}-${serialText(batch.firstSerial + o.count - 1)}, ${moneyText(o.value, p.currency)} each`;
      const expiry = expiryColumn(exp, o.expires === undefined && p.expiry_kind === "after_first_use" ? p.expiry_days : null);
      // Only JSON shows the batch (its count by state reads every card of it).
      const view = ctx.json ? await batchView(ctx.db, batch.batchId) : undefined;
      const sink = file ?? sinkFor(undefined, ctx.stdout);
      const cardsJson = ctx.json && file === undefined;
      try {
        if (cardsJson) sink.write(`{"batch": ${JSON.stringify(view)}, "file": null, "cards": [`);
        const lines = new CardLines((t) => sink.write(t), cardsJson, valueText(o.value, p.currency), p.currency);
        for (let i = 0; i < batch.pins.length; i++) lines.card(serialText(batch.firstSerial + i), batch.pins[i], expiry);
        if (cardsJson) sink.write("\n]}\n");
        sink.commit();
      } catch (e) {
        throw new Failure("FILE_UNWRITABLE", `batch ${batch.batchId} is committed but writing ${o.out ?? "the cards"} failed (${(e as Error).message}): get the CSV with 'ccard batches export ${batch.batchId} --out FILE'`);
      }
      if (file !== undefined) return changed(`${summary}, written to ${o.out}`, { batch: view, file: o.out });
      if (!ctx.json) ctx.stderr.write(summary + "\n");
      return undefined;
    } finally {
      file?.abandon();
    }
  },
});
