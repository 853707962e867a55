/**
 * The product settings shared by `products add` and `products set`: their options, their
 * parsing into column values, and the checks that span several of them.
 */
import { CliError, OptionSpec, ParsedArgs } from "../../framework";
import { dateEndSeconds, flag, intValue, optInt, optMoney, str, strList } from "../../options";
import type { Db } from "../../store/db";
import { nowSeconds } from "../../store/db";
import { findRateTable, ProductRow } from "../../store/records";
import { isDigits } from "../../../domain/intmath";

export const PRODUCT_OPTIONS: OptionSpec = {
  kind: { type: "string" },
  "access-number": { type: "string", multiple: true },
  language: { type: "string" },
  currency: { type: "string" },
  "rate-table": { type: "string" },
  "connect-fee": { type: "string" },
  "disconnect-fee": { type: "string" },
  "max-concurrent-calls": { type: "string" },
  "pin-length": { type: "string" },
  "allow-short-pins": { type: "boolean" },
  "pin-max-tries": { type: "string" },
  expiry: { type: "string" },
  "maintenance-fee": { type: "string" },
  "maintenance-every": { type: "string" },
  "max-call-seconds": { type: "string" },
  "international-prefixes": { type: "string" },
  "national-prefix": { type: "string" },
  "country-code": { type: "string" },
  "national-number-length": { type: "string" },
  "lockout-failures": { type: "string" },
  "lockout-window-seconds": { type: "string" },
};

export const PRODUCT_OPTIONS_USAGE = `  --kind card|retail              card: PIN cards; retail: caller-ID master accounts (default card)
  --access-number DIGITS          an access number (DNIS) of the product; repeat for several
  --language en|es                prompt language (default en)
  --currency CODE                 3 upper-case letters (default: the rate table's currency)
  --rate-table NAME               the rate table callers are charged from (required for add)
  --connect-fee AMOUNT            charged once per answered call, e.g. 0.10 (default 0)
  --disconnect-fee AMOUNT         charged once per answered call at hang-up (default 0)
  --max-concurrent-calls N        live calls per card or account, 1-1000 (default 1)
  --pin-length N                  digits of new PINs, 10-18 (default 12)
  --allow-short-pins              accept --pin-length down to 4 (weaker against guessing)
  --pin-max-tries N               PIN attempts per call, 1-10 (default 3)
  --expiry POLICY                 none | fixed:YYYY-MM-DD | after-first-use:DAYS | after-creation:DAYS
  --maintenance-fee AMOUNT        fee charged every --maintenance-every DAYS after first use
  --maintenance-every DAYS        1-3650; give both or neither (0 fee turns it off)
  --max-call-seconds N            longest call, 1-86400 (default 7200)
  --international-prefixes LIST   e.g. 00,011 (default 00,011)
  --national-prefix DIGITS        trunk prefix of national numbers, e.g. 0 ('' for none)
  --country-code DIGITS           added to national numbers, e.g. 44 ('' for none)
  --national-number-length N      national numbers of this length get the country code (0: off)
  --lockout-failures N            failed PINs before a lockout, 1-100 (default 5)
  --lockout-window-seconds N      how long failures count and a lockout lasts (default 3600)`;

/** Product columns a command line may set. */
export type ProductFields = Partial<Omit<ProductRow, "id" | "name" | "created_at">>;

const DAYS_MAX = 36500;

function parseExpiry(text: string): ProductFields {
  if (text === "none") return { expiry_kind: "none", expiry_date: null, expiry_days: null };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? "" : text.slice(colon + 1);
  if (kind === "fixed") {
    const at = dateEndSeconds("--expiry fixed date", arg);
    if (at <= nowSeconds()) throw new CliError(`--expiry fixed date ${arg} is already past`);
    return { expiry_kind: "fixed", expiry_date: at, expiry_days: null };
  }
  if (kind === "after-first-use" || kind === "after-creation") {
    const days = intValue(`--expiry ${kind} days`, arg, 1, DAYS_MAX);
    return { expiry_kind: kind === "after-first-use" ? "after_first_use" : "after_creation", expiry_date: null, expiry_days: days };
  }
  throw new CliError(`--expiry '${text}' is not none, fixed:YYYY-MM-DD, after-first-use:DAYS or after-creation:DAYS`);
}

function digitsOrEmpty(name: string, text: string, maxLen: number): string {
  if (text !== "" && (!isDigits(text) || text.length > maxLen)) throw new CliError(`--${name} '${text}' must be up to ${maxLen} digits (or '' for none)`);
  return text;
}

