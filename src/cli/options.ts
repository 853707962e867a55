/**
 * Parsing of option values shared by the commands. Every parser either returns a valid value
 * or throws CliError with a one-line message naming the option (exit 1); nothing is written
 * before all options of a command have been parsed.
 */
import { CliError, ParsedArgs } from "./framework";
import { parseMoney } from "../domain/money";
import { isDigits } from "../domain/intmath";

const MONEY_ERRORS: Record<string, string> = {
  EMPTY_AMOUNT: "is empty",
  INVALID_AMOUNT: "is not a decimal amount (digits with an optional '.')",
  TOO_MANY_DECIMALS: "has more than 6 decimals",
  AMOUNT_TOO_LARGE: "is too large (at most 999999999.999999)",
  NEGATIVE_AMOUNT: "may not be negative",
};

/** A decimal money amount ("10", "0.50") as micro-units; `what` names it in the error. */
export function moneyValue(what: string, text: string, opts: { positive?: boolean } = {}): number {
  const r = parseMoney(text);
  if (!r.ok) throw new CliError(`${what} '${text}' ${MONEY_ERRORS[r.code] ?? r.code}`);
  if (opts.positive === true && r.value <= 0) throw new CliError(`${what} must be more than 0`);
  return r.value;
}

/** A whole number within [min, max]; decimal digits only (no sign, exponent or spaces). */
export function intValue(what: string, text: string, min: number, max: number): number {
  if (!isDigits(text) || text.length > 15) throw new CliError(`${what} '${text}' is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new CliError(`${what} must be from ${min} to ${max}, got ${n}`);
  return n;
}

/** The string value of an option, or undefined when absent. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

/** The values of a repeatable string option ([] when absent). */
export function strList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (Array.isArray(v)) return v;
  return typeof v === "string" ? [v] : [];
}

/** True when a boolean flag was given. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** An optional whole-number option within [min, max]. */
export function optInt(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = str(args, name);
  return v === undefined ? undefined : intValue(`--${name}`, v, min, max);
}

/** An optional money option as micro-units. */
export function optMoney(args: ParsedArgs, name: string, opts: { positive?: boolean } = {}): number | undefined {
  const v = str(args, name);
  return v === undefined ? undefined : moneyValue(`--${name}`, v, opts);
}

export const SECONDS_PER_DAY = 86400;

/**
 * A calendar date YYYY-MM-DD (UTC) → the epoch second at which it is over, i.e. midnight UTC
 * at the start of the next day: a card "expiring 2027-12-31" works until 2027-12-31 23:59:59 UTC.
 */
export function dateEndSeconds(what: string, text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw new CliError(`${what} '${text}' is not a date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new CliError(`${what} '${text}' is not a real calendar date`);
  }
  return ms / 1000 + SECONDS_PER_DAY;
}

/** The last day (YYYY-MM-DD, UTC) on which something expiring at epoch second `at` still works. */
export function lastValidDate(at: number): string {
  return new Date((at - 1) * 1000).toISOString().slice(0, 10);
}

/** Epoch seconds as "YYYY-MM-DD HH:MM:SS" UTC, or "" for none. */
export function timeText(at: number | null | undefined): string {
  if (at === null || at === undefined) return "";
  return new Date(at * 1000).toISOString().slice(0, 19).replace("T", " ");
}

