/**
 * Rate → authorise → route → bridge → settle for one destination, shared by the calling-card
 * and retail flows. Each gateway attempt has its own UUID and hold; a failed attempt is
 * settled at 0 ms at once (its hold released), an answered one by the callee leg's reporting
 * hook (settle.lua) from its billmsec.
 */
import { sqlInt } from "../../domain/sql";
import { Rate } from "../../domain/tariff";
import { buildDialString, isSafeToken } from "../dialstring";
import { Product } from "../store/products";
import { RatedDestination, gatewayByName, routeMaxAttempts } from "../store/rates";
import { placeHold } from "../store/holds";
import { Settlement, findSettlement, settle } from "../store/settle";
import { BridgeOutcome } from "../ports";
import { Deps } from "./deps";
import { Prompts } from "../voice";

/** Who is calling: the account charged and what the CDR names. */
export interface Caller {
  accountId: number;
  cardId?: number;
  cardSerial?: string;
  product: Product;
  ani: string;
  dnis: string;
}

export type ConnectCode = "ANSWERED" | "FAILED" | "NO_ROUTE" | "INSUFFICIENT_CREDIT" | "TOO_MANY_CALLS" | "ACCOUNT_NOT_ACTIVE" | "HUNG_UP";

export interface ConnectResult {
  code: ConnectCode;
  /** For ANSWERED: the settlement, when it arrived within ccard_settle_wait_ms. */
  settlement?: Settlement;
  gatewaysTried: string[];
}

/** The rate actually charged: the deck's tariff plus the product's own fees. */
export function effectiveRate(product: Product, rated: RatedDestination): Rate {
  const r = rated.rate;
  return {
    ratePerMinuteMicros: r.ratePerMinuteMicros,
    connectFeeMicros: r.connectFeeMicros + product.connectFeeMicros,
    disconnectFeeMicros: r.disconnectFeeMicros + product.disconnectFeeMicros,
    initialSeconds: r.initialSeconds,
    incrementSeconds: r.incrementSeconds,
    graceSeconds: r.graceSeconds,
    minimumCostMicros: r.minimumCostMicros,
  };
}

/** The next gateway of a route from mod_distributor, excluding those tried; undefined when none is left. */
function pickGateway(deps: Deps, route: string, tried: string[]): string | undefined {
  const reply = deps.api.execute("distributor", [route, ...tried].join(" "));
  if (reply === undefined || !isSafeToken(reply)) return undefined;
  for (const t of tried) {
    if (t === reply) return undefined; // distributor gave back one already tried: nothing else is left
  }
  return reply;
}

function newUuid(deps: Deps): string {
  const u = deps.api.execute("create_uuid", "");
  if (u === undefined || u.length < 32 || u.length > 64 || !isSafeToken(u)) throw new Error("create_uuid gave no usable UUID");
  return u;
}

/** Polls for the callee leg's settlement (its hook may run after bridge returns); asks the caller to wait once. */
function waitForSettlement(deps: Deps, voice: Prompts, uuid: string): Settlement | undefined {
  const stepMs = 200;
  let waited = 0;
  for (;;) {
    const s = findSettlement(deps.sql, uuid);
    if (s !== undefined || waited >= deps.settings.settleWaitMs) return s;
    if (waited === 0) deps.call.play(voice.say(["please_wait"]));
    deps.sql.release();
    deps.clock.sleepMs(stepMs);
    waited += stepMs;
  }
}

/**
 * Tries the route's gateways until one answers. awaitSettlement: after an answered call, wait
 * (up to ccard_settle_wait_ms) for the callee leg's settlement, to go on with the new balance.
 */
export function connect(deps: Deps, caller: Caller, voice: Prompts, e164: string, rated: RatedDestination, awaitSettlement: boolean): ConnectResult {
  const tried: string[] = [];
  if (rated.route === "" || !isSafeToken(rated.route)) {
    deps.log.warning("no usable route for prefix " + rated.prefix);
    return { code: "NO_ROUTE", gatewaysTried: tried };
  }
  const rate = effectiveRate(caller.product, rated);
  const attempts = routeMaxAttempts(deps.sql, rated.route);
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
    const dialString = (grantedSeconds: number): string => buildDialString({
      uuid, gateway: name, dialPrefix: gateway.dialPrefix, e164, grantedSeconds,
      ringTimeoutSeconds: deps.settings.ringTimeoutSeconds, warningFile: voice.file("one_minute_left"),
      tags: { ccard_call: "1", ccard_account_id: sqlInt(caller.accountId) },
    });
    dialString(1); // a name or path that cannot go into a dial string fails here, before any money is held
    const hold = placeHold(deps.sql, deps.sqlite, deps.clock.nowSeconds(), {
      uuid, accountId: caller.accountId, cardId: caller.cardId, productId: caller.product.id,
      maxConcurrentCalls: caller.product.maxConcurrentCalls, capSeconds: caller.product.maxCallSeconds,
      rate, rateTableId: caller.product.rateTableId, prefix: rated.prefix, destination: e164,
      ani: caller.ani, dnis: caller.dnis, gateway: name, expiryMarginSeconds: deps.settings.ringTimeoutSeconds + 120,
    });
    if (!hold.ok) return { code: hold.code as ConnectCode, gatewaysTried: tried };
    const granted = hold.value.grantedSeconds;
    let outcome: BridgeOutcome;
    try {
      deps.call.setVariable("ccard_gateway", name);
      deps.call.setVariable("ccard_max_talk_seconds", sqlInt(granted));
      deps.sql.release(); // never keep a pooled handle through a bridge
      outcome = deps.call.bridge(dialString(granted));
    } catch (e) {
      // No callee leg came of it, so nothing was answered: release the hold before giving up.
      pcall(() => settle(deps.sql, deps.sqlite, deps.clock.nowSeconds(), { uuid, answeredMs: 0, cause: "NORMAL_TEMPORARY_FAILURE", disposition: "IVR_ERROR" }));
      throw e;
    }
    deps.log.info("call " + uuid + " via " + name + ": " + outcome.cause + (outcome.answered ? " (answered)" : ""));
    if (outcome.answered) {
      if (!outcome.callerUp || !awaitSettlement) return { code: "ANSWERED", gatewaysTried: tried };
      return { code: "ANSWERED", settlement: waitForSettlement(deps, voice, uuid), gatewaysTried: tried };
    }
    // Not answered: nothing to bill. Settling now releases the hold; the hook's later run is a no-op.
    const s = settle(deps.sql, deps.sqlite, deps.clock.nowSeconds(), { uuid, answeredMs: 0, cause: outcome.cause, disposition: outcome.disposition });
    if (!s.ok) deps.log.error("settling failed attempt " + uuid + ": " + s.code);
    if (!outcome.callerUp) return { code: "HUNG_UP", gatewaysTried: tried };
  }
  return { code: "FAILED", gatewaysTried: tried };
}
