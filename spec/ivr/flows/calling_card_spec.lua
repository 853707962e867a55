local seed = require("support.seed")
local calls = require("support.calls")
local tariff = require("domain.tariff")

local PIN = "123456789012"
local UK = "00441612345678" -- prefix 44: 0.10 a minute in 60 s blocks
local contains, count = calls.contains, calls.count

local UK_RATE = {
  ratePerMinuteMicros = 100000, connectFeeMicros = 0, disconnectFeeMicros = 0,
  initialSeconds = 60, incrementSeconds = 60, graceSeconds = 0, minimumCostMicros = 0,
}

local function no_money_moved(db, account_id, balance)
  local a = seed.account(db, account_id)
  assert.are.equal(balance, a.balance_micros)
  assert.are.equal(0, a.held_micros)
  assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  assert.are.equal(0, #seed.sql(db, "SELECT * FROM ledger"))
end

describe("calling card", function()
  local db
  before_each(function() db = seed.fresh() end)

  describe("a PIN call end to end, 61 s answered on a 5.00 card", function()
    local card, w, b
    before_each(function()
      card = seed.card(db, { pin = PIN, balance = 5000000 })
      w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } },
      })
      b = w.bridges[1]
    end)

    it("welcomes, asks for the PIN, announces the balance and the talk time", function()
      assert.is_true(contains(w.prompts, { "welcome", "enter_pin", "your_balance_is", "n_5", "usd_units", "enter_destination" }))
      -- 5.00 at 0.10 a minute in 60 s blocks: 50 minutes granted, cut off one second inside them
      -- (the switch's scheduler rounds: src/ivr/cutoff.ts), so the caller hears 49 minutes.
      assert.is_true(contains(w.prompts, { "you_have", "n_40", "n_9", "minutes", "minutes_of_talk_time", "connecting" }))
    end)

    it("dials once, with the cut-off, the warning and the settlement hook on the callee leg", function()
      assert.are.equal(1, #w.bridges)
      assert.are.equal("441612345678", b.number)
      assert.are.equal(2999, b.sched_hangup)
      assert.are.equal(2939, b.warning_at)
      assert.are.equal("/snd/en/us/espeak/ccard/one_minute_left.wav", b.warning_file)
      assert.are.equal("lua settle.lua " .. b.vars.origination_uuid, b.vars.api_reporting_hook)
    end)

    it("writes one CDR priced from the callee's answered milliseconds, with the vendor's cost", function()
      local cdr = seed.one(db, "SELECT * FROM cdrs")
      assert.are.equal(b.vars.origination_uuid, cdr.uuid)
      assert.are.equal(61000, cdr.answered_ms)
      assert.are.equal(200000, cdr.cost_micros) -- 61 s → two 60 s blocks at 0.10
      assert.are.equal(5000000, cdr.balance_before_micros)
      assert.are.equal(4800000, cdr.balance_after_micros)
      assert.are.equal("gw1", cdr.gateway)
      assert.are.equal(30500, cdr.vendor_cost_micros) -- vendor 0.03 a minute, per second: 30000 × 61 / 60
      assert.are.equal(2, cdr.cost_table_id)
      assert.are.equal(1, cdr.rate_table_id)
      assert.are.equal(100000, cdr.rate_per_minute_micros)
      assert.are.equal(3000, cdr.granted_seconds)
      assert.are.equal("441612345678", cdr.destination)
      assert.are.equal("44", cdr.prefix)
      assert.are.equal(calls.ANI, cdr.ani)
      assert.are.equal(seed.DNIS, cdr.dnis)
      assert.are.equal("NORMAL_CLEARING", cdr.hangup_cause)
    end)

    it("debits the card once, in the ledger, and holds nothing afterwards", function()
      local acct = seed.account(db, card.account_id)
      assert.are.equal(4800000, acct.balance_micros)
      assert.are.equal(0, acct.held_micros)
      local ledger = seed.sql(db, "SELECT * FROM ledger")
      assert.are.equal(1, #ledger)
      assert.are.same({ "call", -200000, 5000000, 4800000, b.vars.origination_uuid },
        { ledger[1].reason, ledger[1].amount_micros, ledger[1].balance_before_micros, ledger[1].balance_after_micros, ledger[1].ref })
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    end)

    it("says goodbye and hangs up normally when the caller declines another call", function()
      assert.are.equal("NORMAL_CLEARING", w.hangup_cause)
      assert.are.equal("goodbye", w.prompts[#w.prompts])
    end)
  end)

  it("refuses a bad PIN to the last try, recording each failure, and charges nothing", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { "999999999999", "888888888888", "777777777777" } })
    assert.are.equal(3, count(w.prompts, "enter_pin"))
    assert.are.equal(3, count(w.prompts, "invalid_pin"))
    assert.are.equal(0, #w.bridges)
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    assert.are.equal(3, seed.one(db, "SELECT failures FROM auth_failures WHERE kind = 'ani' AND key = '" .. calls.ANI .. "'").failures)
    assert.are.equal(3, seed.one(db, "SELECT failures FROM auth_failures WHERE kind = 'dnis'").failures)
    no_money_moved(db, card.account_id, 5000000)
  end)

  it("locks a caller ID out across calls, then refuses even the right PIN", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    calls.card_call(db, { dtmf = { "999999999991", "999999999992", "999999999993" } })
    local second = calls.card_call(db, { dtmf = { "999999999994", "999999999995" } })
    assert.is_true(contains(second.prompts, { "locked_out" }))
    local third = calls.card_call(db, { dtmf = { PIN } })
    assert.are.equal(0, count(third.prompts, "enter_pin"))
    assert.is_true(contains(third.prompts, { "welcome", "locked_out", "goodbye" }))
    assert.are.equal("CALL_REJECTED", third.hangup_cause)
    -- Another caller ID on the same access number is not locked.
    local other = calls.card_call(db, { vars = { caller_id_number = "15559999999" }, dtmf = { PIN, "" , "", "" } })
    assert.is_true(contains(other.prompts, { "enter_pin", "your_balance_is" }))
    no_money_moved(db, card.account_id, 5000000)
  end)

  it("lets a correct PIN clear the caller ID's earlier failures", function()
    seed.card(db, { pin = PIN, balance = 5000000 })
    calls.card_call(db, { dtmf = { "999999999991", PIN, "", "", "" } })
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM auth_failures WHERE kind = 'ani'"))
  end)

  it("recognises a mapped caller ID without asking for a PIN (pinless)", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    seed.map_cli(db, calls.ANI, card.account_id)
    local w = calls.card_call(db, { dtmf = { UK, "2" }, bridges = { { result = "answer", talk_ms = 30000 } } })
    assert.are.equal(0, count(w.prompts, "enter_pin"))
    assert.are.equal(4900000, seed.account(db, card.account_id).balance_micros)
  end)

  it("refuses an expired card", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000, expires_at = seed.NOW - 10 })
    local w = calls.card_call(db, { dtmf = { PIN } })
    assert.is_true(contains(w.prompts, { "card_expired" }))
    assert.are.equal(0, count(w.prompts, "enter_destination"))
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    no_money_moved(db, card.account_id, 5000000)
  end)

  it("refuses a blocked card and a void card", function()
    local blocked = seed.card(db, { pin = PIN, balance = 5000000, state = "blocked" })
    local w = calls.card_call(db, { dtmf = { PIN } })
    assert.is_true(contains(w.prompts, { "card_blocked" }))
    no_money_moved(db, blocked.account_id, 5000000)
    seed.card(db, { pin = "222222222222", balance = 1000000, state = "void" })
    local v = calls.card_call(db, { dtmf = { "222222222222" } })
    assert.is_true(contains(v.prompts, { "card_void" }))
  end)

  it("activates a new card on first use and starts its days-after-first-use expiry", function()
    seed.sql(db, "UPDATE products SET expiry_kind = 'after_first_use', expiry_days = 30 WHERE id = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000, state = "new" })
    local w = calls.card_call(db, { dtmf = { PIN, "", "", "" } })
    assert.is_true(contains(w.prompts, { "card_activated" }))
    local row = seed.one(db, "SELECT * FROM cards WHERE serial = '" .. card.serial .. "'")
    assert.are.equal("active", row.state)
    assert.is_true(math.abs(row.first_used_at - os.time()) <= 5)
    assert.are.equal(row.first_used_at + 30 * 86400, row.expires_at)
    -- Second use: no activation again.
    local again = calls.card_call(db, { dtmf = { PIN, "", "", "" } })
    assert.are.equal(0, count(again.prompts, "card_activated"))
  end)

  it("charges maintenance fees due, at most the money available", function()
    seed.sql(db, "UPDATE products SET maintenance_fee_micros = 250000, maintenance_every_days = 30 WHERE id = 1")
    -- First used 65 days ago, paid until 35 days ago: two periods due (35 and 5 days ago).
    local card = seed.card(db, { pin = PIN, balance = 5000000, first_used_at = seed.NOW - 65 * 86400, fees_paid_until = seed.NOW - 35 * 86400 })
    local w = calls.card_call(db, { dtmf = { PIN, "", "", "" } })
    assert.is_true(contains(w.prompts, { "maintenance_fee_charged", "n_50", "usd_minors" }))
    assert.are.equal(4500000, seed.account(db, card.account_id).balance_micros)
    local l = seed.one(db, "SELECT * FROM ledger")
    assert.are.same({ "maintenance_fee", -500000, 5000000, 4500000 }, { l.reason, l.amount_micros, l.balance_before_micros, l.balance_after_micros })
    assert.are.equal(seed.NOW + 25 * 86400, seed.one(db, "SELECT fees_paid_until FROM cards").fees_paid_until)
  end)

  it("announces a zero balance and refuses to connect", function()
    local card = seed.card(db, { pin = PIN, balance = 0 })
    local w = calls.card_call(db, { dtmf = { PIN, UK } })
    assert.is_true(contains(w.prompts, { "your_balance_is", "n_0", "usd_units" }))
    assert.is_true(contains(w.prompts, { "insufficient_balance", "goodbye" }))
    assert.are.equal(0, #w.bridges)
    no_money_moved(db, card.account_id, 0)
  end)

  it("refuses when not even the first block is affordable", function()
    local card = seed.card(db, { pin = PIN, balance = 99999 }) -- a 60 s block costs 0.10
    local w = calls.card_call(db, { dtmf = { PIN, UK } })
    assert.is_true(contains(w.prompts, { "insufficient_balance" }))
    assert.are.equal(0, #w.bridges)
    no_money_moved(db, card.account_id, 99999)
  end)

  it("says an unknown destination is unavailable and lets the caller dial again", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, "0086123456789", "12", UK, "2" },
      bridges = { { result = "answer", talk_ms = 5000 } },
    })
    assert.is_true(contains(w.prompts, { "destination_unavailable" }))
    assert.is_true(contains(w.prompts, { "invalid_number" }))
    assert.are.equal(1, #w.bridges)
    assert.are.equal(4900000, seed.account(db, card.account_id).balance_micros)
  end)

  it("lets a free destination talk up to the product's maximum and charges nothing", function()
    local card = seed.card(db, { pin = PIN, balance = 1 })
    local w = calls.card_call(db, { dtmf = { PIN, "008811234567", "2" }, bridges = { { result = "answer", talk_ms = 600000 } } })
    assert.are.equal(7199, w.bridges[1].sched_hangup)
    assert.are.equal(0, seed.one(db, "SELECT cost_micros FROM cdrs").cost_micros)
    assert.are.equal(1, seed.account(db, card.account_id).balance_micros)
  end)

  it("fails over to the next gateway when the first rejects", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, UK, "2" },
      bridges = { { result = "busy", gateway = "gw1" }, { result = "answer", talk_ms = 120000, gateway = "gw2" } },
    })
    assert.are.equal(2, #w.bridges)
    assert.are.equal("00441612345678", w.bridges[2].number) -- gw2 dials with its prefix 00
    assert.is_true(contains(w.api_calls, { "distributor intl gw1" }))
    local cdrs = seed.sql(db, "SELECT * FROM cdrs ORDER BY id")
    assert.are.equal(2, #cdrs)
    assert.are.same({ "gw1", 0, 0, "USER_BUSY" }, { cdrs[1].gateway, cdrs[1].answered_ms, cdrs[1].cost_micros, cdrs[1].hangup_cause })
    assert.are.same({ "gw2", 120000, 200000 }, { cdrs[2].gateway, cdrs[2].answered_ms, cdrs[2].cost_micros })
    assert.are.equal(1, #seed.sql(db, "SELECT * FROM ledger"))
    assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
  end)

  it("releases the hold and charges nothing when every gateway fails", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, UK, "2" },
      bridges = { { result = "busy", gateway = "gw1" }, { result = "unreachable", gateway = "gw2" } },
    })
    assert.are.equal(2, #w.bridges)
    assert.is_true(contains(w.prompts, { "call_failed", "another_call" }))
    no_money_moved(db, card.account_id, 5000000)
    assert.are.equal(2, #seed.sql(db, "SELECT * FROM cdrs WHERE cost_micros = 0 AND answered_ms = 0"))
  end)

  it("schedules the cut-off one second inside maxTalkSeconds from the callee's answer and never overdraws", function()
    local balance = 1234567
    local card = seed.card(db, { pin = PIN, balance = balance })
    local granted = tariff.maxTalkSeconds(UK_RATE, balance, 7200)
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 99999999 } } })
    local b = w.bridges[1]
    assert.are.equal(granted - 1, b.sched_hangup)
    assert.are.equal(granted - 61, b.warning_at)
    assert.are.equal("ALLOTTED_TIMEOUT", seed.one(db, "SELECT hangup_cause FROM cdrs").hangup_cause)
    local after = seed.account(db, card.account_id).balance_micros
    assert.are.equal(balance - tariff.callCost(UK_RATE, b.billmsec), after)
    assert.is_true(after >= 0)
  end)

  it("gives no warning when the call may last a minute or less", function()
    seed.card(db, { pin = PIN, balance = 100000 }) -- one 60 s block
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 10000 } } })
    assert.are.equal(59, w.bridges[1].sched_hangup)
    assert.is_nil(w.bridges[1].vars.execute_on_answer_2)
  end)

  it("settles exactly domain.tariff's cost for the answered milliseconds", function()
    math.randomseed(7)
    for _ = 1, 8 do
      db = seed.fresh()
      local card = seed.card(db, { pin = PIN, balance = 3000000 })
      local ms = math.random(1, 1500000)
      local w = calls.card_call(db, { dtmf = { PIN, "0033142685300", "2" }, bridges = { { result = "answer", talk_ms = ms } } })
      local france = { ratePerMinuteMicros = 60000, connectFeeMicros = 10000, disconnectFeeMicros = 0,
        initialSeconds = 30, incrementSeconds = 6, graceSeconds = 3, minimumCostMicros = 0 }
      local billed = w.bridges[1].billmsec
      assert.are.equal(3000000 - tariff.callCost(france, billed), seed.account(db, card.account_id).balance_micros)
    end
  end)

  it("offers a second call re-authorised on the new balance", function()
    local card = seed.card(db, { pin = PIN, balance = 300000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, UK, "1", UK, "2" },
      bridges = { { result = "answer", talk_ms = 60000 }, { result = "answer", talk_ms = 999999 } },
    })
    -- 0.30 → three minutes; after one minute, 0.20 → two minutes (each cut one second inside).
    assert.are.equal(179, w.bridges[1].sched_hangup)
    assert.are.equal(119, w.bridges[2].sched_hangup)
    assert.is_true(contains(w.prompts, { "your_balance_is", "n_20", "usd_minors" }))
    assert.are.equal(0, seed.account(db, card.account_id).balance_micros)
    assert.are.equal(2, #seed.sql(db, "SELECT * FROM ledger WHERE reason = 'call'"))
  end)

  it("reaps the account's stale holds when it authorises, and counts only live ones toward the limit", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    -- Two holds left by a crashed switch (limit is 2 calls): expired, so released and noted.
    for i = 1, 2 do
      seed.sql(db, string.format("INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, " ..
        "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, " ..
        "grace_seconds, minimum_cost_micros, created_at, expires_at) VALUES ('stale-%d', %d, 1, 1000000, 600, '441612345678', '44', " ..
        "1, 100000, 0, 0, 60, 60, 0, 0, %d, %d)", i, card.account_id, seed.NOW - 4000, seed.NOW - 100))
    end
    seed.sql(db, "UPDATE accounts SET held_micros = 2000000 WHERE id = " .. card.account_id)
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 60000 } } })
    -- Reaped before the announcement: the caller hears the whole 5.00.
    assert.is_true(contains(w.prompts, { "your_balance_is", "n_5", "usd_units" }))
    assert.are.equal(2999, w.bridges[1].sched_hangup)
    local reaped = seed.sql(db, "SELECT * FROM ledger WHERE reason = 'hold_reaped' ORDER BY ref")
    assert.are.same({ "stale-1", "stale-2" }, { reaped[1].ref, reaped[2].ref })
    assert.are.equal(0, reaped[1].amount_micros)
    local a = seed.account(db, card.account_id)
    assert.are.same({ 4900000, 0 }, { a.balance_micros, a.held_micros })
  end)

  it("places no further call once the card is blocked mid-session", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, UK, "1" },
      bridges = { { result = "answer", talk_ms = 60000, during = function()
        seed.sql(db, "UPDATE cards SET state = 'blocked' WHERE serial = '" .. card.serial .. "'")
      end } },
    })
    assert.are.equal(1, #w.bridges)
    assert.are.equal("card_blocked", w.prompts[#w.prompts])
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    assert.are.equal(4900000, seed.account(db, card.account_id).balance_micros)
  end)

  it("places no further call once the card has expired mid-session", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000, expires_at = os.time() + 3600 })
    local w = calls.card_call(db, {
      dtmf = { PIN, UK, "1" },
      bridges = { { result = "answer", talk_ms = 60000, during = function()
        seed.sql(db, "UPDATE cards SET expires_at = " .. (os.time() - 1) .. " WHERE serial = '" .. card.serial .. "'")
      end } },
    })
    assert.are.equal(1, #w.bridges)
    assert.are.equal("card_expired", w.prompts[#w.prompts])
  end)

  it("holds no money when a gateway's settings cannot go into a dial string", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    seed.sql(db, "UPDATE gateways SET dial_prefix = '0,0' WHERE name = 'gw1'")
    local w = calls.card_call(db, { dtmf = { PIN, UK } })
    assert.are.equal(0, #w.bridges)
    assert.are.equal("service_unavailable", w.prompts[#w.prompts])
    assert.are.equal("NORMAL_TEMPORARY_FAILURE", w.hangup_cause)
    -- The bug's message, and the stack it was raised on.
    local logged = table.concat(w.logs, "")
    assert.truthy(logged:find("internal error: bad dial prefix\nstack traceback:", 1, true), logged)
    no_money_moved(db, card.account_id, 5000000)
  end)

  it("releases the hold when the bridge itself fails under the script", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK }, bridges = { { raise = "switch exploded" } } })
    assert.are.equal("service_unavailable", w.prompts[#w.prompts])
    local a = seed.account(db, card.account_id)
    assert.are.same({ 5000000, 0 }, { a.balance_micros, a.held_micros })
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    assert.are.equal("IVR_ERROR", seed.one(db, "SELECT disposition FROM cdrs").disposition)
  end)

  it("waits for a settlement that arrives after bridge returns", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 30000, hook = "after" } } })
    assert.is_true(contains(w.prompts, { "please_wait" }))
    assert.are.equal(4900000, seed.account(db, card.account_id).balance_micros)
  end)

  describe("when the caller hangs up", function()
    it("during the PIN prompt: nothing charged, no failure counted", function()
      local card = seed.card(db, { pin = PIN, balance = 5000000 })
      local w = calls.card_call(db, { dtmf = { { hangup = true, typed = "1234" } } })
      assert.is_nil(w.hangup_cause) -- the caller left; the script just ends
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM auth_failures"))
      no_money_moved(db, card.account_id, 5000000)
    end)

    it("while entering the destination: no hold left", function()
      local card = seed.card(db, { pin = PIN, balance = 5000000 })
      calls.card_call(db, { dtmf = { PIN, { hangup = true, typed = "0044" } } })
      no_money_moved(db, card.account_id, 5000000)
    end)

    it("while the talk time is announced: no bridge, no hold", function()
      local card = seed.card(db, { pin = PIN, balance = 5000000 })
      local w = calls.card_call(db, { dtmf = { PIN, UK }, hangup_after_prompt = "you_have" })
      assert.are.equal(0, #w.bridges)
      no_money_moved(db, card.account_id, 5000000)
    end)

    it("while the callee rings: the attempt is settled at zero", function()
      local card = seed.card(db, { pin = PIN, balance = 5000000 })
      local w = calls.card_call(db, { dtmf = { PIN, UK }, bridges = { { result = "no_answer", caller_hangs_up = true } } })
      assert.are.equal(1, #w.bridges)
      no_money_moved(db, card.account_id, 5000000)
      assert.are.equal(1, #seed.sql(db, "SELECT * FROM cdrs"))
    end)

    it("mid-call: the callee leg's hook still settles it", function()
      local card = seed.card(db, { pin = PIN, balance = 5000000 })
      calls.card_call(db, { dtmf = { PIN, UK }, bridges = { { result = "answer", talk_ms = 90000, caller_hangs_up = true, hook = "after" } } })
      assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    end)
  end)

  it("says the service is unavailable, logs why and hangs up when the database fails", function()
    local empty = seed.empty() -- no ccard schema: every query fails
    local w = calls.card_call(db, { globals = { ccard_dsn = seed.dsn(empty), sounds_dir = "/snd" } })
    assert.are.same({ "service_unavailable" }, w.prompts)
    assert.are.equal("SERVICE_UNAVAILABLE", w.hangup_cause)
    local logged = table.concat(w.logs, "")
    -- FreeSWITCH logs the engine's reason itself; the script logs that the database failed.
    local missing = seed.ENGINE == "sqlite" and "no such table" or 'relation "access_numbers" does not exist'
    assert.truthy(logged:find("SQL ERR", 1, true) and logged:find(missing, 1, true), logged)
    assert.truthy(logged:find("database failure: store failure: query failed (FreeSWITCH logs the reason: SQL ERR)", 1, true), logged)
  end)

  it("says the service is unavailable on an access number with no product", function()
    local w = calls.card_call(db, { vars = { destination_number = "18009999999" } })
    assert.are.same({ "service_unavailable" }, w.prompts)
    assert.are.equal("NO_ROUTE_DESTINATION", w.hangup_cause)
  end)
end)
