/** A small money catalogue for the safety tests: a product, accounts and live holds. */
import { nowSeconds } from "../../../src/cli/time";
import { sqliteFile } from "../support/db";

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
  const db = sqliteFile(dbPath);
  try {
    const t = nowSeconds() - 1000;
    db.prepare("INSERT INTO rate_tables (id, name, currency, active_version, created_at) VALUES (1, 'std', 'USD', 1, ?)").run(t);
    db.prepare("INSERT INTO products (id, name, kind, rate_table_id, created_at) VALUES (1, 'gold', 'card', 1, ?)").run(t);
    return balances.map((b) => Number(db.prepare("INSERT INTO accounts (product_id, kind, currency, balance_micros, created_at) VALUES (1, 'card', 'USD', ?, ?)").run(b, t).lastInsertRowid));
  } finally {
    db.close();
  }
}

/** Places holds as the IVR would (held_micros raised by each), without any call behind them. */
export function seedHolds(dbPath: string, holds: SeedHold[]): void {
  const db = sqliteFile(dbPath);
  try {
    const now = nowSeconds();
    for (const h of holds) {
      db.prepare("UPDATE accounts SET held_micros = held_micros + ? WHERE id = ?").run(h.amountMicros, h.account);
      db.prepare(
        "INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros, " +
          "connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, created_at, expires_at, answered_at) " +
          "VALUES (?, ?, 1, ?, 60, '441612345678', '44', 1, 100000, 0, 0, 60, 60, 0, 0, ?, ?, ?)",
      ).run(h.uuid, h.account, h.amountMicros, now - (h.ageSeconds ?? 100), now + h.expiresIn, h.answeredAgo === undefined ? null : now - h.answeredAgo);
    }
  } finally {
    db.close();
  }
}
