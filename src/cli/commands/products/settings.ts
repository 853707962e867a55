/**
 * A product's settings, declared once for `products add` and `products set`: each option's
 * value kind, help line and range, and the columns it sets. The checks that span several
 * settings (checkProduct) run on the product as it would be after the change.
 */
import { isDigits } from "../../../domain/intmath";
import { LANGS } from "../../../domain/prompts";
import { Failure, UsageError } from "../../exit";
import { Input, flag, option, repeated } from "../../options/declare";
import { Value, amount, currency, day, digits, name, oneOf, wholeNumber } from "../../options/values";
import type { ProductRow } from "../../store/records";
import type { Sql } from "../../store/store";
import { SECONDS_PER_DAY, lastValidDay, nowSeconds } from "../../time";

/** Product columns an option may set. */
export type ProductFields = Partial<Omit<ProductRow, "id" | "name" | "created_at">>;

type Expiry = Pick<ProductRow, "expiry_kind" | "expiry_date" | "expiry_days">;

const DAYS = wholeNumber(1, 36500);

/** none | fixed:YYYY-MM-DD | after-first-use:DAYS | after-creation:DAYS. */
const expiryPolicy: Value<Expiry> = {
  placeholder: "POLICY",
  range: "none | fixed:YYYY-MM-DD | after-first-use:DAYS | after-creation:DAYS",
  parse(t, label) {
    if (t === "none") return { expiry_kind: "none", expiry_date: null, expiry_days: null };
    const colon = t.indexOf(":");
    const kind = colon < 0 ? t : t.slice(0, colon);
    const rest = colon < 0 ? "" : t.slice(colon + 1);
    // A fixed date is over at the midnight after it: the card works through that day (UTC).
    if (kind === "fixed") return { expiry_kind: "fixed", expiry_date: day.parse(rest, `${label} fixed date`) + SECONDS_PER_DAY, expiry_days: null };
    if (kind === "after-first-use" || kind === "after-creation") {
      return { expiry_kind: kind === "after-first-use" ? "after_first_use" : "after_creation", expiry_date: null, expiry_days: DAYS.parse(rest, `${label} ${kind} days`) };
    }
    throw new UsageError("BAD_VALUE", `${label} '${t}' is not none, fixed:YYYY-MM-DD, after-first-use:DAYS or after-creation:DAYS`);
  },
};

/** A comma-separated list of 1-4 digit prefixes ("00,011"). */
const prefixList: Value<string> = {
  placeholder: "LIST",
  range: "",
  parse(t, label) {
    const parts = t.split(",");
    if (t === "" || parts.some((p) => !isDigits(p) || p.length > 4)) throw new UsageError("BAD_VALUE", `${label} '${t}' must be a comma-separated list of 1-4 digit prefixes`);
    return parts.join(",");
  },
};

/** A country code: 1-3 digits not starting with 0 ('' for none). */
const countryCode: Value<string> = {
  ...digits(0, 3),
  parse(t, label) {
    const cc = digits(0, 3).parse(t, label);
    if (cc.startsWith("0")) throw new UsageError("BAD_VALUE", `${label} '${t}' may not start with 0`);
    return cc;
  },
};

/** on | off → 1 | 0 (a product's yes/no setting). */
const onOff: Value<number> = {
  placeholder: "on|off",
  range: "",
  parse(t, label) {
    if (t !== "on" && t !== "off") throw new UsageError("BAD_VALUE", `${label} '${t}' is not on or off`);
    return t === "on" ? 1 : 0;
  },
};

/** Languages offered by a menu: a list of two or more of en, es ('' for none). */
const languageList: Value<string> = {
  placeholder: "LIST",
  range: "",
  parse(t, label) {
    if (t === "") return "";
    const parts = t.split(",");
    if (parts.length < 2 || parts.some((p) => !(LANGS as readonly string[]).includes(p)) || new Set(parts).size !== parts.length) {
      throw new UsageError("BAD_VALUE", `${label} '${t}' must list two or more of ${LANGS.join(", ")}, each once (or '' for no menu)`);
    }
    return parts.join(",");
  },
};

/** PINs shorter than this need --allow-short-pins. */
const SAFE_PIN_LENGTH = 10;

/** --pin-length and --allow-short-pins, as products and `cards generate` take them. */
export const PIN_LENGTH = wholeNumber(4, 18, "L");
export const PIN_LENGTH_HELP = `digits of new PINs, below ${SAFE_PIN_LENGTH} only with --allow-short-pins`;
export const allowShortPinsOption = flag(`accept --pin-length below ${SAFE_PIN_LENGTH} (weaker against guessing)`);

