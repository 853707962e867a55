-- Lock waits on the FreeSWITCH-faithful fake Dbh: FreeSWITCH sets no busy timeout on SQLite and
-- retries a busy statement after 100 ms sleeps, so any collision of two write transactions
-- costs at least 100 ms; the IVR's handles set SQLite's own busy timeout, so a call that meets
-- another's write lock waits only as long as that transaction takes. On PostgreSQL the lock is
-- the account's row, and the wait is as short.
local seed = require("support.seed")
local procs = require("support.processes")
local fake_dbh = require("support.fake_dbh")
local calls = require("support.calls")

local HOLD_MS = 30

-- Another process takes the write lock (SQLite) or the account's row lock (PostgreSQL), says so
-- with a file, keeps it hold_ms (default HOLD_MS) and commits.
local function lock_elsewhere(db, hold_ms)
  local dir = procs.tmpdir()
  local flag = dir .. "/locked"
  local script = dir .. "/hold.lua"
  local f = assert(io.open(script, "w"))
  f:write(string.format([[
package.path = "spec/?.lua;" .. package.path
local fake_dbh = require("support.fake_dbh")
local h = fake_dbh.open(%q)
assert(h:query(%q))
assert(h:query("UPDATE accounts SET state = state WHERE id = 1"))
io.open("%s", "w"):close()
fake_dbh.sleep_ms(%d)
assert(h:query("COMMIT"))
]], seed.dsn(db), seed.ENGINE == "sqlite" and "BEGIN IMMEDIATE" or "BEGIN", flag, hold_ms or HOLD_MS))
  f:close()
  assert(os.execute(procs.interpreter() .. " " .. script .. " >" .. dir .. "/out 2>&1 &"))
  local deadline = fake_dbh.now_ms() + 5000
  while not io.open(flag, "r") do
    assert(fake_dbh.now_ms() < deadline, "the locking process never took the lock")
    fake_dbh.sleep_ms(1)
  end
end

describe("two calls colliding on the write lock", function()
  local db, card
  before_each(function()
    db = seed.fresh()
    card = seed.card(db, { pin = "123456789012", balance = 5000000 })
  end)

  local on_sqlite = seed.ENGINE == "sqlite" and it or pending

  on_sqlite("cost a whole 100 ms FreeSWITCH retry on a SQLite handle without a busy timeout, with its warning", function()
    local warnings = {}
    local h = fake_dbh.open(seed.dsn(db), nil, function(level, line) warnings[#warnings + 1] = level .. ": " .. line end)
    lock_elsewhere(db)
    local t0 = fake_dbh.now_ms()
    assert.is_true(h:query("BEGIN IMMEDIATE"))
    local waited = fake_dbh.now_ms() - t0
    assert.is_true(h:query("ROLLBACK"))
    h:release()
    fake_dbh.close_idle()
    assert.is_true(waited >= 100, "waited " .. waited .. " ms")
    assert.are.equal("warning: SQLite is BUSY, sane=299 [BEGIN IMMEDIATE]\n", warnings[1])
  end)

  it("wait only for the other transaction on the IVR's handles: far below 100 ms, no retry", function()
    _G.freeswitch = { Dbh = function(dsn) return fake_dbh.open(dsn) end } -- luacheck: ignore 111
    local sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
    sql:rows("SELECT 1 AS one") -- the handle is taken and set up before the collision
    local busy0 = fake_dbh.stats.busy_runs
    lock_elsewhere(db)
    local t0 = fake_dbh.now_ms()
    local r = require("ivr.store.holds").placeHold(sql, os.time(), {
      uuid = "busy-spec-0000-0000-0000-000000000001", accountId = 1, productId = 1, maxConcurrentCalls = 2, capSeconds = 600,
      price = { rate = { ratePerMinuteMicros = 100000, connectFeeMicros = 0, disconnectFeeMicros = 0, initialSeconds = 60, incrementSeconds = 60,
        graceSeconds = 0, minimumCostMicros = 0 }, prices = {} },
      ringSeconds = 60, rateTableId = 1, prefix = "44", destination = "441612345678", ani = "15551230000", dnis = "18005550100", gateway = "gw1",
      expiryMarginSeconds = 180, caps = { calls = 0, moneyMicros = 0 },
    })
    local waited = fake_dbh.now_ms() - t0
    sql:release()
    fake_dbh.close_idle()
    _G.freeswitch = nil
    assert.is_true(r.ok)
    assert.are.equal(0, fake_dbh.stats.busy_runs - busy0)
    assert.is_true(waited < 80, "waited " .. waited .. " ms for a " .. HOLD_MS .. " ms transaction")
  end)

  on_sqlite("give up after the switch's retries on a database locked for good: service unavailable, no hold", function()
    -- The switch runs a busy statement 299 times; 3 here (fake_dbh.busy_tries), the outcome the same.
    local runs = 3
    local timeout = require("ivr.host.dbh_sql").SQLITE_BUSY_TIMEOUT_MS
    local bound = runs * timeout + (runs - 1) * 100 -- SQLite's wait each run, the switch's sleep between
    fake_dbh.busy_tries(runs + 1)
    finally(function() fake_dbh.busy_tries(300) end)
    lock_elsewhere(db, bound + 2000)
    local t0 = fake_dbh.now_ms()
    local w = calls.card_call(db, { dtmf = { "123456789012", "00441612345678" } })
    local waited = fake_dbh.now_ms() - t0
    assert.are.same("service_unavailable", w.prompts[#w.prompts])
    assert.are.equal(0, #w.bridges)
    local logged = table.concat(w.logs, "")
    assert.truthy(logged:find("SQLite is BUSY, sane=" .. runs .. " [BEGIN IMMEDIATE]", 1, true), logged)
    assert.truthy(logged:find("SQLite is BUSY, sane=1 [BEGIN IMMEDIATE]", 1, true), logged)
    assert.is_true(waited >= bound and waited < bound + 1500, "waited " .. waited .. " ms, the bound " .. bound .. " ms")
    -- Read beside the other process's open transaction (WAL): what is committed.
    local a = seed.account(db, card.account_id)
    assert.are.same({ 5000000, 0 }, { a.balance_micros, a.held_micros })
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  end)
end)
