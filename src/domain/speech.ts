/**
 * Numbers, money and durations as lists of word prompts (ids of domain/prompts), per
 * language. Pure; the IVR plays the list in order. Amounts are truncated toward zero and
 * durations rounded down, so a caller never hears more money or time than there is.
 * Caller bugs (unknown language or currency, negative or fractional counts, values over
 * 999,999,999) throw.
 */
import { Lang, PromptId } from "./prompts";
import { MAX_EXACT_INT, floorDiv, isExactInt } from "./intmath";
import { currencyDecimals, splitMoney } from "./money";
import { bug } from "./bug";

/** Grammatical gender of the counted noun (Spanish "un dólar", "una hora"); omit for a bare count. */
export type Gender = "masculine" | "feminine";

/** Largest integer that can be spoken. */
export const MAX_SPOKEN = 999999999;

const SMALL: readonly PromptId[] = [
  "n_0", "n_1", "n_2", "n_3", "n_4", "n_5", "n_6", "n_7", "n_8", "n_9",
  "n_10", "n_11", "n_12", "n_13", "n_14", "n_15", "n_16", "n_17", "n_18", "n_19",
  "n_20", "n_21", "n_22", "n_23", "n_24", "n_25", "n_26", "n_27", "n_28", "n_29",
];
/** Indexed by the tens digit (3 to 9). */
const TENS: readonly PromptId[] = ["n_0", "n_0", "n_0", "n_30", "n_40", "n_50", "n_60", "n_70", "n_80", "n_90"];
/** Indexed by the hundreds digit (2 to 9). */
const HUNDREDS_M: readonly PromptId[] = ["n_0", "n_0", "n_200", "n_300", "n_400", "n_500", "n_600", "n_700", "n_800", "n_900"];
const HUNDREDS_F: readonly PromptId[] = ["n_0", "n_0", "n_200_f", "n_300_f", "n_400_f", "n_500_f", "n_600_f", "n_700_f", "n_800_f", "n_900_f"];

/** Names of a currency: unit and minor unit, singular and plural, with their Spanish genders. */
interface CurrencyWords {
  unit: PromptId;
  units: PromptId;
  minor: PromptId;
  minors: PromptId;
  unitGender: Record<Lang, Gender>;
  minorGender: Record<Lang, Gender>;
}

const MASC: Record<Lang, Gender> = { en: "masculine", es: "masculine" };

const CURRENCIES: Record<string, CurrencyWords> = {
  USD: { unit: "usd_unit", units: "usd_units", minor: "usd_minor", minors: "usd_minors", unitGender: MASC, minorGender: MASC },
  EUR: { unit: "eur_unit", units: "eur_units", minor: "eur_minor", minors: "eur_minors", unitGender: MASC, minorGender: MASC },
  MXN: { unit: "mxn_unit", units: "mxn_units", minor: "mxn_minor", minors: "mxn_minors", unitGender: MASC, minorGender: MASC },
  GBP: {
    unit: "gbp_unit", units: "gbp_units", minor: "gbp_minor", minors: "gbp_minors",
    unitGender: { en: "masculine", es: "feminine" }, minorGender: MASC,
  },
};

/** Spanish genders of the time units ("una hora", "un minuto"). */
const HOUR_GENDER: Record<Lang, Gender> = { en: "masculine", es: "feminine" };

/** ISO 4217 codes sayMoney can speak. */
export function canSayCurrency(currency: string): boolean {
  return CURRENCIES[currency] !== undefined;
}

function checkLang(lang: Lang, what: string): void {
  if (lang !== "en" && lang !== "es") bug(what + ": unknown language " + tostringSafe(lang));
}

/** A printable form of a value that may be of the wrong type (bugs in callers). */
function tostringSafe(v: unknown): string {
  return typeof v === "string" ? "'" + v + "'" : "(" + typeof v + ")";
}

function checkCount(n: number, what: string): void {
  if (typeof n !== "number" || !isExactInt(n) || n < 0 || n > MAX_SPOKEN) {
    bug(what + ": expected an integer from 0 to 999999999");
  }
}

/** 1 and 21 change with the noun in Spanish: uno/un/una, veintiuno/veintiún/veintiuna. */
function one(twentyOne: boolean, gender: Gender | undefined): PromptId {
  if (gender === "masculine") return twentyOne ? "n_21_m" : "n_1_m";
  if (gender === "feminine") return twentyOne ? "n_21_f" : "n_1_f";
  return twentyOne ? "n_21" : "n_1";
}

function below100(n: number, lang: Lang, gender: Gender | undefined, out: PromptId[]): void {
  const es = lang === "es";
  if (n < 30) {
    out.push(es && (n === 1 || n === 21) ? one(n === 21, gender) : SMALL[n]);
    return;
  }
  const tens = floorDiv(n, 10);
  const units = n - tens * 10;
  out.push(TENS[tens]);
  if (units === 0) return;
  if (es) out.push("and");
  out.push(es && units === 1 ? one(false, gender) : SMALL[units]);
}

function below1000(n: number, lang: Lang, gender: Gender | undefined, out: PromptId[]): void {
  const hundreds = floorDiv(n, 100);
  const rest = n - hundreds * 100;
  if (hundreds === 1) {
    out.push(rest === 0 ? "n_100" : "n_1xx");
  } else if (hundreds > 1) {
    out.push(lang === "es" && gender === "feminine" ? HUNDREDS_F[hundreds] : HUNDREDS_M[hundreds]);
  }
  if (rest > 0) below100(rest, lang, gender, out);
}

