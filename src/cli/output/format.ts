/** Text for people: money, exact decimals from big sums, percentages, terminal-safe echoes. */
import { currencyDecimals, formatMoney } from "../../domain/money";

/** Money for people: the currency's decimals, truncated toward zero, with the code ("10.00 USD"). */
export function moneyText(micros: number, currency: string): string {
  return `${formatMoney(micros, currencyDecimals(currency))} ${currency}`;
}

/** Exact six-decimal text of a micro-unit amount held as a bigint ("-1.250000"). */
export function microsText(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const frac = (abs % 1000000n).toString().padStart(6, "0");
  return `${negative ? "-" : ""}${abs / 1000000n}.${frac}`;
}

/**
 * part/whole × 100 with one decimal, rounded half up ("66.7"); "" when whole is 0.
 * Integer arithmetic only (bigint), so huge money sums stay exact.
 */
export function percentText(part: bigint, whole: bigint): string {
  if (whole === 0n) return "";
  const negative = (part < 0n) !== (whole < 0n) && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const tenths = (p * 2000n + w) / (2n * w);
  return `${negative ? "-" : ""}${tenths / 10n}.${tenths % 10n}`;
}

/** a/b with one decimal, rounded half up; "" when b is 0 (e.g. ACD seconds from ms). */
export function ratioText(a: bigint, b: bigint): string {
  if (b === 0n) return "";
  const tenths = (a * 20n + b) / (2n * b);
  return `${tenths / 10n}.${tenths % 10n}`;
}

/**
 * Text safe to print on an operator's terminal: control characters (C0 but newline, DEL, C1)
 * and bidirectional overrides become \xNN / \u{NNNN}, so an echoed hostile value (a CSV field,
 * a name) cannot move the cursor, retitle the window or reorder what is shown.
 */
export function visibleText(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 32 && c !== 10) || (c >= 127 && c <= 159)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

/** "yes" / "no". */
export function yesNo(b: boolean): string {
  return b ? "yes" : "no";
}

/** "1 card", "2 cards". */
export function plural(n: number, one: string, many = one + "s"): string {
  return `${n} ${n === 1 ? one : many}`;
}
