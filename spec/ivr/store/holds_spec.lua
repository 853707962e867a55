-- ivr.store.holds.placeHold given the account as its caller read it (req.account): the first try
-- goes on that read, and a read the account no longer matches costs a try, never the hold or money.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.store.holds.placeHold with the caller's read of the account", function()
  local restore, log, db, sql, account
  before_each(function()
    log = {}
    restore = fake_dbh.install_host(log)
    db = seed.fresh()
    account = seed.master(db, { balance = 1000000 })
    sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
  end)
  after_each(function()
    sql.release()
    restore()
  end)

  local function request(uuid, known)
    local rated = require("ivr.store.rates").findRate(sql, 1, "441612345678", seed.NOW)
    return {
      uuid = uuid, accountId = account, productId = 2, maxConcurrentCalls = 2, capSeconds = 7200,
      price = { rate = rated.rate, prices = {} }, ringSeconds = 60, rateTableId = 1, prefix = rated.prefix, destination = "441612345678",
      ani = "34911234567", dnis = seed.DNIS, gateway = "gw1", expiryMarginSeconds = 180, caps = { calls = 0, moneyMicros = 0 }, account = known,
    }
  end
  local function account_reads() return fake_dbh.count_statements(log, "FROM accounts a WHERE") end

  it("reads the account no more when the caller's read is still true", function()
    local placed = require("ivr.store.holds").placeHold(sql, seed.NOW, request("known-1",
      { balanceMicros = 1000000, heldMicros = 0, state = "active", live = 0, stale = 0 }))
    assert.is_true(placed.ok)
    assert.are.equal(0, account_reads())
    assert.are.equal(600, placed.value.grantedSeconds) -- 1.00 at 0.10 a minute
    assert.are.equal(placed.value.amountMicros, seed.account(db, account).held_micros + 0)
  end)

  it("reads again and grants from the account as it is when the caller's read promised more", function()
    -- Another call took 0.70 since the caller's read.
    seed.sql(db, "UPDATE accounts SET held_micros = 700000 WHERE id = " .. account)
    local placed = require("ivr.store.holds").placeHold(sql, seed.NOW, request("stale-1",
      { balanceMicros = 1000000, heldMicros = 0, state = "active", live = 0, stale = 0 }))
    assert.is_true(placed.ok)
    assert.are.equal(1, account_reads())
    assert.are.equal(180, placed.value.grantedSeconds) -- the 0.30 left
    assert.are.equal(700000 + placed.value.amountMicros, seed.account(db, account).held_micros + 0)
  end)

  it("never passes the product's call limit on a read that missed the calls since", function()
    local holds = require("ivr.store.holds")
    seed.sql(db, "UPDATE accounts SET balance_micros = 50000000 WHERE id = " .. account)
    assert.is_true(holds.placeHold(sql, seed.NOW, request("first-1")).ok)
    assert.is_true(holds.placeHold(sql, seed.NOW, request("first-2")).ok)
    local before = seed.snapshot(db)
    local refused = holds.placeHold(sql, seed.NOW, request("third-1",
      { balanceMicros = 1000000, heldMicros = 0, state = "active", live = 0, stale = 0 }))
    assert.are.same({ false, "TOO_MANY_CALLS" }, { refused.ok, refused.code })
    assert.are.same(before, seed.snapshot(db))
  end)
end)
