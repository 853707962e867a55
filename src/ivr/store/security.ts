/**
 * Failed-PIN accounting across calls, per caller ID ('ani'), card and access number ('dnis').
 * A key is locked once it reaches the product's failure count inside its window; success clears it.
 */
import { sqlInt, sqlText } from "../../domain/sql";
import { SqlPort } from "../ports";
import { first, int } from "./rows";

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

/**
 * Counts one failure (a read then a write: call it inside a transaction so concurrent calls
 * cannot lose a count). A failure after the window since the first one starts a new window.
 */
export function recordFailure(sql: SqlPort, kind: FailureKind, key: string, policy: LockoutPolicy, nowSeconds: number): FailureCount {
  const where = " WHERE kind = " + sqlText(kind) + " AND key = " + sqlText(key);
  const r = first(sql.rows("SELECT failures, first_at FROM auth_failures" + where));
  let failures = 1;
  let firstAt = nowSeconds;
  if (r !== undefined && int(r, "first_at") > nowSeconds - policy.windowSeconds) {
    failures = int(r, "failures") + 1;
    firstAt = int(r, "first_at");
  }
  const lockedUntil = failures >= policy.failures ? nowSeconds + policy.windowSeconds : 0;
  if (r === undefined) {
    sql.exec(
      "INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES (" +
        [sqlText(kind), sqlText(key), sqlInt(failures), sqlInt(firstAt), sqlInt(nowSeconds), sqlInt(lockedUntil)].join(", ") + ")",
    );
  } else {
    sql.exec(
      "UPDATE auth_failures SET failures = " + sqlInt(failures) + ", first_at = " + sqlInt(firstAt) +
        ", last_at = " + sqlInt(nowSeconds) + ", locked_until = " + sqlInt(lockedUntil) + where,
    );
  }
  return { failures, locked: lockedUntil > 0 };
}

/** Forgets the failures of a key after a successful authentication. */
export function clearFailures(sql: SqlPort, kind: FailureKind, key: string): void {
  sql.exec("DELETE FROM auth_failures WHERE kind = " + sqlText(kind) + " AND key = " + sqlText(key));
}
