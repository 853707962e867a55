// Benchmark databases, built with the CLI's own schema (`ccard init`) and better-sqlite3:
// a rate deck of N prefixes shaped like a carrier's (country codes, then area and mobile
// prefixes of varying depth), the random E.164 numbers looked up against it, and a small
// catalogue (product, card, accounts, gateway with a vendor table) for the call and money runs.
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";

// Country codes with a rough weight (bigger markets get more area prefixes in a real deck).
const COUNTRIES = [
  ["1", 30], ["7", 6], ["20", 3], ["27", 3], ["30", 2], ["31", 3], ["32", 2], ["33", 6], ["34", 5], ["36", 2],
  ["39", 6], ["40", 2], ["41", 2], ["43", 2], ["44", 8], ["45", 1], ["46", 2], ["47", 1], ["48", 3], ["49", 8],
  ["52", 5], ["54", 3], ["55", 6], ["56", 2], ["57", 3], ["61", 3], ["62", 4], ["63", 4], ["64", 1], ["65", 1],
  ["66", 3], ["81", 5], ["82", 3], ["84", 3], ["86", 10], ["90", 3], ["91", 10], ["92", 4], ["93", 1], ["212", 2],
  ["213", 2], ["234", 4], ["254", 2], ["255", 2], ["351", 2], ["353", 1], ["358", 1], ["380", 3], ["420", 1], ["880", 3],
  ["966", 2], ["971", 2], ["972", 1], ["977", 1], ["998", 1],
];

/** A seeded PRNG (mulberry32), so every run measures the same deck and numbers. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digits(rand, n) {
  let s = "";
  for (let i = 0; i < n; i++) s += String(Math.floor(rand() * 10));
  return s;
}

function weightedCountry(rand, total) {
  let x = rand() * total;
  for (const [cc, w] of COUNTRIES) {
    x -= w;
    if (x < 0) return cc;
  }
  return COUNTRIES[0][0];
}

/** N distinct prefixes: every country code, then area prefixes 1–7 digits past it (mostly 2–5). */
export function prefixTree(n, rand) {
  const total = COUNTRIES.reduce((s, [, w]) => s + w, 0);
  const set = new Set(COUNTRIES.map(([cc]) => cc).slice(0, n));
  const depths = [1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7];
  while (set.size < n) {
    const cc = weightedCountry(rand, total);
    set.add(cc + digits(rand, depths[Math.floor(rand() * depths.length)]));
  }
  return [...set];
}

/** Numbers to look up: 80 % extend a prefix of the deck, 20 % are any number of a country; 8–12 national digits. */
export function e164Numbers(prefixes, count, rand) {
  const total = COUNTRIES.reduce((s, [, w]) => s + w, 0);
  const out = [];
  for (let i = 0; i < count; i++) {
    const start = rand() < 0.8 ? prefixes[Math.floor(rand() * prefixes.length)] : weightedCountry(rand, total);
    const cc = COUNTRIES.find(([c]) => start.startsWith(c))[0];
    const national = 8 + Math.floor(rand() * 5);
    const len = Math.min(15, cc.length + national);
    out.push(start.length >= len ? start : start + digits(rand, len - start.length));
  }
  return out;
}

/** An empty database with the current schema (the CLI's migrations), replacing any file at path. */
export function initDb(path) {
  for (const f of [path, path + "-wal", path + "-shm"]) rmSync(f, { force: true });
  execFileSync("node", ["bin/ccard", "init", "--db", path], { stdio: "ignore" });
  const db = new Database(path);
  db.pragma("journal_mode=WAL");
  return db;
}

const NOW = Math.floor(Date.now() / 1000);

/** A rate table with one deck in force, its longest prefix recorded as `ccard rates import` records it. */
function insertRates(db, tableId, name, prefixes, rand) {
  const longest = prefixes.reduce((m, p) => Math.max(m, p.length), 1);
  db.prepare("INSERT INTO rate_tables (id, name, currency, created_at) VALUES (?, ?, 'USD', ?)").run(tableId, name, NOW);
  db.prepare("INSERT INTO rate_versions (table_id, version, effective_at, max_prefix_digits, row_count, loaded_at) VALUES (?, 1, 0, ?, ?, ?)")
    .run(tableId, longest, prefixes.length, NOW);
  const ins = db.prepare(
    "INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, " +
      "initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route) VALUES (?, 1, ?, ?, ?, 0, 0, 60, 6, 0, 0, 'intl')",
  );
  db.transaction(() => {
    for (const p of prefixes) ins.run(tableId, p, "Zone " + p.slice(0, 4), 1000 + Math.floor(rand() * 500000));
  })();
}

/** Writes a rate database of n prefixes and a numbers file (one a line); returns their paths. */
export function rateDeckDb(dir, n, lookups) {
  const rand = prng(n);
  const path = `${dir}/rates-${n}.db`;
  const db = initDb(path);
  const prefixes = prefixTree(n, rand);
  insertRates(db, 1, "bench", prefixes, rand);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const numbers = `${dir}/numbers-${n}.txt`;
  writeFileSync(numbers, e164Numbers(prefixes, lookups, rand).join("\n") + "\n");
  return { path, numbers };
}

