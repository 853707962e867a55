/**
 * Rate → authorise → route → bridge → settle for one destination, shared by the calling-card
 * and retail flows. Each gateway attempt has its own UUID and hold. The callee leg's reporting
 * hook (settle.lua) settles every attempt whose leg the switch created, answered or not, from
 * its billmsec; this flow settles an attempt itself (at 0 ms) only when no callee leg was
 * created, the one case where nothing can have answered and no hook will come.
 */
import { formatMicros } from "../../domain/money";
import { sqlInt } from "../../domain/sql";
import { Rate } from "../../domain/tariff";
import { CallPrice } from "../../domain/call_price";
import { buildDialString, isSafeToken, isSafeValue } from "../dialstring";
import { Product } from "../store/products";
import { Gateway, RatedDestination, gatewayByName, routeAttempts } from "../store/rates";
import { AccountState, HoldCode, placeHold } from "../store/holds";
import { Settlement, findSettlement, settle } from "../store/settle";
import { BridgeOutcome } from "../ports";
import { Deps } from "./deps";
import { isCallUuid } from "../tokens";
import { Prompts } from "../voice";
import { bug } from "../../domain/bug";

/** Who is calling: the account charged and what the CDR names. */
export interface Caller {
  accountId: number;
  cardId?: number;
  cardSerial?: string;
  product: Product;
  ani: string;
  dnis: string;
  /** The account as just read, when nothing has changed it since: the first hold goes on it (placeHold). */
  account?: AccountState;
}

export type ConnectCode = "ANSWERED" | "FAILED" | "NO_ROUTE" | "HUNG_UP" | HoldCode;

export interface ConnectResult {
  code: ConnectCode;
  /** For ANSWERED: the settlement, when it arrived within ccard_settle_wait_ms. */
  settlement?: Settlement;
  gatewaysTried: string[];
}

/** The price actually charged: the deck's tariff plus the product's own fees, with the table's bands. */
export function callPrice(product: Product, rated: RatedDestination): CallPrice {
  const r = rated.rate;
  const rate: Rate = {
    ratePerMinuteMicros: r.ratePerMinuteMicros,
    connectFeeMicros: r.connectFeeMicros + product.connectFeeMicros,
    disconnectFeeMicros: r.disconnectFeeMicros + product.disconnectFeeMicros,
    initialSeconds: r.initialSeconds,
    incrementSeconds: r.incrementSeconds,
    graceSeconds: r.graceSeconds,
    minimumCostMicros: r.minimumCostMicros,
  };
  return { rate, plan: product.bandPlan, prices: rated.bandPrices };
}

/**
 * The next gateway of a route from mod_distributor, excluding those tried; undefined when none
 * is left. Every refusal is logged: without mod_distributor no call can be routed at all.
 */
function pickGateway(deps: Deps, route: string, tried: string[]): string | undefined {
  const reply = deps.api.execute("distributor", [route, ...tried].join(" "));
  if (!reply.ok) {
    if (reply.error.indexOf("Command not found") >= 0) {
      deps.log.error("mod_distributor is not loaded (" + reply.error + "): no call can be routed; load it in modules.conf.xml");
    } else if (tried.length === 0) {
      deps.log.error("mod_distributor has no list " + route + " (" + reply.error + "): run 'ccard distributor export --reload'");
    } else {
      deps.log.warning("mod_distributor has no gateway of list " + route + " left after " + tried.join(", ") + " (" + reply.error + ")");
    }
    return undefined;
  }
  const name = reply.body;
  if (!isSafeToken(name)) {
    deps.log.warning("mod_distributor list " + route + " gave a name that cannot be a gateway: " + name);
    return undefined;
  }
  for (const t of tried) {
    if (t === name) return undefined; // distributor gave back one already tried: nothing else is left
  }
  return name;
}

function newUuid(deps: Deps): string {
  const reply = deps.api.execute("create_uuid", "");
  const u = reply.ok ? reply.body : "";
  if (!isCallUuid(u)) bug("create_uuid gave no usable UUID");
  return u;
}

const POLL_MS = 100;

/**
 * Waits up to ccard_settle_wait_ms for a call's settlement by the callee leg's hook (which may
 * run before or after bridge returns). While the caller is there the wait is on the channel
 * (it ends at once if they hang up) and `politely` has them hear please_wait once; once they
 * are gone it waits without a channel, so their channel can still carry the call's figures.
 */
function awaitSettlement(deps: Deps, voice: Prompts, uuid: string, politely: boolean): Settlement | undefined {
  let waited = 0;
  for (;;) {
    const s = findSettlement(deps.sql, uuid);
    if (s !== undefined || waited >= deps.settings.settleWaitMs) return s;
    deps.sql.release();
    if (deps.call.ready()) {
      if (waited === 0 && politely) deps.call.play(voice.say(["please_wait"]));
      deps.call.sleep(POLL_MS);
    } else {
      deps.clock.sleepMs(POLL_MS);
    }
    waited += POLL_MS;
  }
}

/** The settled call's figures on the caller's channel, for the switch's own CDRs (mod_xml_cdr, mod_cdr_csv). */
function publishSettlement(deps: Deps, s: Settlement): void {
  const vars: [string, string][] = [
    ["ccard_cost", formatMicros(s.costMicros)],
    ["ccard_rate", formatMicros(s.ratePerMinuteMicros)],
    ["ccard_vendor_cost", formatMicros(s.vendorCostMicros)],
    ["ccard_gateway", s.gateway],
    ["ccard_balance_before", formatMicros(s.balanceBeforeMicros)],
    ["ccard_balance_after", formatMicros(s.balanceAfterMicros)],
    ["ccard_rate_table", s.rateTable],
    ["ccard_cost_table", s.costTable],
    ["ccard_estimated", s.estimated ? "true" : "false"],
  ];
  for (const [k, v] of vars) deps.call.setVariable(k, v);
}

