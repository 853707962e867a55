/**
 * Authorisation: grant talk time against balance − held and reserve exactly its cost, in one
 * short write transaction. The conditional UPDATE (available ≥ amount) is what makes an
 * overdraft impossible under any concurrency; the accounts CHECK constraint backs it up.
 * And what earlier calls on the account left behind: holds whose hook failed (its evidence
 * spooled) and holds past their expiry (reaped: billed as estimated when the callee answered,
 * released otherwise).
 */
import { Result, fail, ok } from "../../domain/result";
import { HeldCall, estimatedEvidence, heldCallOf, heldCallSql, planRelease } from "../../domain/settlement";
import { sqlInt, sqlText } from "../../domain/sql";
import { SpooledHook } from "../../domain/spool";
import { Rate, callCost, maxTalkSeconds } from "../../domain/tariff";
import { cutoffSeconds } from "../cutoff";
import { SpoolPort, SqlPort } from "../ports";
import { settleHeld } from "./settle";
import { first, int, reader, text } from "./rows";
import { lockAccount, withTransaction, write } from "./tx";

export interface HoldRequest {
  uuid: string;
  accountId: number;
  cardId?: number;
  productId: number;
  maxConcurrentCalls: number;
  capSeconds: number;
  rate: Rate;
  rateTableId: number;
  prefix: string;
  destination: string;
  ani: string;
  dnis: string;
  gateway: string;
  /** Added to the granted time for the hold's expiry: ringing plus a margin. */
  expiryMarginSeconds: number;
}

export interface Hold {
  /** The talk time the hold pays for. */
  grantedSeconds: number;
  /** When the switch cuts the call off, counted from the callee's answer (src/ivr/cutoff.ts). */
  cutoffSeconds: number;
  amountMicros: number;
  balanceMicros: number;
}

export type HoldCode = "ACCOUNT_NOT_FOUND" | "ACCOUNT_NOT_ACTIVE" | "TOO_MANY_CALLS" | "INSUFFICIENT_CREDIT";

/** How a hold past its expiry ended: billed from its answer mark, or released. */
export type Reaped = "estimated" | "released";

/**
 * Ends a hold past its expiry, inside a transaction that locked its account: a call whose
 * callee answered (the mark answered.lua wrote) is billed from the answer and the grant, as
 * an estimated CDR; any other is released.
 */
export function reapHeld(sql: SqlPort, call: HeldCall, nowSeconds: number): Reaped {
  const evidence = estimatedEvidence(call, nowSeconds);
  if (evidence.estimated) {
    settleHeld(sql, nowSeconds, call, evidence);
    return "estimated";
  }
  for (const w of planRelease(call, nowSeconds)) write(sql, w);
  return "released";
}

/** Reaps the account's expired holds; call inside a transaction that locked the account. Returns how many. */
function reapExpired(sql: SqlPort, accountId: number, nowSeconds: number): number {
  const expired = sql.rows("SELECT uuid FROM holds WHERE account_id = " + sqlInt(accountId) + " AND expires_at <= " + sqlInt(nowSeconds));
  for (const e of expired) {
    const h = first(sql.rows(heldCallSql(text(e, "uuid"))));
    if (h !== undefined) reapHeld(sql, heldCallOf(reader(h)), nowSeconds);
  }
  return expired.length;
}

/**
 * Settles what the account's earlier calls left behind, before the money available is read:
 * each hold with spooled hook evidence is settled from it, each hold past its expiry is reaped.
 * One read when there is nothing to do; otherwise one short transaction. Returns how many holds
 * it ended.
 */
