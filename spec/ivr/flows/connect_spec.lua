-- The hold follows the callee leg: what the switch does with early media, the cut-off's
-- scheduler, a failed or missing hook, and a caller dropping at the answer (the host fake models
-- each from FreeSWITCH's source: spec/support/fake_fs.lua).
local seed = require("support.seed")
local calls = require("support.calls")
local fake = require("support.fake_fs")
local tariff = require("domain.tariff")

local PIN = "123456789012"
local UK = "00441612345678" -- prefix 44: 0.10 a minute in 60 s blocks; vendor 0.03 a minute per second
local contains, count = calls.contains, calls.count

local UK_RATE = {
  ratePerMinuteMicros = 100000, connectFeeMicros = 0, disconnectFeeMicros = 0,
  initialSeconds = 60, incrementSeconds = 60, graceSeconds = 0, minimumCostMicros = 0,
}

local function logged(w, text)
  return table.concat(w.logs, ""):find(text, 1, true) ~= nil
end

local function file_exists(path)
  local f = io.open(path, "r")
  if f then f:close() end
  return f ~= nil
end

describe("the host fake, as switch_ivr_originate behaves", function()
  local function bridge_once(dial_vars, outcome)
    local w = fake.new({ bridges = { outcome } })
    w.session:setVariable("continue_on_fail", "true")
    w.session:execute("bridge", "{origination_uuid=00000000-0000-4000-8000-000000000001," .. dial_vars .. "}sofia/gateway/gw1/441612345678")
    return w
  end

  it("ends originate with SUCCESS on a 183 unless the dial string waits for a real answer", function()
    local busy_after_183 = { result = "busy", early_media_ms = 500, ring_ms = 5000 }
    local default = bridge_once("originate_timeout=60", busy_after_183)
    assert.are.same({ "SUCCESS", "USER_BUSY" }, { default.vars.originate_disposition, default.vars.bridge_hangup_cause })
    for _, waits in ipairs({ "ignore_early_media=true", "bridge_early_media=true" }) do
      local w = bridge_once("originate_timeout=60," .. waits, busy_after_183)
      assert.are.same({ "USER_BUSY", "BUSY" }, { w.vars.originate_disposition, w.vars.DIALSTATUS })
    end
  end)

  it("no longer limits ringing once originate has returned on a 183", function()
    local late = { result = "answer", early_media_ms = 1000, ring_ms = 90000, talk_ms = 5000 }
    local default = bridge_once("originate_timeout=60,execute_on_answer='sched_hangup +100 ALLOTTED_TIMEOUT'", late)
    assert.are.equal("SUCCESS", default.vars.originate_disposition)
    local waits = bridge_once("originate_timeout=60,ignore_early_media=true", late)
    assert.are.equal("NO_ANSWER", waits.vars.originate_disposition)
  end)

  it("cuts sched_hangup +N between N − 1 and N + 0.5 s after the answer, on whole seconds and 500 ms wakes", function()
    assert.are.equal(30500, fake.cut_off(30, { answer_ms = 0, exec_delay_ms = 0, phase_ms = 499, pass_ms = 1 }))
    assert.are.equal(29001, fake.cut_off(30, { answer_ms = 999, exec_delay_ms = 0, phase_ms = 0, pass_ms = 0 }))
    math.randomseed(12)
    for _ = 1, 2000 do
      local n = math.random(1, 7200)
      local ms = fake.cut_off(n, { answer_ms = math.random(0, 999), exec_delay_ms = math.random(0, 20), phase_ms = math.random(0, 499), pass_ms = math.random(0, 20) })
      assert.is_true(ms > (n - 1) * 1000 and ms <= n * 1000 + 540, "cut at " .. ms .. " ms for +" .. n)
    end
  end)
end)

describe("the hold follows the callee leg", function()
  local db
  before_each(function() db = seed.fresh() end)

  local function card(balance)
    return seed.card(db, { pin = PIN, balance = balance or 5000000 })
  end

  describe("early media", function()
    it("fails over after a 183 announcement then 486, and charges nothing for it", function()
      local c = card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = {
          { result = "busy", early_media_ms = 500, ring_ms = 5000, gateway = "gw1" },
          { result = "answer", talk_ms = 30000, gateway = "gw2" },
        },
      })
      assert.are.equal(2, #w.bridges)
      assert.are.equal(0, count(w.prompts, "call_failed"))
      local cdrs = seed.sql(db, "SELECT * FROM cdrs ORDER BY id")
      assert.are.same({ "gw1", 0, 0, "USER_BUSY" }, { cdrs[1].gateway, cdrs[1].answered_ms, cdrs[1].cost_micros, cdrs[1].hangup_cause })
      assert.are.same({ "gw2", 30000, 100000 }, { cdrs[2].gateway, cdrs[2].answered_ms, cdrs[2].cost_micros })
      assert.are.equal(4900000, seed.account(db, c.account_id).balance_micros)
    end)

    it("bills a 183 then an answer from the answer, and passes the early media to the caller when set to", function()
      local c = card()
      local w = calls.card_call(db, {
        vars = { ccard_early_media = "pass" },
        dtmf = { PIN, UK, "2" },
        bridges = { { result = "answer", early_media_ms = 800, ring_ms = 9000, talk_ms = 61000 } },
      })
      assert.are.same({ true, 61000 }, { w.bridges[1].early_media_heard, w.bridges[1].billmsec })
      assert.are.equal("true", w.bridges[1].vars.bridge_early_media)
      assert.are.equal(4800000, seed.account(db, c.account_id).balance_micros)
    end)

    it("cuts ringing at the ring limit after a 183 and tries the next gateway", function()
      local c = card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = {
          { result = "answer", early_media_ms = 1000, ring_ms = 90000, talk_ms = 30000, gateway = "gw1" },
          { result = "answer", talk_ms = 30000, gateway = "gw2" },
        },
      })
      assert.are.equal(2, #w.bridges)
      local first = seed.one(db, "SELECT * FROM cdrs WHERE gateway = 'gw1'")
      assert.are.same({ 0, 0, "NO_ANSWER" }, { first.answered_ms, first.cost_micros, first.hangup_cause })
      assert.are.equal(4900000, seed.account(db, c.account_id).balance_micros)
    end)

    it("gives the caller a ringback tone while early media is ignored, unless the dialplan set one", function()
      card()
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer" } } })
      assert.are.equal("%(2000,4000,440,480)", w.bridges[1].ringback)
      db = seed.fresh()
      card()
      local own = calls.card_call(db, { vars = { ringback = "local_stream://moh" }, dtmf = { PIN, UK, "2" }, bridges = { { result = "answer" } } })
      assert.are.equal("local_stream://moh", own.bridges[1].ringback)
    end)
  end)

  describe("the cut-off", function()
    it("never lets the answered time pass the grant, on the scheduler's real rounding", function()
      math.randomseed(99)
      for i = 1, 60 do
        db = seed.fresh()
        local balance = math.random(100000, 3000000)
        local c = card(balance)
        local granted = tariff.maxTalkSeconds(UK_RATE, balance, 7200)
        local sched = { answer_ms = math.random(0, 999), exec_delay_ms = math.random(0, 20), phase_ms = math.random(0, 499), pass_ms = math.random(0, 20) }
        local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 99999999, sched = sched } } })
        local b = w.bridges[1]
        local cdr = seed.one(db, "SELECT * FROM cdrs")
        local ctx = "case " .. i .. ": grant " .. granted .. " s, billmsec " .. b.billmsec
        assert.is_true(b.billmsec <= granted * 1000, ctx)
        assert.are.equal(b.billmsec, cdr.answered_ms, ctx)
        assert.are.equal(b.billmsec, cdr.billed_ms, ctx)
        assert.are.equal(tariff.callCost(UK_RATE, b.billmsec), cdr.cost_micros, ctx)
        assert.is_true(cdr.cost_micros <= cdr.hold_micros, ctx)
        assert.are.equal(balance - cdr.cost_micros, seed.account(db, c.account_id).balance_micros, ctx)
      end
    end)

    it("bills a switch that still runs past the grant no more than the grant, and keeps the real time in the CDR", function()
      card(300000)
      -- sched_hangup ran 950 ms after the answer (a starved switch): 3 minutes granted, 180.4 s answered.
      calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 99999999, sched = { answer_ms = 100, exec_delay_ms = 950, phase_ms = 499, pass_ms = 1 } } } })
      local cdr = seed.one(db, "SELECT * FROM cdrs")
      assert.is_true(cdr.answered_ms > 180000)
      assert.are.same({ 180000, 300000, 300000 }, { cdr.billed_ms, cdr.cost_micros, cdr.hold_micros })
    end)

    it("plays the one-minute warning to the caller a minute before the cut-off", function()
      card()
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 99999999 } } })
      local b = w.bridges[1]
      assert.are.equal(60000, b.billmsec - b.warning_played_ms)
    end)
  end)

  describe("failed attempts", function()
    it("are settled at once when no callee leg was created, and the next gateway is tried", function()
      local c = card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = { { result = "no_channel", gateway = "gw1" }, { result = "answer", talk_ms = 30000, gateway = "gw2" } },
      })
      assert.are.equal(1, w.hooks_run) -- only the leg that existed reported
      assert.are.equal(2999, w.bridges[2].sched_hangup) -- the whole balance again: the first hold was released
      local first = seed.one(db, "SELECT * FROM cdrs WHERE gateway = 'gw1'")
      assert.are.same({ 0, "GATEWAY_DOWN" }, { first.cost_micros, first.disposition })
      assert.are.equal(4900000, seed.account(db, c.account_id).balance_micros)
    end)

    it("wait for the leg's own hook when the leg existed, before the next gateway", function()
      card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = { { result = "busy", hook = "after", gateway = "gw1" }, { result = "answer", talk_ms = 30000, gateway = "gw2" } },
      })
      assert.are.equal(2, w.hooks_run)
      assert.are.equal(2999, w.bridges[2].sched_hangup)
      assert.are.equal("USER_BUSY", seed.one(db, "SELECT disposition FROM cdrs WHERE gateway = 'gw1'").disposition)
      assert.are.equal(0, count(w.prompts, "please_wait")) -- a failed attempt's wait is silent
    end)

    it("keep their hold when the leg's hook never comes: no 0 ms settlement can pre-empt an answer", function()
      local c = card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK, "2" },
        bridges = { { result = "busy", hook = "never", gateway = "gw1" } },
      })
      assert.are.equal(1, #w.bridges) -- the whole balance is still held for gw1's call: nothing left to try gw2 with
      assert.is_true(contains(w.prompts, { "insufficient_balance" }))
      assert.is_true(logged(w, "not settled by its hook within 5000 ms: its hold stays until it is"))
      local a = seed.account(db, c.account_id)
      assert.are.same({ 5000000, 5000000 }, { a.balance_micros, a.held_micros })
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM cdrs"))
    end)

    it("bill the callee's answered time when the caller drops just as the callee answers", function()
      local c = card()
      local w = calls.card_call(db, {
        dtmf = { PIN, UK },
        bridges = { { result = "answer", caller_drops_at_answer = true, talk_ms = 40, hook = "after" } },
      })
      assert.are.equal("ORIGINATOR_CANCEL", w.vars.originate_disposition)
      local cdr = seed.one(db, "SELECT * FROM cdrs")
      assert.are.same({ 40, 100000, "ANSWER" }, { cdr.answered_ms, cdr.cost_micros, cdr.disposition }) -- 40 ms: the first 60 s block
      assert.are.equal(4900000, seed.account(db, c.account_id).balance_micros)
      assert.are.equal(1, #seed.sql(db, "SELECT * FROM ledger WHERE reason = 'call'"))
    end)
  end)

  describe("a hook that fails or never comes", function()
    it("spools its evidence, and the next call on the account settles from it, once", function()
      local c = card()
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000, hook = "fail" } } })
      local uuid = w.bridges[1].vars.origination_uuid
      local spooled = seed.spool_dir(db) .. "/" .. uuid .. ".hook"
      assert.is_true(file_exists(spooled))
      assert.is_true(logged(w, "billmsec=61000 cause=NORMAL_CLEARING: spooled as " .. uuid .. ".hook"))
      assert.is_true(logged(w, "settle " .. uuid .. " failed (store failure: cannot connect to the database)"))
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM cdrs"))
      assert.are.equal(1, #seed.sql(db, "SELECT * FROM holds WHERE answered_at IS NOT NULL"))

      local again = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 30000 } } })
      assert.is_false(file_exists(spooled))
      -- Settled before the balance was announced: 5.00 − 0.20 = 4.80.
      assert.is_true(contains(again.prompts, { "your_balance_is", "n_4", "usd_units", "and", "n_80", "usd_minors" }))
      local first = seed.one(db, "SELECT * FROM cdrs WHERE uuid = '" .. uuid .. "'")
      assert.are.same({ 61000, 200000, 0 }, { first.answered_ms, first.cost_micros, first.estimated })
      assert.are.equal(2, #seed.sql(db, "SELECT * FROM ledger WHERE reason = 'call'"))
      assert.are.equal(4700000, seed.account(db, c.account_id).balance_micros)
    end)

    it("when the switch died mid-call, leaves an estimated CDR bounded by the hold once the hold expires", function()
      local c = card(300000)
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000, hook = "never" } } })
      local uuid = w.bridges[1].vars.origination_uuid
      local hold = seed.one(db, "SELECT * FROM holds")
      assert.is_true(hold.answered_at >= seed.NOW)
      -- Time passes: the hold's expiry is behind us, its answer 100 s ago.
      seed.sql(db, "UPDATE holds SET expires_at = " .. (os.time() - 1) .. ", answered_at = " .. (os.time() - 100))
      calls.card_call(db, { dtmf = { PIN, "" , "", "" } })
      local cdr = seed.one(db, "SELECT * FROM cdrs WHERE uuid = '" .. uuid .. "'")
      assert.are.equal(1, cdr.estimated)
      assert.is_true(cdr.billed_ms >= 100000 and cdr.billed_ms <= 102000, "estimated " .. cdr.billed_ms .. " ms")
      assert.are.equal(tariff.callCost(UK_RATE, cdr.billed_ms), cdr.cost_micros)
      assert.is_true(cdr.cost_micros <= hold.amount_micros)
      local l = seed.one(db, "SELECT * FROM ledger")
      assert.are.same({ "call_estimated", -cdr.cost_micros, uuid }, { l.reason, l.amount_micros, l.ref })
      local a = seed.account(db, c.account_id)
      assert.are.same({ 300000 - cdr.cost_micros, 0 }, { a.balance_micros, a.held_micros })
    end)

    it("releases an expired hold the callee never answered, unbilled", function()
      local c = card()
      calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "busy", hook = "never" } } })
      seed.sql(db, "UPDATE holds SET expires_at = " .. (os.time() - 1))
      calls.card_call(db, { dtmf = { PIN, "", "", "" } })
      assert.are.equal(0, #seed.sql(db, "SELECT * FROM cdrs"))
      assert.are.equal("hold_reaped", seed.one(db, "SELECT reason FROM ledger").reason)
      local a = seed.account(db, c.account_id)
      assert.are.same({ 5000000, 0 }, { a.balance_micros, a.held_micros })
    end)

    it("logs the figures to settle by hand when not even the spool can be written", function()
      card()
      os.execute("rm -rf '" .. seed.spool_dir(db) .. "'")
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000, hook = "fail" } } })
      assert.is_true(logged(w, "billmsec=61000 cause=NORMAL_CLEARING: NOT spooled, settle it by hand from these figures"))
      assert.are.equal(1, #seed.sql(db, "SELECT * FROM holds WHERE answered_at IS NOT NULL"))
    end)
  end)

  describe("the settled call's figures", function()
    it("are on the caller's channel, and what is known at dialling on the callee's", function()
      card()
      local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000 } } })
      assert.are.same({
        ccard_cost = "0.200000", ccard_rate = "0.100000", ccard_vendor_cost = "0.030500", ccard_gateway = "gw1",
        ccard_balance_before = "5.000000", ccard_balance_after = "4.800000", ccard_rate_table = "std", ccard_cost_table = "vendor",
        ccard_estimated = "false",
      }, {
        ccard_cost = w.vars.ccard_cost, ccard_rate = w.vars.ccard_rate, ccard_vendor_cost = w.vars.ccard_vendor_cost,
        ccard_gateway = w.vars.ccard_gateway, ccard_balance_before = w.vars.ccard_balance_before,
        ccard_balance_after = w.vars.ccard_balance_after, ccard_rate_table = w.vars.ccard_rate_table,
        ccard_cost_table = w.vars.ccard_cost_table, ccard_estimated = w.vars.ccard_estimated,
      })
      local callee = w.bridges[1].vars
      assert.are.same({ "0.100000", "gw1", "std", "vendor" }, { callee.ccard_rate, callee.ccard_gateway, callee.ccard_rate_table, callee.ccard_cost_table })
    end)

    it("reach the caller's channel after the caller hung up, waiting without a channel", function()
      card()
      local w = calls.card_call(db, { dtmf = { PIN, UK }, bridges = { { result = "answer", talk_ms = 90000, caller_hangs_up = true, hook = "after" } } })
      assert.are.equal("0.200000", w.vars.ccard_cost)
      assert.are.equal(0, count(w.prompts, "please_wait"))
      assert.are.same({}, w.sleeps) -- no sleep on a channel that is gone
      assert.is_true(w.msleeps >= 1)
    end)

    it("are on a retail caller's channel too", function()
      seed.master(db, { balance = 1000000, cli = "34911234567" })
      local w = calls.run("retail", db, {
        vars = { caller_id_number = "+34911234567", destination_number = "00441612345678" },
        bridges = { { result = "answer", talk_ms = 61000, hook = "after" } },
      })
      assert.are.same({ "0.200000", "0.800000" }, { w.vars.ccard_cost, w.vars.ccard_balance_after })
    end)
  end)

  describe("mod_distributor", function()
    it("missing: the call fails with a log line saying so", function()
      card()
      local w = calls.card_call(db, { distributor = false, dtmf = { PIN, UK, "2" } })
      assert.are.equal(0, #w.bridges)
      assert.is_true(contains(w.prompts, { "call_failed" }))
      assert.is_true(logged(w, "err: [ccard callingcard] mod_distributor is not loaded (-ERR distributor Command not found!)"))
    end)

    it("with every node of a list excluded: logged, and never asked once the route's gateways are all tried", function()
      card()
      local w = calls.card_call(db, { distributor = { intl = { "gw1" } }, dtmf = { PIN, UK, "2" }, bridges = { { result = "busy" } } })
      assert.is_true(logged(w, "mod_distributor has no gateway of list intl left after gw1 (-err)"))
      db = seed.fresh()
      card()
      local all = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "busy" }, { result = "busy" } } })
      assert.is_false(contains(all.api_calls, { "distributor intl gw1 gw2" }))
    end)
  end)
end)