/** The callee leg's own CDR fields that are known when it is dialled. */
function calleeTags(caller: Caller, rate: Rate, gateway: Gateway): Record<string, string> {
  const tags: Record<string, string> = {
    ccard_call: "1", ccard_account_id: sqlInt(caller.accountId), ccard_gateway: gateway.name, ccard_rate: formatMicros(rate.ratePerMinuteMicros),
  };
  if (isSafeValue(caller.product.rateTableName)) tags.ccard_rate_table = caller.product.rateTableName;
  if (gateway.costTable !== "" && isSafeValue(gateway.costTable)) tags.ccard_cost_table = gateway.costTable;
  return tags;
}

/** True when the switch created the attempt's callee leg (so its reporting hook will settle it). */
function legCreated(outcome: BridgeOutcome, uuid: string): boolean {
  for (const leg of outcome.legs) {
    if (leg === uuid) return true;
  }
  return false;
}

/**
 * Tries the route's gateways until one answers. politeWait: the calling-card flow, which asks
 * the caller to wait for a finished call's settlement (to go on with the new balance).
 */
export function connect(deps: Deps, caller: Caller, voice: Prompts, e164: string, rated: RatedDestination, politeWait: boolean): ConnectResult {
  const tried: string[] = [];
  if (rated.route === "" || !isSafeToken(rated.route)) {
    deps.log.warning("no usable route for prefix " + rated.prefix);
    return { code: "NO_ROUTE", gatewaysTried: tried };
  }
  const price = callPrice(caller.product, rated);
  const attempts = routeAttempts(deps.sql, rated.route);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const name = pickGateway(deps, rated.route, tried);
    if (name === undefined) break;
    tried.push(name);
    const gateway = gatewayByName(deps.sql, name);
    if (gateway === undefined) {
      deps.log.warning("distributor list " + rated.route + " names gateway " + name + " which is not enabled in the database");
      continue;
    }
    const uuid = newUuid(deps);
    const dialString = (cutoffSeconds: number): string => buildDialString({
      uuid, gateway: name, dialPrefix: gateway.dialPrefix, e164, cutoffSeconds, earlyMedia: deps.settings.earlyMedia,
      ringTimeoutSeconds: deps.settings.ringTimeoutSeconds, warningFile: voice.file("one_minute_left"),
      tags: calleeTags(caller, price.rate, gateway),
    });
    dialString(1); // a name or path that cannot go into a dial string fails here, before any money is held
    const hold = placeHold(deps.sql, deps.clock.nowSeconds(), {
      uuid, accountId: caller.accountId, cardId: caller.cardId, productId: caller.product.id,
      maxConcurrentCalls: caller.product.maxConcurrentCalls, capSeconds: caller.product.maxCallSeconds,
      price, ringSeconds: deps.settings.ringTimeoutSeconds, rateTableId: caller.product.rateTableId, prefix: rated.prefix, destination: e164,
      ani: caller.ani, dnis: caller.dnis, gateway: name, expiryMarginSeconds: deps.settings.ringTimeoutSeconds + 120, caps: caller.product.caps,
      account: tried.length === 1 ? caller.account : undefined, // a later attempt follows a hold that has changed it
    });
    if (!hold.ok) return { code: hold.code, gatewaysTried: tried };
    let outcome: BridgeOutcome;
    try {
      deps.call.setVariable("ccard_gateway", name);
      deps.call.setVariable("ccard_max_talk_seconds", sqlInt(hold.value.cutoffSeconds));
      deps.sql.release(); // never keep a pooled handle through a bridge
      outcome = deps.call.bridge(dialString(hold.value.cutoffSeconds));
    } catch (e) {
      // bridge itself failed under the script: no callee leg came of it, so nothing was answered.
      pcall(() => settle(deps.sql, deps.clock.nowSeconds(), uuid, { answeredMs: 0, cause: "NORMAL_TEMPORARY_FAILURE", disposition: "IVR_ERROR", estimated: false }));
      throw e;
    }
    deps.log.info("call " + uuid + " via " + name + ": " + outcome.cause + (outcome.answered ? " (answered)" : ""));
    if (outcome.answered) {
      const s = awaitSettlement(deps, voice, uuid, politeWait && outcome.callerUp);
      if (s !== undefined) publishSettlement(deps, s);
      else deps.log.warning("call " + uuid + " not settled within " + sqlInt(deps.settings.settleWaitMs) + " ms: its hook, the next call or the reaper will");
      return { code: "ANSWERED", settlement: s, gatewaysTried: tried };
    }
    if (legCreated(outcome, uuid)) {
      // The leg may have answered as it failed (the caller dropping at the answer): its hook has the truth.
      if (!outcome.callerUp) return { code: "HUNG_UP", gatewaysTried: tried };
      if (awaitSettlement(deps, voice, uuid, false) === undefined) {
        deps.log.warning("failed attempt " + uuid + " not settled by its hook within " + sqlInt(deps.settings.settleWaitMs) + " ms: its hold stays until it is");
      }
    } else {
      // No callee leg was created: nothing can have answered, and no hook will come.
      const s = settle(deps.sql, deps.clock.nowSeconds(), uuid, { answeredMs: 0, cause: outcome.cause, disposition: outcome.disposition, estimated: false });
      if (!s.ok) deps.log.error("settling failed attempt " + uuid + ": " + s.code);
      if (!outcome.callerUp) return { code: "HUNG_UP", gatewaysTried: tried };
    }
  }
  return { code: "FAILED", gatewaysTried: tried };
}