export function settleLeftovers(sql: SqlPort, spool: SpoolPort, accountId: number, nowSeconds: number): number {
  const spooled: SpooledHook[] = [];
  let expired = 0;
  for (const h of sql.rows("SELECT uuid, expires_at FROM holds WHERE account_id = " + sqlInt(accountId))) {
    const hook = spool.read(text(h, "uuid"));
    if (hook !== undefined) spooled.push(hook);
    else if (int(h, "expires_at") <= nowSeconds) expired++;
  }
  if (spooled.length === 0 && expired === 0) return 0;
  const ended = withTransaction(sql, () => {
    lockAccount(sql, accountId);
    let n = 0;
    for (const hook of spooled) {
      const h = first(sql.rows(heldCallSql(hook.uuid)));
      if (h === undefined) continue; // settled meanwhile
      settleHeld(sql, nowSeconds, heldCallOf(reader(h)), hook.evidence);
      n++;
    }
    return { value: n + reapExpired(sql, accountId, nowSeconds) };
  });
  for (const hook of spooled) spool.remove(hook.uuid);
  return ended;
}

/** Places the hold for one call attempt. */
export function placeHold(sql: SqlPort, nowSeconds: number, req: HoldRequest): Result<Hold, HoldCode> {
  return withTransaction<Result<Hold, HoldCode>>(sql, () => {
    // One read for the account and its live and stale holds; reaping only when there are stale ones.
    const id = sqlInt(req.accountId);
    lockAccount(sql, req.accountId);
    const read = (): { balanceMicros: number; heldMicros: number; state: string; live: number; stale: number } | undefined => {
      const row = first(sql.rows(
        "SELECT a.balance_micros, a.held_micros, a.state, " +
          "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, " +
          "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= " + sqlInt(nowSeconds) + ") AS stale " +
          "FROM accounts a WHERE a.id = " + id,
      ));
      if (row === undefined) return undefined;
      return { balanceMicros: int(row, "balance_micros"), heldMicros: int(row, "held_micros"), state: text(row, "state"), live: int(row, "live"), stale: int(row, "stale") };
    };
    let account = read();
    if (account !== undefined && account.stale > 0) {
      reapExpired(sql, req.accountId, nowSeconds);
      account = read();
    }
    if (account === undefined) return { value: fail("ACCOUNT_NOT_FOUND") };
    if (account.state !== "active") return { value: fail("ACCOUNT_NOT_ACTIVE") };
    if (account.live >= req.maxConcurrentCalls) return { value: fail("TOO_MANY_CALLS") };
    const granted = maxTalkSeconds(req.rate, account.balanceMicros - account.heldMicros, req.capSeconds);
    const cutoff = cutoffSeconds(granted);
    if (cutoff <= req.rate.graceSeconds) return { value: fail("INSUFFICIENT_CREDIT") };
    const amount = callCost(req.rate, granted * 1000);
    const changed = sql.exec(
      "UPDATE accounts SET held_micros = held_micros + " + sqlInt(amount) + " WHERE id = " + id +
        " AND state = 'active' AND balance_micros - held_micros >= " + sqlInt(amount),
    );
    if (changed !== 1) return { value: fail("INSUFFICIENT_CREDIT"), rollback: true };
    const r = req.rate;
    write(sql, {
      sql: "INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " +
        "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, " +
        "grace_seconds, minimum_cost_micros, gateway, created_at, expires_at) VALUES (" +
        [
          sqlText(req.uuid), id, req.cardId === undefined ? "NULL" : sqlInt(req.cardId), sqlInt(req.productId),
          sqlInt(amount), sqlInt(granted), sqlText(req.ani), sqlText(req.dnis), sqlText(req.destination), sqlText(req.prefix),
          sqlInt(req.rateTableId), sqlInt(r.ratePerMinuteMicros), sqlInt(r.connectFeeMicros), sqlInt(r.disconnectFeeMicros),
          sqlInt(r.initialSeconds), sqlInt(r.incrementSeconds), sqlInt(r.graceSeconds), sqlInt(r.minimumCostMicros),
          sqlText(req.gateway), sqlInt(nowSeconds), sqlInt(nowSeconds + granted + req.expiryMarginSeconds),
        ].join(", ") + ")",
      rows: 1,
    });
    return { value: ok({ grantedSeconds: granted, cutoffSeconds: cutoff, amountMicros: amount, balanceMicros: account.balanceMicros }) };
  });
}
