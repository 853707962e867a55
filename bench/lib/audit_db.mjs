// A database of settled calls for bench/audit.mjs, written as the IVR writes them: card accounts
// issued with an 'issue' ledger row, CDRs at one of eight realistic tariffs (fees, blocks, grace,
// minimum; a free line), a third unanswered, some answered past their grant (billed at the
// grant), 1% estimated from the answer mark, the oldest 0.5% settled before schema 3 (no tariff
// columns), one 'call' / 'call_estimated' ledger row for each billed call, chained per account,
// and a few live holds. Bulk SQL from a recursive series; every cost comes from callCost through
// a price table (tariff × billed second) computed in Node, so the database holds nothing the
// audit should refuse.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");
const { openStore } = require("../../dist/src/cli/store/open.js");
const { callCost } = require("../../dist/src/domain/tariff.js");

// per minute, connect, disconnect, initial, increment, grace, minimum (micro-units, seconds); prefix, destination
const RATES = [
  [100000, 0, 0, 60, 60, 0, 0, "44", "441612345678"],
  [50000, 0, 0, 1, 1, 0, 0, "4420", "442071234567"],
  [20000, 0, 0, 6, 6, 0, 0, "1", "12125551234"],
  [60000, 10000, 0, 30, 6, 3, 0, "33", "33142685300"],
  [180000, 0, 0, 60, 60, 0, 50000, "521", "5215512345678"],
  [30000, 0, 5000, 1, 1, 0, 0, "91", "919876543210"],
  [90000, 0, 0, 30, 30, 5, 0, "4915", "4915112345678"],
  [0, 0, 0, 1, 1, 0, 0, "881", "88163123456"],
];
const MAX_GRANT = 3600;
/** Each card's value: more than ten calls of an hour at the dearest rate. */
const CARD_VALUE = 150000000;
const T0 = 1767225600; // 2026-01-01

const rateOf = (r) => ({
  ratePerMinuteMicros: r[0], connectFeeMicros: r[1], disconnectFeeMicros: r[2], initialSeconds: r[3], incrementSeconds: r[4], graceSeconds: r[5], minimumCostMicros: r[6],
});

