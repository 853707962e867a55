/**
 * Authorisation: grant talk time against balance − held and reserve exactly its cost, in one
 * short write transaction that holds only its two writes. The conditional UPDATE (available ≥
 * amount) is what makes an overdraft impossible under any concurrency; the accounts CHECK
 * constraint backs it up.
 * And what earlier calls on the account left behind: holds whose hook failed (its evidence
 * spooled) and holds past their expiry (reaped: billed as estimated when the callee answered,
 * released otherwise).
 */
import { Result, fail, ok } from "../../domain/result";
import { HeldCall, estimatedEvidence, planRelease } from "../../domain/settlement";
import { sqlInt, sqlText } from "../../domain/sql";
import { CallPrice, grantFor } from "../../domain/call_price";
import { cutoffSeconds } from "../cutoff";
import { SpoolPort, SqlPort } from "../ports";
import { heldCall, settleHeld } from "./settle";
import { first, int, text } from "./rows";
import { runPlan } from "./tx";
import { SpendingCaps, capGuards, capRoom, hasCaps } from "./caps";
import { HoldCounts, holdCountColumns, holdCounts } from "./accounts";

export interface HoldRequest {
  uuid: string;
  accountId: number;
  cardId?: number;
  productId: number;
  maxConcurrentCalls: number;
  capSeconds: number;
  price: CallPrice;
  /** How long the callee may ring before answering (the grant holds for any answer within it). */
  ringSeconds: number;
  rateTableId: number;
  prefix: string;
  destination: string;
  ani: string;
  dnis: string;
  gateway: string;
  /** Added to the granted time for the hold's expiry: ringing plus a margin. */
  expiryMarginSeconds: number;
  /** The product's spending caps (store/caps.ts). */
  caps: SpendingCaps;
  /**
   * The account as the caller read it a moment ago, when nothing has changed it since: the first
   * try goes on it instead of reading again; a try it lets fail is repeated on a fresh read.
   */
  account?: AccountState;
}

export interface Hold {
  /** The talk time the hold pays for. */
  grantedSeconds: number;
  /** When the switch cuts the call off, counted from the callee's answer (src/ivr/cutoff.ts). */
  cutoffSeconds: number;
  amountMicros: number;
  balanceMicros: number;
}

export type HoldCode = "ACCOUNT_NOT_FOUND" | "ACCOUNT_NOT_ACTIVE" | "TOO_MANY_CALLS" | "INSUFFICIENT_CREDIT" | "CAP_REACHED";

/**
 * The money a new call on the account may be granted against: balance − held, and no more than
 * the product's money cap leaves; CAP_REACHED when a cap allows no call at all. `capped`: the
 * cap, not the balance, is what limits it.
 */
export function spendable(sql: SqlPort, account: { id: number; balanceMicros: number; heldMicros: number }, caps: SpendingCaps, nowSeconds: number):
  Result<{ micros: number; capped: boolean }, "CAP_REACHED"> {
  const available = account.balanceMicros - account.heldMicros;
  if (!hasCaps(caps)) return ok({ micros: available, capped: false });
  const room = capRoom(sql, account.id, caps, nowSeconds);
  if (room === undefined) return fail("CAP_REACHED");
  if (room.moneyMicros !== undefined && room.moneyMicros < available) return ok({ micros: room.moneyMicros, capped: true });
  return ok({ micros: available, capped: false });
}

/** How a hold past its expiry ended: billed from its answer mark, or released. */
type Reaped = "estimated" | "released";

/**
 * Ends a hold past its expiry, each in a short transaction of its own: a call whose callee
 * answered (the mark answered.lua wrote) is billed from the answer and the grant, as an
 * estimated CDR; any other is released. undefined when another settlement ended it first.
 */
function reapHeld(sql: SqlPort, call: HeldCall, nowSeconds: number): Reaped | undefined {
  const evidence = estimatedEvidence(call, nowSeconds);
  if (evidence.estimated) return settleHeld(sql, nowSeconds, call, evidence) === undefined ? undefined : "estimated";
  return runPlan(sql, call.accountId, planRelease(call, nowSeconds)) ? "released" : undefined;
}

/**
 * Settles what the account's earlier calls left behind, before the money available is read:
 * each hold with spooled hook evidence is settled from it, each hold past its expiry is reaped.
 * One read when there is nothing to do (callers skip it for an account that holds no money:
 * a zero-amount hold left behind is reaped by placeHold or `ccard holds reap`). Returns how many
 * holds it ended.
 */
export function settleLeftovers(sql: SqlPort, spool: SpoolPort, accountId: number, nowSeconds: number): number {
  let ended = 0;
  for (const h of sql.rows("SELECT uuid, expires_at FROM holds WHERE account_id = " + sqlInt(accountId))) {
    const uuid = text(h, "uuid");
    const hook = spool.read(uuid);
    if (hook === undefined && int(h, "expires_at") > nowSeconds) continue;
    const call = heldCall(sql, uuid);
    if (call === undefined) continue; // settled meanwhile
    const done = hook !== undefined ? settleHeld(sql, nowSeconds, call, hook.evidence) !== undefined : reapHeld(sql, call, nowSeconds) !== undefined;
    if (done) ended++;
    if (hook !== undefined) spool.remove(uuid);
  }
  return ended;
}