/** Parses every product option present in args into column values (absent options are left out). */
export function parseProductFields(db: Db, args: ParsedArgs): ProductFields {
  const f: ProductFields = {};
  const kind = str(args, "kind");
  if (kind !== undefined) {
    if (kind !== "card" && kind !== "retail") throw new CliError(`--kind '${kind}' is not card or retail`);
    f.kind = kind;
  }
  const lang = str(args, "language");
  if (lang !== undefined) {
    if (lang !== "en" && lang !== "es") throw new CliError(`--language '${lang}' is not en or es`);
    f.language = lang;
  }
  const cur = str(args, "currency");
  if (cur !== undefined) {
    if (!/^[A-Z]{3}$/.test(cur)) throw new CliError(`--currency '${cur}' is not 3 upper-case letters (e.g. USD)`);
    f.currency = cur;
  }
  const rt = str(args, "rate-table");
  if (rt !== undefined) f.rate_table_id = findRateTable(db, rt).id;
  f.connect_fee_micros = optMoney(args, "connect-fee");
  f.disconnect_fee_micros = optMoney(args, "disconnect-fee");
  f.max_concurrent_calls = optInt(args, "max-concurrent-calls", 1, 1000);
  f.pin_length = optInt(args, "pin-length", 4, 18);
  if (f.pin_length !== undefined && f.pin_length < 10 && !flag(args, "allow-short-pins")) {
    throw new CliError(`--pin-length ${f.pin_length} is below 10: add --allow-short-pins to accept weaker PINs`);
  }
  f.pin_max_tries = optInt(args, "pin-max-tries", 1, 10);
  const exp = str(args, "expiry");
  if (exp !== undefined) Object.assign(f, parseExpiry(exp));
  f.maintenance_fee_micros = optMoney(args, "maintenance-fee");
  f.maintenance_every_days = optInt(args, "maintenance-every", 1, 3650);
  if (f.maintenance_fee_micros === 0 && f.maintenance_every_days === undefined) f.maintenance_every_days = 0;
  f.max_call_seconds = optInt(args, "max-call-seconds", 1, 86400);
  const ip = str(args, "international-prefixes");
  if (ip !== undefined) {
    const parts = ip.split(",");
    if (ip === "" || parts.some((p) => !isDigits(p) || p.length > 4)) throw new CliError(`--international-prefixes '${ip}' must be a comma-separated list of 1-4 digit prefixes`);
    f.international_prefixes = parts.join(",");
  }
  const np = str(args, "national-prefix");
  if (np !== undefined) f.national_prefix = digitsOrEmpty("national-prefix", np, 4);
  const cc = str(args, "country-code");
  if (cc !== undefined) {
    f.country_code = digitsOrEmpty("country-code", cc, 3);
    if (cc.startsWith("0")) throw new CliError(`--country-code '${cc}' may not start with 0`);
  }
  f.national_number_length = optInt(args, "national-number-length", 0, 15);
  f.lockout_failures = optInt(args, "lockout-failures", 1, 100);
  f.lockout_window_seconds = optInt(args, "lockout-window-seconds", 1, 31536000);
  for (const k of Object.keys(f) as (keyof ProductFields)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** Access numbers from --access-number: digits, no repeats, not used by another product. */
export function parseAccessNumbers(db: Db, args: ParsedArgs, productId: number | undefined): string[] | undefined {
  const list = strList(args, "access-number");
  if (list.length === 0) return undefined;
  const seen = new Set<string>();
  for (const dnis of list) {
    if (!isDigits(dnis) || dnis.length > 20) throw new CliError(`--access-number '${dnis}' must be 1-20 digits`);
    if (seen.has(dnis)) throw new CliError(`--access-number ${dnis} is given twice`);
    seen.add(dnis);
    const owner = db.prepare("SELECT p.id, p.name FROM access_numbers a JOIN products p ON p.id = a.product_id WHERE a.dnis = ?").get(dnis) as
      | { id: number; name: string }
      | undefined;
    if (owner !== undefined && owner.id !== productId) throw new CliError(`access number ${dnis} already belongs to product '${owner.name}'`);
  }
  return list;
}

/** Checks that span several settings, on the product as it would be after the change. */
export function checkProduct(db: Db, p: Omit<ProductRow, "id" | "created_at">): void {
  const table = db.prepare("SELECT name, currency FROM rate_tables WHERE id = ?").get(p.rate_table_id) as { name: string; currency: string };
  if (table.currency !== p.currency) {
    throw new CliError(`currency ${p.currency} differs from rate table '${table.name}' (${table.currency}): prices would be read in the wrong currency`);
  }
  if ((p.maintenance_fee_micros > 0) !== (p.maintenance_every_days > 0)) {
    throw new CliError("--maintenance-fee and --maintenance-every go together: give both (or a 0 fee to turn it off)");
  }
  if (p.national_number_length > 0 && p.country_code === "") throw new CliError("--national-number-length needs --country-code");
  if (p.national_prefix !== "" && p.country_code === "") throw new CliError("--national-prefix needs --country-code");
}
