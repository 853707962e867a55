-- ivr.store.settle when the database refuses a statement in the middle of the settlement: on
-- PostgreSQL the transaction is then aborted, every later statement fails and COMMIT answers
-- true while nothing is written (docs/freeswitch.md), so only the writes' own counts tell.
-- Either engine: the settlement is reported as failed and the money is as it was.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.store.settle, the database refusing a write half way", function()
  local restore
  before_each(function() restore = fake_dbh.install_host() end)
  after_each(function() restore() end)

  it("reports the failure and leaves balance, held money, hold, CDRs and ledger as they were", function()
    local db = seed.fresh()
    local card = seed.card(db, { pin = "123456789012", balance = 5000000 })
    local sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
    local rates, holds = require("ivr.store.rates"), require("ivr.store.holds")
    local rated = rates.findRate(sql, 1, "441612345678", seed.NOW)
    local placed = holds.placeHold(sql, os.time(), {
      uuid = "refused-1", accountId = card.account_id, productId = 1, maxConcurrentCalls = 2, capSeconds = 600,
      price = { rate = rated.rate, prices = {} }, ringSeconds = 60, rateTableId = 1, prefix = rated.prefix, destination = "441612345678", ani = "15551230000",
      dnis = seed.DNIS, gateway = "gw1", expiryMarginSeconds = 90, caps = { calls = 0, moneyMicros = 0 },
    })
    assert.is_true(placed.ok)
    -- The ledger refuses every row from now on: the settlement's debit and CDR come before it.
    if seed.ENGINE == "sqlite" then
      seed.sql(db, "CREATE TRIGGER refuse BEFORE INSERT ON ledger BEGIN SELECT RAISE(ABORT, 'refused'); END")
    else
      seed.sql(db, "ALTER TABLE ledger ADD CONSTRAINT refuse CHECK (amount_micros > 0) NOT VALID")
    end
    local before = seed.snapshot(db)
    local ok, result = pcall(require("ivr.store.settle").settle, sql, os.time(), "refused-1",
      { answeredMs = 61000, cause = "NORMAL_CLEARING", disposition = "ANSWER", estimated = false })
    sql.release()
    assert.is_true(not ok or not result.ok, "the settlement was reported as done")
    assert.are.same(before, seed.snapshot(db))
    local a = seed.account(db, card.account_id)
    assert.are.same({ 5000000, placed.value.amountMicros }, { a.balance_micros, a.held_micros })
  end)
end)
