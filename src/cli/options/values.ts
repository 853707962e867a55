/**
 * The kinds of value a command line holds, each with its one parser and its one wording for
 * each way it can be wrong. Every parser returns the value or throws UsageError BAD_VALUE
 * naming the option or argument (`label`): a value that does not fit its format or range is a
 * usage error (exit.ts), whichever command takes it.
 */
import { UsageError } from "../exit";
import { parseMoney } from "../../domain/money";
import { isDigits } from "../../domain/intmath";
import { dayStartSeconds } from "../time";

/** A kind of value: how usage texts write it, what it may be, and its parser. */
export interface Value<T> {
  /** How a usage text names it: N, AMOUNT, YYYY-MM-DD, NAME. */
  readonly placeholder: string;
  /** What it may be, for the usage text ("1-1000"); "" when the help line says it all. */
  readonly range: string;
  /** The value; UsageError BAD_VALUE naming `label` ("--count", "AMOUNT") when it is wrong. */
  parse(text: string, label: string): T;
}

function bad(message: string): UsageError {
  return new UsageError("BAD_VALUE", message);
}

/** Any text, as given (a file name, a password). */
export function text(placeholder: string): Value<string> {
  return { placeholder, range: "", parse: (t) => t };
}

/** A whole number from min to max (no max: any up to 15 digits): decimal digits only (no sign, exponent or spaces). */
export function wholeNumber(min: number, max?: number, placeholder = "N"): Value<number> {
  return {
    placeholder,
    range: max === undefined ? `${min} or more` : `${min}-${max}`,
    parse(t, label) {
      if (!isDigits(t) || t.length > 15) throw bad(`${label} '${t}' is not a whole number`);
      const n = Number(t);
      if (max === undefined && n < min) throw bad(`${label} must be at least ${min}, got ${n}`);
      if (max !== undefined && (n < min || n > max)) throw bad(`${label} must be from ${min} to ${max}, got ${n}`);
      return n;
    },
  };
}

/** The id of a stored row (account, batch). */
export const recordId: Value<number> = { ...wholeNumber(1, undefined, "ID"), range: "" };

const MONEY_PROBLEMS: Record<string, string> = {
  EMPTY_AMOUNT: "is empty",
  INVALID_AMOUNT: "is not a decimal amount (digits with an optional '.')",
  TOO_MANY_DECIMALS: "has more than 6 decimals",
  AMOUNT_TOO_LARGE: "is too large (at most 999999999.999999)",
  NEGATIVE_AMOUNT: "may not be negative",
};

/** The wording of a parseMoney failure code, after the amount ("'1e3' is not a decimal amount …"). */
function moneyProblem(code: string): string {
  return MONEY_PROBLEMS[code] ?? code;
}

/** A decimal money amount ("10", "0.50") as micro-units; `positive` refuses 0. */
export function amount(options: { positive?: boolean } = {}): Value<number> {
  return {
    placeholder: "AMOUNT",
    range: "",
    parse(t, label) {
      const r = parseMoney(t);
      if (!r.ok) throw bad(`${label} '${t}' ${moneyProblem(r.code)}`);
      if (options.positive === true && r.value <= 0) throw bad(`${label} must be more than 0`);
      return r.value;
    },
  };
}

/** A calendar day YYYY-MM-DD (UTC) → the epoch second at which it starts. */
export const day: Value<number> = {
  placeholder: "YYYY-MM-DD",
  range: "",
  parse(t, label) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m === null) throw bad(`${label} '${t}' is not a date YYYY-MM-DD`);
    const start = dayStartSeconds(Number(m[1]), Number(m[2]), Number(m[3]));
    if (start === undefined) throw bad(`${label} '${t}' is not a real calendar date`);
    return start;
  },
};

/**
 * An instant with its zone written out: YYYY-MM-DDTHH:MM[:SS] then Z or an offset ±HH:MM
 * (2027-01-01T00:00Z, 2027-01-01T01:00+01:00) → epoch seconds. No zone is assumed: "midnight"
 * differs by switch and by operator.
 */
export const instant: Value<number> = {
  placeholder: "TIME",
  range: "",
  parse(t, label) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(t);
    if (m === null) throw bad(`${label} '${t}' is not a time such as 2027-01-01T00:00Z or 2027-01-01T00:00+01:00 (the zone is required)`);
    const start = dayStartSeconds(Number(m[1]), Number(m[2]), Number(m[3]));
    const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6] ?? "0")];
    const offset = m[7] === "Z" ? 0 : (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
    if (start === undefined || hours > 23 || minutes > 59 || seconds > 59 || Math.abs(offset) > 18 * 3600) {
      throw bad(`${label} '${t}' is not a real time`);
    }
    return start + hours * 3600 + minutes * 60 + seconds - offset;
  },
};

/** One of a fixed set of words. */
export function oneOf<C extends string>(choices: readonly C[], placeholder = choices.join("|")): Value<C> {
  return {
    placeholder,
    range: "",
    parse(t, label) {
      if (!(choices as readonly string[]).includes(t)) throw bad(`${label} '${t}' is not one of ${choices.join(", ")}`);
      return t as C;
    },
  };
}

/** True when every character is a letter, digit, '.', '_' or '-' (ASCII). */
export function hasOnlyNameChars(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45;
    if (!ok) return false;
  }
  return true;
}

/**
 * A name an operator chooses for a product, rate table, route or gateway: 1-64 letters,
 * digits, '.', '_' and '-'. Route and gateway names go verbatim into distributor.conf.xml and
 * FreeSWITCH dial strings.
 */
export function name(kind: string): Value<string> {
  return {
    placeholder: "NAME",
    range: "",
    parse(t) {
      if (t.length < 1 || t.length > 64) throw bad(`${kind} name must be 1 to 64 characters`);
      if (!hasOnlyNameChars(t)) throw bad(`${kind} name '${t}' may only hold letters, digits, '.', '_' and '-'`);
      return t;
    },
  };
}

/** An ISO 4217 style currency code: three capital letters. */
export const currency: Value<string> = {
  placeholder: "CODE",
  range: "",
  parse(t, label) {
    if (!/^[A-Z]{3}$/.test(t)) throw bad(`${label} '${t}' is not three capital letters (an ISO 4217 code such as USD)`);
    return t;
  },
};

/** True when the text holds a control character (C0, DEL). */
export function hasControlChar(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/** Text of min to max characters, none of them a control character; `min` ≥ 1 also refuses blank text. */
export function printable(min: number, max: number, placeholder = "TEXT"): Value<string> {
  return {
    placeholder,
    range: "",
    parse(t, label) {
      if (t.length < min || t.length > max || hasControlChar(t) || (min > 0 && t.trim() === "")) {
        throw bad(`${label} must be ${min} to ${max} printable characters`);
      }
      return t;
    },
  };
}

/** Decimal digits, min to max of them (min 0: '' is allowed and means none). */
export function digits(min: number, max: number, placeholder = "DIGITS"): Value<string> {
  const range = min === 0 ? `up to ${max} digits, '' for none` : `${min}-${max} digits`;
  return {
    placeholder,
    range: "",
    parse(t, label) {
      if ((t !== "" || min > 0) && (!isDigits(t) || t.length < min || t.length > max)) throw bad(`${label} '${t}' must be ${range}`);
      return t;
    },
  };
}
