/** A business in every table: what the show and list commands, and the mistakes spec, run against. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec, ok } from "./db";

/** A database with something in every table the show and list commands read. */
export async function everything(db: string, dir: string): Promise<void> {
  const deck = join(dir, "deck.csv");
  writeFileSync(deck, "prefix,destination,rate_per_minute,connect_fee,initial_seconds,increment_seconds,route\n44,United Kingdom,0.02,0,60,60,intl\n4420,\"UK, London\",0.0123,0.05,30,6,intl\n");
  for (const argv of [
    ["init"],
    ["rates", "import", deck, "--table", "retail", "--create"],
    ["rates", "create-table", "vendor", "--currency", "EUR"],
    ["gateways", "add", "gw1", "--max-channels", "30"],
    ["gateways", "add", "gw2", "--dial-prefix", "011#", "--disabled"],
    ["routes", "add", "intl", "--max-attempts", "2"],
    ["routes", "add-gateway", "intl", "gw1", "--weight", "3"],
    ["routes", "add-gateway", "intl", "gw2"],
    ["products", "add", "gold", "--rate-table", "retail", "--access-number", "18005550100", "--connect-fee", "0.105", "--expiry", "after-first-use:90"],
    ["products", "add", "shop", "--kind", "retail", "--rate-table", "retail", "--country-code", "44", "--national-prefix", "0"],
    ["cards", "generate", "--product", "gold", "--count", "3", "--value", "10.005", "--out", join(dir, "cards.csv")],
    ["accounts", "create", "--product", "shop", "--name", "Corner Shop", "--balance", "20"],
    ["accounts", "debit", "4", "2.5", "--note", "correction"],
    ["cli", "add", "02079460000", "--account", "4"],
    ["cli", "add", "+12125550100", "--card", "0000000002"],
    ["cards", "block", "0000000003"],
  ]) await ok(db, argv);
  const now = Math.floor(Date.now() / 1000);
  exec(db, "UPDATE accounts SET held_micros = 1500000 WHERE id = 2");
  exec(db, "INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, created_at, expires_at) VALUES ('h1', 2, 1, 1500000, 60, '4420', '4420', 1, 1, 0, 0, 60, 60, 0, 0, ?, ?)", now - 8000, now + 630);
  exec(db, "INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES ('ani', '15551230000', 5, ?, ?, ?), ('dnis', '18005550100', 2, ?, ?, 0)", now - 100, now - 10, now + 3500, now - 50, now - 40);
  const day = Date.UTC(2026, 10, 1) / 1000;
  for (const [uuid, product, answered, cost, vendor, started] of [["c1", 1, 65000, 100000, 60000, day + 10], ["c2", 2, 0, 0, 0, day + 20], ["c3", 1, 30000, 50000, 70000, day + 86410]] as const) {
    exec(
      db,
      "INSERT INTO cdrs (uuid, account_id, product_id, destination, prefix, rate_table_id, gateway, rate_per_minute_micros, granted_seconds, answered_ms, cost_micros, vendor_cost_micros, balance_before_micros, balance_after_micros, disposition, started_at, settled_at) VALUES (?, 1, ?, '442071234567', '4420', 1, 'gw1', 12300, 600, ?, ?, ?, 10005000, 10005000 - ?, 'NORMAL_CLEARING', ?, ? + 100)",
      uuid, product, answered, cost, vendor, cost, started, started,
    );
  }
}
