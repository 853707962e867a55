-- Lock waits on the FreeSWITCH-faithful fake Dbh: FreeSWITCH sets no busy timeout on SQLite and
-- retries a busy statement after 100 ms sleeps, so any collision of two write transactions
-- costs at least 100 ms; the IVR's handles set SQLite's own busy timeout, so a call that meets
-- another's write lock waits only as long as that transaction takes. On PostgreSQL the lock is
-- the account's row, and the wait is as short.
local seed = require("support.seed")
local procs = require("support.processes")
local fake_dbh = require("support.fake_dbh")

local HOLD_MS = 30

-- Another process takes the write lock (SQLite) or the account's row lock (PostgreSQL), says so
-- with a file, keeps it HOLD_MS and commits.
local function lock_elsewhere(db)
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
]], seed.dsn(db), seed.ENGINE == "sqlite" and "BEGIN IMMEDIATE" or "BEGIN", flag, HOLD_MS))
  f:close()
  assert(os.execute(procs.interpreter() .. " " .. script .. " >" .. dir .. "/out 2>&1 &"))
  local deadline = fake_dbh.now_ms() + 5000
  while not io.open(flag, "r") do
    assert(fake_dbh.now_ms() < deadline, "the locking process never took the lock")
    fake_dbh.sleep_ms(1)
  end
end

describe("two calls colliding on the write lock", function()
  local db
  before_each(function()
    db = seed.fresh()
    seed.card(db, { pin = "123456789012", balance = 5000000 })
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
end)
