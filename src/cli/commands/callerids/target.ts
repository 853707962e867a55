/**
 * Caller-ID mapping helpers: which account a caller ID goes to, and the caller ID normalised to
 * E.164 digits under that account's product dialling rules.
 */
import type { Db } from "../../store/db";
import { AccountRow, ProductRow } from "../../store/records";
import { DialRules, normaliseNumber } from "../../../domain/numbers";
import { Result, fail, ok } from "../../../domain/result";

const NUMBER_ERRORS: Record<string, string> = {
  EMPTY_NUMBER: "is empty",
  INVALID_NUMBER: "may only hold digits with an optional leading '+'",
  NUMBER_TOO_SHORT: "is too short (an E.164 number has at least 7 digits)",
  NUMBER_TOO_LONG: "is too long (an E.164 number has at most 15 digits)",
  NO_COUNTRY_CODE: "has no country code: give it as +CC… or set the product's --country-code and --national-prefix",
};

export interface Target {
  account: AccountRow;
  product: ProductRow;
  /** How the target was named: "account 12" or "card 0000000042". */
  label: string;
}

/** The product's dialling rules as domain/numbers takes them. */
export function dialRules(p: ProductRow): DialRules {
  return {
    internationalPrefixes: p.international_prefixes === "" ? [] : p.international_prefixes.split(","),
    nationalPrefix: p.national_prefix,
    countryCode: p.country_code,
    nationalNumberLength: p.national_number_length,
  };
}

/** The caller ID as E.164 digits, or a reason ("caller ID '…' is too short …"). */
export function normaliseCli(raw: string, p: ProductRow): Result<string> {
  const r = normaliseNumber(raw, dialRules(p));
  if (r.ok) return r;
  return fail(`caller ID '${raw}' ${NUMBER_ERRORS[r.code] ?? r.code}`);
}

/**
 * The account named by an account id ("12") or a card serial ("card:0000000042"), if it may take
 * caller IDs (not closed, card not void); otherwise the reason as the failure.
 */
export function resolveTarget(db: Db, spec: { account?: string; card?: string }): Result<Target> {
  let account: AccountRow | undefined;
  let label: string;
  if (spec.card !== undefined) {
    label = `card ${spec.card}`;
    const card = db.prepare("SELECT account_id, state FROM cards WHERE serial = ?").get(spec.card) as { account_id: number; state: string } | undefined;
    if (card === undefined) return fail(`no card with serial '${spec.card}'`);
    if (card.state === "void") return fail(`card ${spec.card} is void`);
    account = db.prepare("SELECT * FROM accounts WHERE id = ?").get(card.account_id) as AccountRow;
  } else {
    const id = spec.account ?? "";
    label = `account ${id}`;
    if (!/^[1-9][0-9]{0,14}$/.test(id)) return fail(`account '${id}' is not an account id (or card:SERIAL)`);
    account = db.prepare("SELECT * FROM accounts WHERE id = ?").get(Number(id)) as AccountRow | undefined;
    if (account === undefined) return fail(`no account ${id}`);
  }
  if (account.state === "closed") return fail(`${label} is closed`);
  const product = db.prepare("SELECT * FROM products WHERE id = ?").get(account.product_id) as ProductRow;
  return ok({ account, product, label });
}

/** The account a caller ID is already mapped to, if any. */
export function mappedTo(db: Db, cli: string): number | undefined {
  const row = db.prepare("SELECT account_id FROM cli_map WHERE cli = ?").get(cli) as { account_id: number } | undefined;
  return row?.account_id;
}
