local fake = require("support.fake_fs")
local seed = require("support.seed")

local PIN = "123456789012"

local function call(db, o)
  o.db = db
  o.globals = { ccard_dsn = "sqlite://" .. db, sounds_dir = "/snd" }
  o.vars = o.vars or { caller_id_number = "+15551230000", destination_number = seed.DNIS }
  o.distributor = o.distributor or { intl = { "gw1", "gw2" } }
  return fake.run("callingcard", o)
end

local function contains(list, seq)
  for i = 1, #list - #seq + 1 do
    local all = true
    for j = 1, #seq do
      if list[i + j - 1] ~= seq[j] then all = false break end
    end
    if all then return true end
  end
  return false
end

describe("calling card", function()
  local db
  before_each(function() db = seed.fresh() end)

  it("runs a PIN call end to end and settles it from the callee's answered milliseconds", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = call(db, {
      dtmf = { PIN, "00441612345678", "2" },
      bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } },
    })
    assert.is_true(contains(w.prompts, { "your_balance_is", "n_5", "usd_units" }))
    -- 5.00 at 0.10 a minute in 60 s blocks: 50 minutes.
    assert.is_true(contains(w.prompts, { "you_have", "n_50", "minutes", "minutes_of_talk_time" }))
    assert.are.equal(1, #w.bridges)
    local b = w.bridges[1]
    assert.are.equal("441612345678", b.number)
    assert.are.equal(3000, b.sched_hangup)
    assert.are.equal(2940, b.warning_at)
    assert.are.equal("/snd/en/us/espeak/ccard/one_minute_left.wav", b.warning_file)
    local cdr = seed.one(db, "SELECT * FROM cdrs")
    assert.are.equal(61000, cdr.answered_ms)
    assert.are.equal(200000, cdr.cost_micros) -- 61 s → two 60 s blocks at 0.10
    assert.are.equal(5000000, cdr.balance_before_micros)
    assert.are.equal(4800000, cdr.balance_after_micros)
    assert.are.equal("gw1", cdr.gateway)
    assert.are.equal(30500, cdr.vendor_cost_micros) -- vendor 0.03 a minute, per second: 30000 × 61 / 60
    assert.are.equal("441612345678", cdr.destination)
    assert.are.equal("44", cdr.prefix)
    local acct = seed.account(db, card.account_id)
    assert.are.equal(4800000, acct.balance_micros)
    assert.are.equal(0, acct.held_micros)
    local ledger = seed.sql(db, "SELECT * FROM ledger WHERE reason = 'call'")
    assert.are.equal(1, #ledger)
    assert.are.equal(-200000, ledger[1].amount_micros)
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    assert.are.equal("NORMAL_CLEARING", w.hangup_cause)
  end)
end)