/**
 * A copy of a rate database (rateDeckDb) as a banded table with a deck pending: a band plan on
 * table 1, band prices on every row of its deck in force, and a second version of the deck
 * (the same rows) registered to take effect a year from now. Returns its path.
 */
export function bandedPendingCopy(dir, path) {
  const copy = path.replace(/\.db$/, "-banded.db");
  copyFileSync(path, copy);
  const db = new Database(copy);
  db.pragma("journal_mode=WAL");
  db.transaction(() => {
    db.prepare("UPDATE rate_tables SET band_zone = 'UTC', band_rules = 'peak=mon-fri/08:00-20:00;weekend=sat-sun/00:00-24:00', band_offsets = '0:0' WHERE id = 1").run();
    db.prepare("UPDATE rates SET bands = 'peak=' || (rate_per_minute_micros * 2) || ',weekend=' || (rate_per_minute_micros / 2) WHERE table_id = 1 AND version = 1").run();
    db.prepare(`INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros,
      initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route, bands)
      SELECT table_id, 2, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds,
      increment_seconds, grace_seconds, minimum_cost_micros, route, bands FROM rates WHERE table_id = 1 AND version = 1`).run();
    db.prepare(`INSERT INTO rate_versions (table_id, version, effective_at, max_prefix_digits, row_count, loaded_at)
      SELECT 1, 2, ?, max_prefix_digits, row_count, ? FROM rate_versions WHERE table_id = 1 AND version = 1`).run(NOW + 365 * 86400, NOW);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return copy;
}

// The card's PIN and access number, as bench/lua/call_cost.lua dials them.
const PIN = "123456789012";
const DNIS = "18005550100";

/**
 * The call and money database: rate table 1 (a 10,000-prefix deck), vendor table 2, gateway
 * gw1 on route intl, card product 1 (up to 64 concurrent calls) on access number DNIS, one
 * card with PIN, and `accounts` more card accounts (ids 2…) for the money runs.
 */
export function callDb(dir, accounts) {
  const rand = prng(7);
  const path = `${dir}/calls.db`;
  const db = initDb(path);
  const prefixes = prefixTree(10000, rand);
  insertRates(db, 1, "retail", prefixes, rand);
  insertRates(db, 2, "vendor", prefixes, rand);
  db.exec(`
    INSERT INTO gateways (id, name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (1, 'gw1', '', 0, 2, 1, ${NOW});
    INSERT INTO routes (id, name, max_attempts, created_at) VALUES (1, 'intl', 3, ${NOW});
    INSERT INTO route_gateways VALUES (1, 1, 1);
    INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, pin_length, pin_max_tries,
      max_call_seconds, lockout_failures, lockout_window_seconds, created_at) VALUES (1, 'gold', 'card', 'en', 'USD', 1, 64, 12, 3, 7200, 5, 3600, ${NOW});
    INSERT INTO access_numbers (dnis, product_id) VALUES ('${DNIS}', 1);
    INSERT INTO batches (id, product_id, card_count, value_micros, first_serial, last_serial, created_at) VALUES (1, 1, 0, 0, '0000000001', '0000000001', ${NOW});
  `);
  const acct = db.prepare("INSERT INTO accounts (id, product_id, kind, currency, balance_micros, held_micros, state, created_at) VALUES (?, 1, 'card', 'USD', ?, 0, 'active', ?)");
  for (let id = 1; id <= accounts + 1; id++) acct.run(id, 1e10, NOW);
  db.prepare("INSERT INTO cards (serial, pin, account_id, batch_id, product_id, state, created_at) VALUES ('0000000001', ?, 1, 1, 1, 'active', ?)").run(PIN, NOW);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return path;
}

/** Caller ID of retail account `id` in retailDb: the account id is its last four digits. */
export function retailCli(id) {
  return `3491100${String(id).padStart(4, "0")}`;
}

/**
 * The retail database for the capacity run: the call database's decks, gateway and route, a
 * retail product 'shop' (id 2, up to 64 concurrent calls per account) and `accounts` master
 * accounts (ids 2…) with a mapped caller ID each and `balanceMicros` on each.
 */
export function retailDb(dir, accounts, balanceMicros) {
  const path = callDb(dir, 0);
  const db = new Database(path);
  db.prepare("INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, max_call_seconds, created_at) VALUES (2, 'shop', 'retail', 'en', 'USD', 1, 64, 600, ?)").run(NOW);
  const acct = db.prepare("INSERT INTO accounts (id, product_id, kind, currency, balance_micros, held_micros, state, created_at) VALUES (?, 2, 'master', 'USD', ?, 0, 'active', ?)");
  const cli = db.prepare("INSERT INTO cli_map (cli, account_id, created_at) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (let id = 2; id < accounts + 2; id++) {
      acct.run(id, balanceMicros, NOW);
      cli.run(retailCli(id), id, NOW);
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return path;
}
