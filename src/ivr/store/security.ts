/**
 * Failed-PIN accounting across calls, per caller ID ('ani'), card and access number ('dnis').
 * A key is locked once it reaches the product's failure count inside its window; success clears it.
 */
import { sqlInt, sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";
import { int, text } from "./rows";
import { withTransaction, write } from "./tx";

export type FailureKind = "ani" | "card" | "dnis";

export interface LockoutPolicy {
  failures: number;
  windowSeconds: number;
}

/** Where a caller stands before entering a PIN: locked or not, and whether its caller ID has failures to clear. */
export interface LockState {
  locked: boolean;
  aniHasFailures: boolean;
}

/** Reads the caller ID's and the access number's counters in one query. */
export function lockState(sql: SqlPort, ani: string | undefined, dnis: string, nowSeconds: number): LockState {
  const where = ani === undefined
    ? "kind = 'dnis' AND key = " + sqlText(dnis)
    : "(kind = 'dnis' AND key = " + sqlText(dnis) + ") OR (kind = 'ani' AND key = " + sqlText(ani) + ")";
  let locked = false;
  let aniHasFailures = false;
  for (const r of sql.rows("SELECT kind, locked_until FROM auth_failures WHERE " + where)) {
    if (int(r, "locked_until") > nowSeconds) locked = true;
    if (r.kind === "ani") aniHasFailures = true;
  }
  return { locked, aniHasFailures };
}

/** A key's failures inside its current window, after counting one more. */
export interface FailureCount {
  failures: number;
  /** True when the key is now locked out (this failure reached the policy's count). */
  locked: boolean;
}

export interface FailedKey {
  kind: FailureKind;
  key: string;
  policy: LockoutPolicy;
}

/**
 * The one statement that counts a failure: a key's first failure inserts its row; a later one
 * adds to it inside the window or starts a new window after it, and locks the key for a window
 * once the count reaches the policy's. The database does the arithmetic, so concurrent calls
 * never lose a count and nothing is read inside the transaction.
 */
function countFailureSql(k: FailedKey, nowSeconds: number): string {
  const now = sqlInt(nowSeconds);
  const windowStart = sqlInt(nowSeconds - k.policy.windowSeconds);
  const lockUntil = sqlInt(nowSeconds + k.policy.windowSeconds);
  const limit = sqlInt(k.policy.failures);
  const inWindow = "auth_failures.first_at > " + windowStart;
  const counted = "CASE WHEN " + inWindow + " THEN auth_failures.failures + 1 ELSE 1 END";
  return "INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES (" +
    [sqlText(k.kind), sqlText(k.key), "1", now, now, k.policy.failures <= 1 ? lockUntil : "0"].join(", ") + ") " +
    "ON CONFLICT (kind, key) DO UPDATE SET failures = " + counted +
    ", first_at = CASE WHEN " + inWindow + " THEN auth_failures.first_at ELSE " + now + " END" +
    ", last_at = " + now +
    ", locked_until = CASE WHEN " + counted + " >= " + limit + " THEN " + lockUntil + " ELSE 0 END";
}

/**
 * Counts one failure for each key, in one transaction of writes only, then reads the counts
 * back. Returns them in the order of `keys`.
 */
export function recordFailures(sql: SqlPort, keys: FailedKey[], nowSeconds: number): FailureCount[] {
  withTransaction(sql, () => {
    for (const k of keys) write(sql, { sql: countFailureSql(k, nowSeconds), rows: 1 });
    return { value: true };
  });
  const where: string[] = [];
  for (const k of keys) where.push("(kind = " + sqlText(k.kind) + " AND key = " + sqlText(k.key) + ")");
  const found: Record<string, FailureCount> = {};
  for (const r of sql.rows("SELECT kind, key, failures, locked_until FROM auth_failures WHERE " + where.join(" OR "))) {
    found[text(r, "kind") + ":" + text(r, "key")] = { failures: int(r, "failures"), locked: int(r, "locked_until") > nowSeconds };
  }
  const out: FailureCount[] = [];
  for (const k of keys) out.push(found[k.kind + ":" + k.key] ?? { failures: 1, locked: false });
  return out;
}

/** Forgets the failures of a key after a successful authentication. */
export function clearFailures(sql: SqlPort, kind: FailureKind, key: string): void {
  sql.exec("DELETE FROM auth_failures WHERE kind = " + sqlText(kind) + " AND key = " + sqlText(key));
}
