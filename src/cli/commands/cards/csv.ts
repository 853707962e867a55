/** The printable card CSV (serial,pin,value,currency,expiry), produced in large text chunks. */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { currencyDecimals, formatMicros } from "../../../domain/money";
import { lastValidDate } from "../../options";
import { IssuedBatch, serialText } from "./issue";

export const CARD_CSV_HEADER = "serial,pin,value,currency,expiry";
const CHUNK_CHARS = 1 << 20;

/** An amount with the currency's decimals, or more when the amount has finer digits ("10.00", "0.125"). */
export function valueText(micros: number, currency: string): string {
  let s = formatMicros(micros);
  const keep = currencyDecimals(currency);
  const dot = s.indexOf(".");
  while (s.length - dot - 1 > keep && s.endsWith("0")) s = s.slice(0, -1);
  return s.endsWith(".") ? s.slice(0, -1) : s;
}

/**
 * The expiry column: the last valid day (YYYY-MM-DD, UTC) when fixed, "N days after first use",
 * or empty when the cards never expire.
 */
export function expiryColumn(expiresAt: number | null, afterFirstUseDays: number | null): string {
  if (expiresAt !== null) return lastValidDate(expiresAt);
  if (afterFirstUseDays !== null) return `${afterFirstUseDays} days after first use`;
  return "";
}

/** Calls emit() with consecutive pieces of the CSV (header first), each about 1 MiB. */
export function cardCsv(batch: IssuedBatch, value: string, currency: string, expiry: string, emit: (text: string) => void): void {
  const tail = `,${value},${currency},${expiry.includes(",") ? `"${expiry}"` : expiry}\n`;
  let text = CARD_CSV_HEADER + "\n";
  for (let i = 0; i < batch.pins.length; i++) {
    text += serialText(batch.firstSerial + i) + "," + batch.pins[i] + tail;
    if (text.length >= CHUNK_CHARS) {
      emit(text);
      text = "";
    }
  }
  if (text.length > 0) emit(text);
}

/**
 * A file written beside its final path and renamed into place when complete, so a reader never
 * sees half a file. open() fails early (before any database work) when the folder is not writable.
 */
export class AtomicFile {
  private readonly tmp: string;
  private fd: number;

  constructor(private readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "wx", 0o600);
  }

  write(text: string): void {
    writeSync(this.fd, text);
  }

  /** Flushes to disk and renames into place (replacing any file at the path). */
  commit(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.path);
  }

  /** Removes the temporary file (after a failure). */
  abandon(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already renamed or never created: nothing to clean up
    }
  }
}
