/** The printable card CSV (serial,pin,value,currency,expiry) and its JSON twin. */
import { currencyDecimals, formatMicros } from "../../../domain/money";
import { csvField } from "../../csv";
import { lastValidDay } from "../../time";

export const CARD_CSV_HEADER = "serial,pin,value,currency,expiry\n";

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
  if (expiresAt !== null) return lastValidDay(expiresAt);
  if (afterFirstUseDays !== null) return `${afterFirstUseDays} days after first use`;
  return "";
}

/** Writes card lines: one printable card each, in CSV or (json) as JSON array elements. */
export class CardLines {
  private first = true;

  constructor(
    private readonly write: (text: string) => void,
    private readonly json: boolean,
    private readonly value: string,
    private readonly currency: string,
  ) {
    if (!json) write(CARD_CSV_HEADER);
  }

  card(serial: string, pin: string, expiry: string): void {
    if (this.json) {
      this.write((this.first ? "\n" : ",\n") + JSON.stringify({ serial, pin, value: this.value, currency: this.currency, expiry }));
      this.first = false;
    } else {
      this.write(serial + "," + pin + "," + this.value + "," + this.currency + "," + csvField(expiry) + "\n");
    }
  }
}
