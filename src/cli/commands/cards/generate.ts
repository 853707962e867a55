import { CliError, Command, Context, UsageError, positionals } from "../../framework";
import { dateEndSeconds, flag, intValue, moneyValue, optInt, str, SECONDS_PER_DAY } from "../../options";
import { moneyText } from "../../output";
import { nowSeconds } from "../../store/db";
import { ProductRow, findProduct } from "../../store/records";
import { AtomicFile, cardCsv, expiryColumn, valueText } from "./csv";
import { checkOutPath, openOut } from "./export";
import { issueBatch, serialText } from "./issue";

const MAX_COUNT = 10000000;
/** Batches at least this large get a progress bar (on an interactive stderr). */
const PROGRESS_FROM = 10000;

/** expires_at for new cards: --expires, else the product's policy (null: set at first use, or never). */
function expiresAt(p: ProductRow, expires: string | undefined, now: number): number | null {
  if (expires !== undefined) {
    const at = dateEndSeconds("--expires", expires);
    if (at <= now) throw new CliError(`--expires ${expires} is already past`);
    return at;
  }
  if (p.expiry_kind === "fixed") {
    const at = p.expiry_date as number;
    if (at <= now) throw new CliError(`product '${p.name}' has a fixed expiry that is already past: change it or pass --expires`);
    return at;
  }
  if (p.expiry_kind === "after_creation") return now + (p.expiry_days as number) * SECONDS_PER_DAY;
  return null;
}

function progressBar(ctx: Context, total: number): ((done: number) => void) | undefined {
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

export const cardsGenerate: Command = {
  name: "generate",
  summary: "issue a batch of cards and print their serials and PINs as CSV",
  usage: `Usage: ccard cards generate --product P --count N --value AMOUNT [options]

  --product NAME     a product of kind card
  --count N          cards in the batch, 1-${MAX_COUNT}
  --value AMOUNT     starting balance of each card, e.g. 10.00
  --pin-length L     PIN digits, 10-18 (default: the product's PIN length)
  --allow-short-pins accept --pin-length down to 4
  --expires DATE     last valid day YYYY-MM-DD (UTC), replacing the product's expiry policy
  --out FILE         write the CSV there (mode 0600) instead of stdout
  --force            replace an existing --out FILE

Everything is written in one transaction; the CSV (serial,pin,value,currency,expiry) is
written only after the commit. Serials continue from the highest existing serial.`,
  options: {
    product: { type: "string" },
    count: { type: "string" },
    value: { type: "string" },
    "pin-length": { type: "string" },
    "allow-short-pins": { type: "boolean" },
    expires: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  },
  run(args, ctx) {
    positionals(args, []);
    for (const o of ["product", "count", "value"]) if (str(args, o) === undefined) throw new UsageError(`--${o} is required`);
    const count = intValue("--count", str(args, "count") as string, 1, MAX_COUNT);
    const value = moneyValue("--value", str(args, "value") as string, { positive: true });
    const out = str(args, "out");
    if (out !== undefined) checkOutPath(out, flag(args, "force"));
    const db = ctx.openDb();
    let file: AtomicFile | undefined;
    try {
      const p = findProduct(db, str(args, "product") as string);
      if (p.kind !== "card") throw new CliError(`product '${p.name}' is a ${p.kind} product: cards belong to card products`);
      const pinLength = optInt(args, "pin-length", 4, 18) ?? p.pin_length;
      if (pinLength < 10 && str(args, "pin-length") !== undefined && !flag(args, "allow-short-pins")) {
        throw new CliError(`--pin-length ${pinLength} is below 10: add --allow-short-pins to accept weaker PINs`);
      }
      const existing = (db.prepare("SELECT COUNT(*) AS n FROM cards").get() as { n: number }).n;
      // Keep the PIN space at most 1% full so random PINs stay unguessable and collisions rare.
      if ((existing + count) * 100 > 10 ** pinLength) throw new CliError(`${pinLength}-digit PINs are too few for ${existing + count} cards: use longer PINs`);
      const now = nowSeconds();
      const exp = expiresAt(p, str(args, "expires"), now);
      if (out !== undefined) file = openOut(out);
      const batch = issueBatch(db, { productId: p.id, currency: p.currency, count, valueMicros: value, pinLength, expiresAt: exp, now }, progressBar(ctx, count));
      const last = serialText(batch.firstSerial + count - 1);
      const summary = `batch ${batch.batchId}: ${count} cards ${serialText(batch.firstSerial)}-${last}, ${moneyText(value, p.currency)} each`;
      const expiry = expiryColumn(exp, str(args, "expires") === undefined && p.expiry_kind === "after_first_use" ? p.expiry_days : null);
      const csvValue = valueText(value, p.currency);
      if (file !== undefined) {
        const f = file;
        try {
          cardCsv(batch, csvValue, p.currency, expiry, (t) => f.write(t));
          f.commit();
        } catch (e) {
          throw new CliError(`batch ${batch.batchId} is committed but writing ${out} failed (${(e as Error).message}): get the CSV with 'ccard batches export ${batch.batchId} --out FILE'`);
        }
        file = undefined;
        ctx.stdout.write(`${summary}, written to ${out}\n`);
      } else {
        cardCsv(batch, csvValue, p.currency, expiry, (t) => ctx.stdout.write(t));
        ctx.stderr.write(summary + "\n");
      }
      return 0;
    } finally {
      if (file !== undefined) file.abandon();
      db.close();
    }
  },
};