/** UsageError unless a PIN length below SAFE_PIN_LENGTH comes with --allow-short-pins. */
export function checkPinLength(pinLength: number | undefined, allowShortPins: boolean): void {
  if (pinLength !== undefined && pinLength < SAFE_PIN_LENGTH && !allowShortPins) {
    throw new UsageError("CONFLICTING_OPTIONS", `--pin-length ${pinLength} is below ${SAFE_PIN_LENGTH}: add --allow-short-pins to accept weaker PINs`);
  }
}

export const PRODUCT_OPTIONS = {
  kind: option(oneOf(["card", "retail"] as const), "card: PIN cards; retail: caller-ID master accounts", "card"),
  accessNumber: repeated(digits(1, 20), "an access number (DNIS) of the product; repeat for several (on set: the whole new list)"),
  balanceNumber: repeated(digits(1, 20), "an access number that announces a card's balance and expiry and hangs up; repeat (on set: the whole new list)"),
  language: option(oneOf(["en", "es"] as const), "prompt language", "en"),
  currency: option(currency, "must be the rate table's currency", "the rate table's"),
  rateTable: option(name("rate table"), "the rate table callers are charged from (required for add)"),
  connectFee: option(amount(), "charged once per answered call, e.g. 0.10", "0"),
  disconnectFee: option(amount(), "charged once per answered call at hang-up", "0"),
  maxConcurrentCalls: option(wholeNumber(1, 1000), "live calls per card or account", "1"),
  pinLength: option(PIN_LENGTH, PIN_LENGTH_HELP, "12"),
  allowShortPins: allowShortPinsOption,
  pinMaxTries: option(wholeNumber(1, 10), "PIN attempts per call", "3"),
  expiry: option(expiryPolicy, "when cards stop working; fixed: through that day, UTC", "none"),
  maintenanceFee: option(amount(), "fee every --maintenance-every DAYS after first use; 0 turns it off"),
  maintenanceEvery: option(wholeNumber(1, 3650, "DAYS"), "days between maintenance fees; give both or neither"),
  maxCallSeconds: option(wholeNumber(1, 86400), "longest call", "7200"),
  internationalPrefixes: option(prefixList, "prefixes that introduce a country code", "00,011"),
  nationalPrefix: option(digits(0, 4), "trunk prefix of national numbers, e.g. 0", "none"),
  countryCode: option(countryCode, "added to national numbers, e.g. 44", "none"),
  nationalNumberLength: option(wholeNumber(0, 15), "national numbers of this length get the country code; 0: off", "0"),
  lockoutFailures: option(wholeNumber(1, 100), "failed PINs before a lockout", "5"),
  lockoutWindowSeconds: option(wholeNumber(1, 31536000), "how long failures count and a lockout lasts", "3600"),
  announceRate: option(onOff, "card callers hear the price a minute before connecting", "off"),
  announceCallCost: option(onOff, "card callers hear a call's cost and the new balance after it", "off"),
  capCalls: option(wholeNumber(0, 100000), "answered calls a card or account may make in any 24 hours; 0: no cap", "0"),
  capMoney: option(amount(), "money a card or account may spend in any 24 hours, e.g. 20.00; 0: no cap", "0"),
  vouchers: option(onOff, "its cards are recharge vouchers: never dialled with, redeemed onto a card in a call", "off"),
  voucherKey: option(digits(0, 4), "card callers enter these digits then # at the destination prompt to redeem a voucher; '' for none", "none"),
  languageMenu: option(languageList, "card callers choose among these languages before the PIN (key 1 the first …); '' for none", "none"),
};

/** What products add and set receive from PRODUCT_OPTIONS. */
export type ProductOptionInput = Input<Record<never, never>, typeof PRODUCT_OPTIONS>;

