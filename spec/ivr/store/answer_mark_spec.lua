-- The answer mark (answered.lua) written while a reaper releases the same expired hold: one of
-- them wins, never both. Both would leave an answered call with no hold and no CDR, unbilled.
-- On PostgreSQL the mark is written on another connection between the release's first and last
-- write (the moment a row-lock-free guard would miss it); on SQLite the release holds the write
-- lock, so the mark waits. Either engine: the mark is refused, or the release finds it.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.store.answer_mark.markAnswered racing a reaper's release", function()
  local restore
  before_each(function() restore = fake_dbh.install_host() end)
  after_each(function()
    fake_dbh.busy_tries(300)
    restore()
  end)

  it("is either refused (the hold released) or seen by the release (the hold kept for billing)", function()
    local db = seed.fresh()
    local card = seed.card(db, { pin = "123456789013", balance = 5000000 })
    local dbh_sql = require("ivr.host.dbh_sql")
    local reaper, caller = dbh_sql.dbhSql(seed.dsn(db)), dbh_sql.dbhSql(seed.dsn(db))
    local settle, settlement = require("ivr.store.settle"), require("domain.settlement")
    local rated = require("ivr.store.rates").findRate(reaper, 1, "441612345678", seed.NOW)
    local placed_at = os.time() - 3600 -- expired long ago
    local placed = require("ivr.store.holds").placeHold(reaper, placed_at, {
      uuid = "mark-race-1", accountId = card.account_id, productId = 1, maxConcurrentCalls = 2, capSeconds = 600,
      price = { rate = rated.rate, prices = {} }, ringSeconds = 60, rateTableId = 1, prefix = rated.prefix, destination = "441612345678",
      ani = "15551230000", dnis = seed.DNIS, gateway = "gw1", expiryMarginSeconds = 90, caps = { calls = 0, moneyMicros = 0 },
    })
    assert.is_true(placed.ok)
    -- The reaper read the hold before the callee answered: no mark, so it plans a release.
    local call = settle.heldCall(reaper, "mark-race-1")
    assert.is_nil(call.answeredAt)
    -- The caller's leg answers right after the release's first write.
    if seed.ENGINE == "pgsql" then caller:exec("SET lock_timeout = '300ms'") else fake_dbh.busy_tries(2) end
    local marked
    local writes = 0
    local during = setmetatable({
      exec = function(_, s)
        local n = reaper:exec(s)
        if not s:match("^BEGIN") then
          writes = writes + 1
          if writes == 1 then
            local ok, r = pcall(require("ivr.store.answer_mark").markAnswered, caller, "mark-race-1", os.time())
            marked = ok and r
          end
        end
        return n
      end,
    }, { __index = reaper })
    local released = require("ivr.store.tx").runPlan(during, card.account_id, settlement.planRelease(call, os.time()))
    local hold = seed.one(db, "SELECT answered_at FROM holds WHERE uuid = 'mark-race-1'")
    caller.release()
    reaper.release()
    assert.is_not_nil(marked, "the mark was never tried")
    assert.are_not.equal(marked, released, "marked " .. tostring(marked) .. ", released " .. tostring(released))
    local a = seed.account(db, card.account_id)
    if released then
      assert.is_nil(hold)
      assert.are.same({ 5000000, 0 }, { a.balance_micros, a.held_micros })
    else
      assert.is_not_nil(hold, "an answered call's hold is gone without a CDR")
      assert.are.same({ 5000000, placed.value.amountMicros }, { a.balance_micros, a.held_micros })
    end
  end)
end)