/** The account as authorisation reads it, before its write transaction. */
export interface AccountState extends HoldCounts {
  balanceMicros: number;
  heldMicros: number;
  state: string;
}

function accountState(sql: SqlPort, accountId: number, nowSeconds: number): AccountState | undefined {
  const row = first(sql.rows("SELECT a.balance_micros, a.held_micros, a.state, " + holdCountColumns(nowSeconds) + " FROM accounts a WHERE a.id = " + sqlInt(accountId)));
  if (row === undefined) return undefined;
  const holds = holdCounts(row);
  return { balanceMicros: int(row, "balance_micros"), heldMicros: int(row, "held_micros"), state: text(row, "state"), live: holds.live, stale: holds.stale };
}

/** Reaps the account's expired holds (each in its own transaction). */
function reapExpired(sql: SqlPort, accountId: number, nowSeconds: number): void {
  for (const e of sql.rows("SELECT uuid FROM holds WHERE account_id = " + sqlInt(accountId) + " AND expires_at <= " + sqlInt(nowSeconds))) {
    const call = heldCall(sql, text(e, "uuid"));
    if (call !== undefined) reapHeld(sql, call, nowSeconds);
  }
}

/** Reads before the write and races after it: a refused write is tried again on what it met, this many times. */
const HOLD_TRIES = 3;

/**
 * Places the hold for one call attempt. The account is read, the grant priced, and only then
 * the write transaction taken: one conditional UPDATE (still active, the money still there,
 * fewer live holds than the product allows, all checked in the statement itself) and the hold's
 * INSERT. A concurrent call that changed the account makes the UPDATE change nothing; it is then
 * read again and priced again. req.account, when given, stands in for the first read.
 */
export function placeHold(sql: SqlPort, nowSeconds: number, req: HoldRequest): Result<Hold, HoldCode> {
  const id = sqlInt(req.accountId);
  let known = req.account;
  const tries = known === undefined ? HOLD_TRIES : HOLD_TRIES + 1;
  for (let attempt = 1; attempt <= tries; attempt++) {
    let account = known ?? accountState(sql, req.accountId, nowSeconds);
    known = undefined;
    if (account !== undefined && account.stale > 0) {
      reapExpired(sql, req.accountId, nowSeconds);
      account = accountState(sql, req.accountId, nowSeconds);
    }
    if (account === undefined) return fail("ACCOUNT_NOT_FOUND");
    if (account.state !== "active") return fail("ACCOUNT_NOT_ACTIVE");
    if (account.live >= req.maxConcurrentCalls) return fail("TOO_MANY_CALLS");
    const money = spendable(sql, { id: req.accountId, balanceMicros: account.balanceMicros, heldMicros: account.heldMicros }, req.caps, nowSeconds);
    if (!money.ok) return fail(money.code);
    const grant = grantFor(req.price, money.value.micros, req.capSeconds, nowSeconds, req.ringSeconds);
    const granted = grant.grantedSeconds;
    const cutoff = cutoffSeconds(granted);
    const r = req.price.rate;
    if (cutoff <= r.graceSeconds) return fail(money.value.capped ? "CAP_REACHED" : "INSUFFICIENT_CREDIT");
    const amount = grant.amountMicros;
    const placed = runPlan(sql, req.accountId, [
      {
        sql: "UPDATE accounts SET held_micros = held_micros + " + sqlInt(amount) + " WHERE id = " + id +
          " AND state = 'active' AND balance_micros - held_micros >= " + sqlInt(amount) +
          " AND (SELECT COUNT(*) FROM holds WHERE account_id = " + id + ") < " + sqlInt(req.maxConcurrentCalls) +
          capGuards(req.accountId, req.caps, nowSeconds, amount),
        rows: 1,
      },
      {
        sql: "INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " +
          "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, " +
          "grace_seconds, minimum_cost_micros, bands, band_changes, gateway, created_at, expires_at) VALUES (" +
          [
            sqlText(req.uuid), id, req.cardId === undefined ? "NULL" : sqlInt(req.cardId), sqlInt(req.productId),
            sqlInt(amount), sqlInt(granted), sqlText(req.ani), sqlText(req.dnis), sqlText(req.destination), sqlText(req.prefix),
            sqlInt(req.rateTableId), sqlInt(r.ratePerMinuteMicros), sqlInt(r.connectFeeMicros), sqlInt(r.disconnectFeeMicros),
            sqlInt(r.initialSeconds), sqlInt(r.incrementSeconds), sqlInt(r.graceSeconds), sqlInt(r.minimumCostMicros),
            sqlText(grant.bandPrices), sqlText(grant.bandChanges), sqlText(req.gateway), sqlInt(nowSeconds), sqlInt(nowSeconds + granted + req.expiryMarginSeconds),
          ].join(", ") + ")",
        rows: 1,
      },
    ]);
    if (placed) return ok({ grantedSeconds: granted, cutoffSeconds: cutoff, amountMicros: amount, balanceMicros: account.balanceMicros });
  }
  return fail("INSUFFICIENT_CREDIT"); // outpaced every time by concurrent calls on the account
}
