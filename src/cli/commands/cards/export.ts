import { existsSync, statSync } from "node:fs";
import { CliError, Command, positionals } from "../../framework";
import { flag, intValue, str } from "../../options";
import { productById } from "../../store/records";
import { AtomicFile, CARD_CSV_HEADER, expiryColumn, valueText } from "./csv";

/** Refuses an --out path that exists (unless force) or is not a regular file. Call before any work. */
export function checkOutPath(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isFile()) throw new CliError(`${out} is not a regular file`);
  if (!force) throw new CliError(`${out} already exists: pass --force to replace it`);
}

/** Opens the temporary file for --out, as a CliError when the folder is missing or not writable. */
export function openOut(out: string): AtomicFile {
  try {
    return new AtomicFile(out);
  } catch (e) {
    throw new CliError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const batchesExport: Command = {
  name: "export",
  summary: "print a batch's printable CSV again (serials and PINs)",
  usage: `Usage: ccard batches export ID [--out FILE [--force]]

The same CSV as 'ccard cards generate' (serial,pin,value,currency,expiry), from the database:
value is the batch's face value; expiry is each card's current expiry.`,
  options: { out: { type: "string" }, force: { type: "boolean" } },
  run(args, ctx) {
    const [idText] = positionals(args, ["id"]);
    const id = intValue("batch id", idText, 1, Number.MAX_SAFE_INTEGER);
    const out = str(args, "out");
    if (out !== undefined) checkOutPath(out, flag(args, "force"));
    const db = ctx.openDb();
    let file: AtomicFile | undefined;
    try {
      const b = db.prepare("SELECT product_id, value_micros FROM batches WHERE id = ?").get(id) as { product_id: number; value_micros: number } | undefined;
      if (b === undefined) throw new CliError(`no batch ${idText}`);
      const p = productById(db, b.product_id);
      const tail = `,${valueText(b.value_micros, p.currency)},${p.currency},`;
      const days = p.expiry_kind === "after_first_use" ? p.expiry_days : null;
      if (out !== undefined) file = openOut(out);
      const emit = file !== undefined ? (t: string) => (file as AtomicFile).write(t) : (t: string) => ctx.stdout.write(t);
      let text = CARD_CSV_HEADER + "\n";
      let n = 0;
      for (const c of db.prepare("SELECT serial, pin, expires_at FROM cards WHERE batch_id = ? ORDER BY serial").iterate(id) as Iterable<{ serial: string; pin: string; expires_at: number | null }>) {
        const expiry = expiryColumn(c.expires_at, days);
        text += c.serial + "," + c.pin + tail + (expiry.includes(",") ? `"${expiry}"` : expiry) + "\n";
        n++;
        if (text.length >= 1 << 20) {
          emit(text);
          text = "";
        }
      }
      emit(text);
      if (file !== undefined) {
        file.commit();
        file = undefined;
        ctx.stdout.write(`batch ${id}: ${n} cards written to ${out}\n`);
      }
      return 0;
    } finally {
      if (file !== undefined) file.abandon();
      db.close();
    }
  },
};
