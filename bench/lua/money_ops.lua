-- Authorise+settle throughput: one process of a concurrent run. Each op is one call's money:
--   engine: placeHold then settle (ivr.store.holds / ivr.store.settle over dbhSql over the fake
--           Dbh, which sets WAL + synchronous=FULL as on a switch), gateway gw1 with its vendor table;
--   bare:   the same rows changed by plain SQL in two BEGIN IMMEDIATE … COMMIT transactions
--           straight on the fake Dbh with the same pragmas, and none of the engine's reads
--           (on PostgreSQL: BEGIN … COMMIT, the server's own durability, as the engine has it).
--   lua5.3 bench/lua/money_ops.lua engine|bare DB WORKER ACCOUNT OPS
-- DB: an SQLite file, or a pgsql://CONNINFO DSN (PostgreSQL, as mod_pgsql opens it).
-- The runner times the processes; RESULT {ops, failed} is printed at the end.
local h = require("bench.lua.harness")
local mode, db = h.arg(1, "mode"), h.arg(2, "db")
local worker, account, ops = h.int_arg(3, "worker"), h.int_arg(4, "account"), h.int_arg(5, "ops")

local RATE = {
  ratePerMinuteMicros = 100000, connectFeeMicros = 0, disconnectFeeMicros = 0,
  initialSeconds = 60, incrementSeconds = 6, graceSeconds = 0, minimumCostMicros = 0,
}
local ANSWERED_MS, NOW = 6000, os.time()

local function uuid(i)
  return string.format("%08d-0000-4000-8000-%012d", worker, i)
end

local function engine()
  local holds, settle = require("ivr.store.holds"), require("ivr.store.settle")
  local sql = h.sql_port(db)
  local failed = 0
  for i = 1, ops do
    local u = uuid(i)
    local held = holds.placeHold(sql, NOW, {
      uuid = u, accountId = account, productId = 1, maxConcurrentCalls = 64, capSeconds = 600, price = { rate = RATE, prices = {} }, ringSeconds = 60,
      rateTableId = 1, prefix = "44", destination = "441612345678", ani = "15551230000", dnis = "18005550100",
      gateway = "gw1", expiryMarginSeconds = 60, caps = { calls = 0, moneyMicros = 0 },
    })
    local done = held.ok and settle.settle(sql, NOW, u, { answeredMs = ANSWERED_MS, cause = "NORMAL_CLEARING", disposition = "ANSWER", estimated = false })
    if not (done and done.ok) then failed = failed + 1 end
  end
  sql:release()
  return failed
end

local function bare()
  -- The Dbh itself (one sqlite3_exec or one PQsendQuery a statement, opened as FreeSWITCH opens
  -- the database), no engine.
  local dsn = h.dsn(db)
  local pgsql = dsn:match("^pgsql://") ~= nil
  local conn = require("support.fake_dbh").open(dsn)
  local function run(s)
    if not conn:query(s) then error(tostring(conn:last_error()) .. "\n" .. s) end
  end
  local begin = pgsql and "BEGIN" or "BEGIN IMMEDIATE"
  if not pgsql then
    for _, p in ipairs({ "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON" }) do
      run(p)
    end
  end
  local hold, cost = 1000000, 100000 -- 600 s at 0.10 a minute; 6 s billed as the 60 s initial block
  for i = 1, ops do
    local u = uuid(i)
    run(begin)
    run(string.format("UPDATE accounts SET held_micros = held_micros + %d WHERE id = %d", hold, account))
    run(string.format("INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " ..
      "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, " ..
      "minimum_cost_micros, gateway, created_at, expires_at) VALUES ('%s', %d, NULL, 1, %d, 600, '15551230000', '18005550100', " ..
      "'441612345678', '44', 1, 100000, 0, 0, 60, 6, 0, 0, 'gw1', %d, %d)", u, account, hold, NOW, NOW + 660))
    run("COMMIT")
    run(begin)
    run(string.format("UPDATE accounts SET balance_micros = balance_micros - %d, held_micros = held_micros - %d WHERE id = %d", cost, hold, account))
    run(string.format("INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, cost_table_id, " ..
      "gateway, rate_per_minute_micros, granted_seconds, answered_ms, cost_micros, vendor_cost_micros, balance_before_micros, " ..
      "balance_after_micros, hangup_cause, disposition, started_at, settled_at) VALUES ('%s', %d, NULL, 1, '15551230000', '18005550100', " ..
      "'441612345678', '44', 1, 2, 'gw1', 100000, 600, %d, %d, 3000, 0, 0, 'NORMAL_CLEARING', 'ANSWER', %d, %d)", u, account, ANSWERED_MS, cost, NOW, NOW))
    run(string.format("INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) " ..
      "VALUES (%d, 'call', %d, 0, 0, '%s', %d)", account, -cost, u, NOW))
    run(string.format("DELETE FROM holds WHERE uuid = '%s'", u))
    run("COMMIT")
  end
  conn:release()
  return 0
end

local failed
if mode == "engine" then failed = engine() elseif mode == "bare" then failed = bare() else error("mode must be engine or bare") end
h.result({ ops = ops, failed = failed, lua = _VERSION })
