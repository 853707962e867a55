/** A small money catalogue for the safety tests: a product, accounts and live holds. */
import { nowSeconds } from "../../../src/cli/time";
import { exec, query } from "../support/db";

export interface SeedHold {
  uuid: string;
  account: number;
  amountMicros: number;
  /** Seconds from now; negative = already expired. */
  expiresIn: number;
  ageSeconds?: number;
  /** Seconds ago the callee answered (answered.lua's mark); absent: not answered. */
  answeredAgo?: number;
}

/** A rate table, a card product and one card account per balance; returns the account ids. */
export function seedAccounts(dbPath: string, balances: number[]): number[] {
  const t = nowSeconds() - 1000;
  exec(dbPath, "INSERT INTO rate_tables (name, currency, created_at) VALUES ('std', 'USD', ?)", t);
  exec(dbPath, "INSERT INTO products (name, kind, rate_table_id, created_at) VALUES ('gold', 'card', 1, ?)", t);
  return balances.map((b) => query<{ id: number }>(dbPath, "INSERT INTO accounts (product_id, kind, currency, balance_micros, created_at) VALUES (1, 'card', 'USD', ?, ?) RETURNING id", b, t)[0].id);
}

/** Places holds as the IVR would (held_micros raised by each), without any call behind them. */
export function seedHolds(dbPath: string, holds: SeedHold[]): void {
  const now = nowSeconds();
  for (const h of holds) {
    exec(dbPath, "UPDATE accounts SET held_micros = held_micros + ? WHERE id = ?", h.amountMicros, h.account);
    exec(
      dbPath,
      "INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros, " +
        "connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, created_at, expires_at, answered_at) " +
        "VALUES (?, ?, 1, ?, 60, '441612345678', '44', 1, 100000, 0, 0, 60, 60, 0, 0, ?, ?, ?)",
      h.uuid, h.account, h.amountMicros, now - (h.ageSeconds ?? 100), now + h.expiresIn, h.answeredAgo === undefined ? null : now - h.answeredAgo,
    );
  }
}