/** The columns the options given set (rate table and access numbers apart: they need the database). */
export function productFields(o: ProductOptionInput): ProductFields {
  const f: ProductFields = {
    kind: o.kind, language: o.language, currency: o.currency, connect_fee_micros: o.connectFee, disconnect_fee_micros: o.disconnectFee,
    max_concurrent_calls: o.maxConcurrentCalls, pin_length: o.pinLength, pin_max_tries: o.pinMaxTries, ...o.expiry,
    maintenance_fee_micros: o.maintenanceFee, maintenance_every_days: o.maintenanceEvery, max_call_seconds: o.maxCallSeconds,
    international_prefixes: o.internationalPrefixes, national_prefix: o.nationalPrefix, country_code: o.countryCode,
    national_number_length: o.nationalNumberLength, lockout_failures: o.lockoutFailures, lockout_window_seconds: o.lockoutWindowSeconds,
    announce_rate: o.announceRate, announce_call_cost: o.announceCallCost, cap_calls: o.capCalls, cap_money_micros: o.capMoney,
    language_menu: o.languageMenu, vouchers: o.vouchers, voucher_key: o.voucherKey,
  };
  // A 0 fee turns maintenance off: its period goes with it unless given.
  if (o.maintenanceFee === 0 && o.maintenanceEvery === undefined) f.maintenance_every_days = 0;
  for (const k of Object.keys(f) as (keyof ProductFields)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** The checks of PRODUCT_OPTIONS on the command line alone. */
export function checkProductOptions(o: ProductOptionInput): void {
  checkPinLength(o.pinLength, o.allowShortPins);
  for (const [flag, list] of [["--access-number", o.accessNumber], ["--balance-number", o.balanceNumber]] as const) {
    const twice = list.find((d, i) => list.indexOf(d) !== i);
    if (twice !== undefined) throw new UsageError("BAD_VALUE", `${flag} ${twice} is given twice`);
  }
  const both = o.accessNumber.find((d) => o.balanceNumber.includes(d));
  if (both !== undefined) throw new UsageError("CONFLICTING_OPTIONS", `access number ${both} is given both as --access-number and --balance-number`);
}

/** Failure DATE_PAST when --expiry names a fixed day that is over. */
export function refusePastExpiry(o: ProductOptionInput): void {
  if (o.expiry?.expiry_kind === "fixed" && (o.expiry.expiry_date as number) <= nowSeconds()) {
    throw new Failure("DATE_PAST", `--expiry fixed date ${lastValidDay(o.expiry.expiry_date as number)} is already past`);
  }
}

/** The access numbers of a product as rows: those for calls and those for the balance only. */
export function accessNumberRows(productId: number, o: { accessNumber: string[]; balanceNumber: string[] }): { dnis: string; product_id: number; purpose: string }[] {
  return [
    ...o.accessNumber.map((dnis) => ({ dnis, product_id: productId, purpose: "calls" })),
    ...o.balanceNumber.map((dnis) => ({ dnis, product_id: productId, purpose: "balance" })),
  ];
}

/** Failure ALREADY_EXISTS when an access number belongs to another product than `productId`. */
export async function checkAccessNumbers(db: Sql, list: string[], productId: number | undefined): Promise<void> {
  for (const dnis of list) {
    const owner = await db.get<{ id: number; name: string }>("SELECT p.id, p.name FROM access_numbers a JOIN products p ON p.id = a.product_id WHERE a.dnis = ?", [dnis]);
    if (owner !== undefined && owner.id !== productId) throw new Failure("ALREADY_EXISTS", `access number ${dnis} already belongs to product '${owner.name}'`);
  }
}

/** Checks that span several settings, on the product as it would be after the change. */
export async function checkProduct(db: Sql, p: Omit<ProductRow, "id" | "created_at">, numbers: { calls: number; balance: number }): Promise<void> {
  const table = await db.get<{ name: string; currency: string }>("SELECT name, currency FROM rate_tables WHERE id = ?", [p.rate_table_id]);
  if (table === undefined) throw new Error(`product rate table ${p.rate_table_id} does not exist`);
  if (table.currency !== p.currency) {
    throw new Failure("PRODUCT_RULE", `currency ${p.currency} differs from rate table '${table.name}' (${table.currency}): prices would be read in the wrong currency`);
  }
  if (p.vouchers === 1 && numbers.calls + numbers.balance > 0) throw new Failure("PRODUCT_RULE", "a voucher product has no access numbers: its vouchers cannot be dialled with");
  if (p.kind !== "card" && numbers.balance > 0) throw new Failure("PRODUCT_RULE", "balance numbers (--balance-number) are for card products");
  if (p.vouchers === 1 && p.kind !== "card") throw new Failure("PRODUCT_RULE", "--vouchers is for card products");
  if (p.vouchers === 1 && p.voucher_key !== "") throw new Failure("PRODUCT_RULE", "a voucher product takes no --voucher-key: its vouchers are redeemed in another product's calls");
  if ((p.maintenance_fee_micros > 0) !== (p.maintenance_every_days > 0)) {
    throw new Failure("PRODUCT_RULE", "--maintenance-fee and --maintenance-every go together: give both (or a 0 fee to turn it off)");
  }
  if (p.national_number_length > 0 && p.country_code === "") throw new Failure("PRODUCT_RULE", "--national-number-length needs --country-code");
  if (p.national_prefix !== "" && p.country_code === "") throw new Failure("PRODUCT_RULE", "--national-prefix needs --country-code");
}