function pushNumber(n: number, lang: Lang, gender: Gender | undefined, out: PromptId[]): void {
  if (n === 0) {
    out.push("n_0");
    return;
  }
  const es = lang === "es";
  const millions = floorDiv(n, 1000000);
  const thousands = floorDiv(n - millions * 1000000, 1000);
  const rest = n - millions * 1000000 - thousands * 1000;
  if (millions > 0) {
    // "un millón", "veintiún millones": millón is a masculine noun whatever is counted.
    below1000(millions, lang, "masculine", out);
    out.push(es && millions > 1 ? "millions" : "million");
  }
  if (thousands > 0) {
    // Spanish says "mil", never "un mil"; before mil, 1 and 21 are apocopated or agree with the noun.
    if (!(es && thousands === 1)) below1000(thousands, lang, gender === "feminine" ? "feminine" : "masculine", out);
    out.push("thousand");
  }
  if (rest > 0) below1000(rest, lang, gender, out);
}

/**
 * The word prompts of an integer from 0 to 999,999,999. gender is that of the counted noun
 * (Spanish "un minuto", "veintiuna horas", "doscientas libras"); omit it for a bare count
 * ("veintiuno"). English ignores it. Throws on an unknown language or a bad count.
 */
export function sayNumber(n: number, lang: Lang, gender?: Gender): PromptId[] {
  checkLang(lang, "sayNumber");
  checkCount(n, "sayNumber");
  const out: PromptId[] = [];
  pushNumber(n, lang, gender, out);
  return out;
}

/**
 * A price a minute as words, "five cents per minute": rounded up at the currency's decimals,
 * so a caller is never told a price lower than the one charged (sayMoney truncates: a balance
 * is never spoken as more than it is). Throws as sayMoney does.
 */
export function sayRatePerMinute(micros: number, currency: string, lang: Lang): PromptId[] {
  const out = sayMoney(roundUpToDecimals(micros, currencyDecimals(currency)), currency, lang);
  out.push("per_minute");
  return out;
}

/** A non-negative amount rounded up to `decimals` places of its currency (an integer count of micro-units). */
function roundUpToDecimals(micros: number, decimals: number): number {
  let step = 1000000;
  for (let i = 0; i < decimals; i++) step = floorDiv(step, 10);
  return micros <= 0 ? micros : (floorDiv(micros + step - 1, step)) * step;
}

/**
 * An amount of money in micro-units as words: "two dollars and fifty cents", "one cent",
 * "zero dollars", "minus three euros". Truncated toward zero at the currency's decimals
 * (a balance is never spoken as more than it is); the minor unit is spoken only when not
 * zero. Throws on an unknown language, a currency without prompts (see canSayCurrency),
 * a non-integer amount or more than 999,999,999 units.
 */
export function sayMoney(micros: number, currency: string, lang: Lang): PromptId[] {
  checkLang(lang, "sayMoney");
  const words = CURRENCIES[currency];
  if (words === undefined) bug("sayMoney: no prompts for currency " + tostringSafe(currency));
  if (typeof micros !== "number" || !isExactInt(micros) || Math.abs(micros) > MAX_EXACT_INT) {
    bug("sayMoney: amount must be an integer number of micro-units");
  }
  const p = splitMoney(micros, currencyDecimals(currency));
  if (p.units > MAX_SPOKEN) bug("sayMoney: amount too large to speak");
  const out: PromptId[] = [];
  if (p.negative && (p.units > 0 || p.minor > 0)) out.push("minus");
  if (p.units > 0 || p.minor === 0) {
    pushNumber(p.units, lang, words.unitGender[lang], out);
    // Spanish: "un millón de dólares", but "un millón cien dólares".
    if (lang === "es" && p.units >= 1000000 && p.units % 1000000 === 0) out.push("of");
    out.push(p.units === 1 ? words.unit : words.units);
  }
  if (p.minor > 0) {
    if (p.units > 0) out.push("and");
    pushNumber(p.minor, lang, words.minorGender[lang], out);
    out.push(p.minor === 1 ? words.minor : words.minors);
  }
  return out;
}

/** A count of days, "one day", "veintiún días" (days are masculine in Spanish). Throws on a negative or fractional count. */
export function sayDays(days: number, lang: Lang): PromptId[] {
  checkLang(lang, "sayDays");
  if (typeof days !== "number" || !isExactInt(days) || days < 0 || days > MAX_SPOKEN) bug("sayDays: days must be a non-negative integer");
  const out: PromptId[] = [];
  pushNumber(days, lang, "masculine", out);
  out.push(days === 1 ? "day" : "days");
  return out;
}

/**
 * A duration in whole seconds as hours and minutes: "one hour and one minute",
 * "zero minutes". Minutes are rounded down (never announce more time than granted).
 * Throws on an unknown language or a negative or fractional count.
 */
export function sayDuration(seconds: number, lang: Lang): PromptId[] {
  checkLang(lang, "sayDuration");
  if (typeof seconds !== "number" || !isExactInt(seconds) || seconds < 0) {
    bug("sayDuration: seconds must be a non-negative integer");
  }
  const totalMinutes = floorDiv(seconds, 60);
  const hours = floorDiv(totalMinutes, 60);
  const minutes = totalMinutes - hours * 60;
  if (hours > MAX_SPOKEN) bug("sayDuration: duration too long to speak");
  const out: PromptId[] = [];
  if (hours > 0) {
    pushNumber(hours, lang, HOUR_GENDER[lang], out);
    out.push(hours === 1 ? "hour" : "hours");
    if (minutes === 0) return out;
    out.push("and");
  }
  pushNumber(minutes, lang, "masculine", out);
  out.push(minutes === 1 ? "minute" : "minutes");
  return out;
}
