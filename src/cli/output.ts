/** Output shapes shared by show/list commands: JSON, aligned tables and key/value blocks. */
import { Context } from "./framework";
import { currencyDecimals, formatMoney } from "../domain/money";

/** Pretty JSON followed by a newline. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** A table with a header row; columns padded to their widest cell. Prints "(none)" when empty. */
export function printTable(ctx: Context, headers: string[], rows: string[][]): void {
  if (rows.length === 0) {
    ctx.stdout.write("(none)\n");
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd() + "\n";
  let text = line(headers);
  for (const r of rows) text += line(r);
  ctx.stdout.write(text);
}

/** "key: value" lines with the keys aligned. */
export function printFields(ctx: Context, fields: [string, string][]): void {
  const w = Math.max(...fields.map(([k]) => k.length));
  ctx.stdout.write(fields.map(([k, v]) => `${(k + ":").padEnd(w + 1)} ${v}`).join("\n") + "\n");
}

/** Money for people: the currency's decimals, truncated toward zero, with the currency code. */
export function moneyText(micros: number, currency: string): string {
  return `${formatMoney(micros, currencyDecimals(currency))} ${currency}`;
}