/** Builds the database at `path` (which must not exist) with `cdrs` CDRs over `accounts` card accounts. */
export async function buildAuditDb(path, { cdrs, accounts, holds = 100 }) {
  await (await openStore(path, "create")).close(); // the schema, by ccard's own migrations
  const now = Math.floor(Date.now() / 1000);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // a benchmark fixture: nothing to survive
  db.pragma("cache_size = -262144");
  db.exec(`CREATE TEMP TABLE rate (id INTEGER PRIMARY KEY, per_minute, connect, disconnect, initial, increment, grace, minimum, prefix, destination);
    CREATE TEMP TABLE price (rate_id INTEGER, secs INTEGER, cost INTEGER, PRIMARY KEY (rate_id, secs)) WITHOUT ROWID;`);
  const addRate = db.prepare("INSERT INTO temp.rate VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const addPrice = db.prepare("INSERT INTO temp.price VALUES (?, ?, ?)");
  db.transaction(() => {
    RATES.forEach((r, id) => {
      addRate.run(id, ...r);
      for (let s = 0; s <= MAX_GRANT; s++) addPrice.run(id, s, callCost(rateOf(r), s * 1000));
    });
    db.prepare("INSERT INTO rate_tables (id, name, currency, created_at) VALUES (1, 'retail', 'USD', ?)").run(T0);
    db.prepare("INSERT INTO products (id, name, rate_table_id, created_at) VALUES (1, 'gold', 1, ?)").run(T0);
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO accounts (id, product_id, kind, currency, balance_micros, created_at) SELECT i, 1, 'card', 'USD', ?, ? FROM n`).run(accounts, CARD_VALUE, T0);
    db.prepare(`INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at)
      SELECT id, 'issue', balance_micros, 0, balance_micros, '1', created_at FROM accounts ORDER BY id`).run();
    // One call a row: its account, tariff, grant and answered time from a hash of its number.
    db.prepare(`CREATE TEMP TABLE calls AS
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
      h AS (SELECT i, (i * 7919) % ? + 1 AS acc, (i * 2654435761) % 4294967296 AS h FROM n),
      c AS (SELECT i, acc, h, h % 8 AS r, 60 + (h / 8) % ${MAX_GRANT - 59} AS granted, (h / 29000) % 100 AS pct, (h / 2900000) % 1000 AS frac FROM h),
      a AS (SELECT *, CASE WHEN pct < 33 THEN 0 ELSE 1 + frac * (granted * 1000 + 2000) / 1000 END AS talked_ms, i <= ? AS legacy FROM c),
      e AS (SELECT *, NOT legacy AND pct = 99 AND talked_ms > 0 AS estimated FROM a),
      t AS (SELECT *, CASE WHEN estimated THEN MAX(1000, MIN(talked_ms, granted * 1000)) ELSE talked_ms END AS answered_ms FROM e)
      SELECT i, acc, h, r, granted, answered_ms, MIN(answered_ms, granted * 1000) AS billed_ms, estimated, legacy FROM t`).run(cdrs, accounts, Math.floor(cdrs / 200));
    db.prepare(`INSERT INTO cdrs (id, uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, gateway,
        rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros,
        granted_seconds, hold_micros, answered_at, started_at, cost_table_id, answered_ms, billed_ms, estimated, cost_micros, vendor_cost_micros,
        balance_before_micros, balance_after_micros, hangup_cause, disposition, settled_at)
      SELECT i, printf('%08x-%04x-4%03x-%04x-%012x', h, (h / 7) % 65536, i % 4096, 32768 + (h / 13) % 16384, i), acc, NULL, 1, '', '18005550100',
        destination, prefix, 1, 'gw' || (h % 3 + 1), per_minute,
        CASE WHEN legacy THEN NULL ELSE connect END, CASE WHEN legacy THEN NULL ELSE disconnect END, CASE WHEN legacy THEN NULL ELSE initial END,
        CASE WHEN legacy THEN NULL ELSE increment END, CASE WHEN legacy THEN NULL ELSE grace END, CASE WHEN legacy THEN NULL ELSE minimum END,
        granted, CASE WHEN legacy THEN NULL ELSE hold END, CASE WHEN legacy OR answered_ms = 0 THEN NULL ELSE started + 5 END, started, NULL,
        answered_ms, CASE WHEN legacy THEN NULL ELSE billed_ms END, estimated, cost, cost / 3, after + cost, after,
        CASE WHEN answered_ms = 0 THEN 'NO_ANSWER' ELSE 'NORMAL_CLEARING' END, CASE WHEN estimated THEN 'ESTIMATED' WHEN answered_ms = 0 THEN 'NO_ANSWER' ELSE 'ANSWER' END,
        started + 10 + billed_ms / 1000
      FROM (SELECT c.*, t.*, p.cost, q.cost AS hold, ${T0} + 3 * i AS started,
              ${CARD_VALUE} - SUM(p.cost) OVER (PARTITION BY acc ORDER BY i) AS after
            FROM temp.calls c JOIN temp.rate t ON t.id = c.r JOIN temp.price p ON p.rate_id = c.r AND p.secs = (c.billed_ms + 999) / 1000
            JOIN temp.price q ON q.rate_id = c.r AND q.secs = c.granted)
      ORDER BY i`).run();
    db.prepare(`INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at)
      SELECT account_id, CASE WHEN estimated = 1 THEN 'call_estimated' ELSE 'call' END, -cost_micros, balance_before_micros, balance_after_micros, uuid, settled_at
      FROM cdrs WHERE answered_ms > 0 ORDER BY id`).run();
    db.prepare(`UPDATE accounts SET balance_micros = balance_micros - COALESCE((SELECT SUM(cost_micros) FROM cdrs c WHERE c.account_id = accounts.id), 0)`).run();
    // Calls up now: one hold each on the first accounts, none past its expiry while the benchmark runs.
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, rate_table_id, rate_per_minute_micros, connect_fee_micros,
        disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, gateway, created_at, expires_at)
      SELECT printf('live-%08d', i), i, 1, p.cost, 600, t.destination, t.prefix, 1, t.per_minute, t.connect, t.disconnect, t.initial, t.increment, t.grace, t.minimum,
        'gw1', ?, ? + 3600
      FROM n JOIN temp.rate t ON t.id = i % 8 JOIN temp.price p ON p.rate_id = t.id AND p.secs = 600`).run(Math.min(holds, accounts), now, now);
    db.prepare("UPDATE accounts SET held_micros = (SELECT SUM(amount_micros) FROM holds h WHERE h.account_id = accounts.id) WHERE id IN (SELECT account_id FROM holds)").run();
  })();
  db.exec("DROP TABLE temp.calls; DROP TABLE temp.price; DROP TABLE temp.rate; PRAGMA wal_checkpoint(TRUNCATE)");
  const counts = db.prepare(`SELECT (SELECT COUNT(*) FROM cdrs) AS cdrs, (SELECT COUNT(*) FROM ledger) AS ledger, (SELECT COUNT(*) FROM accounts) AS accounts,
    (SELECT COUNT(*) FROM cdrs WHERE estimated = 1) AS estimated, (SELECT COUNT(*) FROM cdrs WHERE billed_ms IS NULL) AS legacy`).get();
  db.close();
  return counts;
}
