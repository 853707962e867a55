/**
 * The retail call: the caller ID identifies a master account; the dialled number is the
 * destination. Silent unless something fails (unknown caller, blocked account, bad number,
 * no rate, not enough money, every gateway failed): then one prompt and a hangup.
 */
import { sanitizeNetworkNumber } from "../../domain/caller_id";
import { normaliseNumber, DEFAULT_DIAL_RULES, DialRules } from "../../domain/numbers";
import { sqlInt } from "../../domain/sql";
import { accountByCli } from "../store/accounts";
import { productById, productByName } from "../store/products";
import { findRate, isBlocked } from "../store/rates";
import { ConnectCode, connect } from "./connect";
import { settleLeftovers } from "../store/holds";
import { MessageId } from "../../domain/prompts";
import { Deps } from "./deps";
import { bug } from "../../domain/bug";

type RetailCode = "UNKNOWN_CALLER" | "INVALID_NUMBER" | "DESTINATION_BLOCKED" | "NO_RATE" | ConnectCode;

const FAILURE: Partial<Record<RetailCode, [MessageId, string]>> = {
  UNKNOWN_CALLER: ["unknown_caller", "CALL_REJECTED"],
  ACCOUNT_NOT_ACTIVE: ["account_blocked", "CALL_REJECTED"],
  INVALID_NUMBER: ["invalid_number", "INVALID_NUMBER_FORMAT"],
  DESTINATION_BLOCKED: ["destination_barred", "CALL_REJECTED"],
  NO_RATE: ["destination_unavailable", "NO_ROUTE_DESTINATION"],
  NO_ROUTE: ["destination_unavailable", "NO_ROUTE_DESTINATION"],
  INSUFFICIENT_CREDIT: ["insufficient_balance", "CALL_REJECTED"],
  TOO_MANY_CALLS: ["too_many_calls", "USER_BUSY"],
  CAP_REACHED: ["cap_reached", "CALL_REJECTED"],
  FAILED: ["call_failed", "NORMAL_TEMPORARY_FAILURE"],
};

export function runRetail(deps: Deps): void {
  const call = deps.call;
  const fail = (code: RetailCode, language: string) => {
    const [prompt, cause] = FAILURE[code] ?? ["call_failed", "NORMAL_TEMPORARY_FAILURE"];
    deps.log.info("retail call refused: " + code);
    call.answer();
    call.play(deps.voiceFor(language).say([prompt]));
    call.hangup(cause);
  };
  // The retail product named in the dialplan (ccard_product) says how caller IDs are written.
  const productName = call.variable("ccard_product");
  const namedProduct = productName === undefined ? undefined : productByName(deps.sql, productName);
  if (productName !== undefined && namedProduct === undefined) {
    deps.log.warning("ccard_product '" + productName + "' is not a product: caller IDs are read as international numbers");
  }
  const cliRules: DialRules = namedProduct !== undefined ? namedProduct.dialRules : DEFAULT_DIAL_RULES;
  const caller = sanitizeNetworkNumber(call.variable("caller_id_number"));
  const ani = caller === undefined ? undefined : caller.digits;
  const cli = caller === undefined ? undefined : normaliseNumber(caller.text, cliRules);
  const mapped = cli === undefined || !cli.ok ? undefined : accountByCli(deps.sql, cli.value, deps.clock.nowSeconds());
  if (mapped === undefined || mapped.account.kind !== "master") {
    deps.log.warning("RETAIL_UNKNOWN_CALLER ani=" + (ani ?? "(invalid)"));
    fail("UNKNOWN_CALLER", namedProduct !== undefined ? namedProduct.language : "en");
    return;
  }
  const account = mapped.account;
  // The caller's account is mostly of the product the dialplan names: then it is read once.
  const product = namedProduct !== undefined && namedProduct.id === account.productId ? namedProduct : productById(deps.sql, account.productId);
  if (product === undefined) bug("account " + sqlInt(account.id) + " has no product");
  if (account.state !== "active") return fail("ACCOUNT_NOT_ACTIVE", product.language);
  call.setVariable("ccard_account_id", sqlInt(account.id));

  const dialled = sanitizeNetworkNumber(call.variable("destination_number"));
  const e164 = dialled === undefined ? undefined : normaliseNumber(dialled.text, product.dialRules);
  if (e164 === undefined || !e164.ok) return fail("INVALID_NUMBER", product.language);
  if (isBlocked(deps.sql, product, e164.value)) return fail("DESTINATION_BLOCKED", product.language);
  const rated = findRate(deps.sql, product.rateTableId, e164.value, deps.clock.nowSeconds(), product.rateMaxPrefixDigits);
  if (rated === undefined) return fail("NO_RATE", product.language);
  call.setVariable("ccard_destination", e164.value);

  const voice = deps.voiceFor(product.language);
  const ended = account.heldMicros > 0 ? settleLeftovers(deps.sql, deps.spool, account.id, deps.clock.nowSeconds()) : 0;
  // The caller-ID read also counted the account's holds: the hold needs no read of its own unless leftovers changed it.
  const known = ended > 0 ? undefined : { balanceMicros: account.balanceMicros, heldMicros: account.heldMicros, state: account.state, live: mapped.holds.live, stale: mapped.holds.stale };
  const result = connect(deps, {
    accountId: account.id, product, ani: cli !== undefined && cli.ok ? cli.value : "", dnis: dialled === undefined ? "" : dialled.digits, account: known,
  }, voice, e164.value, rated, false);
  if (result.code === "ANSWERED" || result.code === "HUNG_UP") {
    call.hangup("NORMAL_CLEARING");
    return;
  }
  fail(result.code, product.language);
}
