-- Money under concurrency: many separate interpreters authorise, talk and settle on ONE
-- account in ONE SQLite file through the IVR's own modules. Sizes from the environment:
-- CCARD_RACE_PROCS (default 50), CCARD_RACE_ROUNDS (6), CCARD_RACE_CALLS (calls per process, 3),
-- CCARD_RACE_SEED (default: the clock; printed with every figure line for a replay).
local seed = require("support.seed")
local procs = require("support.processes")
local fake_dbh = require("support.fake_dbh")

local WORKER = "spec/safety/race_worker.lua"
local PROCS = procs.env_int("CCARD_RACE_PROCS", 50)
local ROUNDS = procs.env_int("CCARD_RACE_ROUNDS", 6)
local CALLS = procs.env_int("CCARD_RACE_CALLS", 3)
local SEED = procs.env_int("CCARD_RACE_SEED", os.time())

--- `ccard audit --quiet` on a database: its output (the report of what broke) and exit status.
local function audit(db)
  local p = assert(io.popen("node bin/ccard audit --quiet --db '" .. seed.cli_db(db) .. "' 2>&1; echo EXIT $?"))
  local out = p:read("*a")
  p:close()
  return out
end

local function scalar(db, sql)
  local r = seed.one(db, sql)
  return r and r.v or 0
end

--- Tallies every worker's lines: holds placed (uuid → amount), settlements, refusals, errors.
local function tally(group)
  local t = { holds = {}, settled = {}, refused = {}, gone = {}, errors = {}, n_holds = 0, n_settled = 0, n_refused = 0, n_gone = 0 }
  for i = 1, group.n do
    for _, w in ipairs(procs.lines(group, i)) do
      if w[1] == "HOLD" then
        t.holds[w[2]] = tonumber(w[3])
        t.n_holds = t.n_holds + 1
      elseif w[1] == "SETTLED" then
        t.settled[w[2]] = tonumber(w[3])
        t.n_settled = t.n_settled + 1
      elseif w[1] == "REFUSED" then
        t.refused[w[2]] = (t.refused[w[2]] or 0) + 1
        t.n_refused = t.n_refused + 1
      elseif w[1] == "GONE" then
        t.gone[w[2]] = true
        t.n_gone = t.n_gone + 1
      elseif w[1] ~= "ANSWERED" then
        t.errors[#t.errors + 1] = "worker " .. i .. ": " .. w.text
      end
    end
  end
  return t
end

describe("concurrent calls on one account (" .. PROCS .. " processes under " .. procs.interpreter() .. ")", function()
  it("never take the balance below zero and debit exactly the settled costs", function()
    math.randomseed(SEED)
    local total = { holds = 0, settled = 0, refused = 0, samples = 0 }
    local started = os.time()
    for round = 1, ROUNDS do
      local db = seed.fresh()
      -- From less than one block up to more than two hours of the dearest rate.
      local initial = round == 1 and math.random(0, 99999) or math.random(100000, 15000000)
      local card = seed.card(db, { pin = string.format("9%011d", round), balance = initial, issued = true })
      local where = " FROM accounts WHERE id = " .. card.account_id
      local group = procs.spawn(WORKER, PROCS, function(i)
        return string.format("'%s' %d %d %d settle %d", seed.dsn(db), card.account_id, SEED * 1000 + round * 100 + i, CALLS, PROCS)
      end)
      -- Watch the account while the calls run, through a connection that waits on a busy file.
      local watch = fake_dbh.open(seed.dsn(db))
      procs.wait(group, function()
        assert.is_true(watch:query("SELECT balance_micros, held_micros" .. where, function(a)
          local balance, held = tonumber(a.balance_micros), tonumber(a.held_micros)
          assert.is_true(held >= 0 and balance >= held, "seed " .. SEED .. ": balance below the holds mid-round")
          total.samples = total.samples + 1
        end), watch:last_error())
      end)
      watch:release()
      local t = tally(group)
      local ctx = "seed " .. SEED .. " round " .. round .. " initial " .. initial .. ": "
      assert.are.same({}, t.errors, ctx .. "workers reported errors")
      assert.are.equal(PROCS * CALLS, t.n_holds + t.n_refused, ctx .. "every attempt is a hold or a refusal")
      for code in pairs(t.refused) do
        assert.are.equal("INSUFFICIENT_CREDIT", code, ctx .. "unexpected refusal")
      end
      local a = seed.account(db, card.account_id)
      assert.is_true(a.balance_micros >= 0, ctx .. "negative balance")
      assert.are.equal(0, a.held_micros, ctx .. "money still held")
      assert.are.equal(0, scalar(db, "SELECT COUNT(*) AS v FROM holds"), ctx .. "a hold is left")
      local cdr_cost = scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) AS v FROM cdrs")
      local ledger = scalar(db, "SELECT COALESCE(SUM(amount_micros), 0) AS v FROM ledger WHERE reason = 'call'")
      assert.are.equal(initial - a.balance_micros, cdr_cost, ctx .. "CDR costs ≠ money debited")
      assert.are.equal(-ledger, cdr_cost, ctx .. "ledger ≠ CDR costs")
      assert.are.equal(t.n_holds, scalar(db, "SELECT COUNT(*) AS v FROM cdrs"), ctx .. "one CDR per hold")
      local printed = 0
      for uuid, amount in pairs(t.holds) do
        assert.is_not_nil(t.settled[uuid], ctx .. uuid .. " was never settled")
        assert.is_true(t.settled[uuid] <= amount, ctx .. uuid .. " charged more than it held")
        printed = printed + t.settled[uuid]
      end
      assert.are.equal(cdr_cost, printed, ctx .. "settled costs as the workers saw them")
      -- Every ledger row chains, from the card's issue: each debit starts from the balance the previous one left.
      local prev = 0
      for _, l in ipairs(seed.sql(db, "SELECT * FROM ledger ORDER BY id")) do
        assert.are.equal(prev, l.balance_before_micros, ctx .. "ledger chain broken")
        assert.are.equal(l.balance_before_micros + l.amount_micros, l.balance_after_micros)
        prev = l.balance_after_micros
      end
      assert.are.equal(a.balance_micros, prev)
      assert.are.equal("EXIT 0\n", audit(db), ctx .. "ccard audit")
      total.holds, total.settled, total.refused = total.holds + t.n_holds, total.settled + t.n_settled, total.refused + t.n_refused
    end
    -- The test only means something if calls really competed for the money.
    assert.is_true(total.holds > 0 and total.refused > 0, "no contention: holds " .. total.holds .. ", refusals " .. total.refused)
    print(string.format("\nrace[%s seed %d]: %d rounds × %d processes × %d calls: %d holds, %d settlements, %d refusals, %d mid-round balance checks, %d s",
      procs.interpreter(), SEED, ROUNDS, PROCS, CALLS, total.holds, total.settled, total.refused, total.samples, os.time() - started))
  end)

  it("never pass the product's daily caps, in answered calls or in money", function()
    math.randomseed(SEED)
    local CAP_CALLS, CAP_MONEY = 7, 1500000
    local db = seed.fresh()
    local card = seed.card(db, { pin = "900000000097", balance = 50000000, issued = true })
    local group = procs.spawn(WORKER, PROCS, function(i)
      return string.format("'%s' %d %d %d settle %d %d %d", seed.dsn(db), card.account_id, SEED * 1000 + 800 + i, CALLS, PROCS, CAP_CALLS, CAP_MONEY)
    end)
    procs.wait(group, function() end)
    local t = tally(group)
    local ctx = "seed " .. SEED .. ": "
    assert.are.same({}, t.errors, ctx .. "workers reported errors")
    for code in pairs(t.refused) do
      assert.is_true(code == "CAP_REACHED" or code == "INSUFFICIENT_CREDIT", ctx .. "unexpected refusal " .. code)
    end
    local answered = scalar(db, "SELECT COUNT(*) AS v FROM cdrs WHERE answered_ms > 0")
    local spent = scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) AS v FROM cdrs")
    assert.is_true(answered <= CAP_CALLS, ctx .. answered .. " answered calls, over the cap of " .. CAP_CALLS)
    assert.is_true(spent <= CAP_MONEY, ctx .. spent .. " spent, over the cap of " .. CAP_MONEY)
    assert.is_true((t.refused.CAP_REACHED or 0) > 0, ctx .. "no call met a cap: the spec proves nothing")
    assert.are.equal(0, scalar(db, "SELECT COUNT(*) AS v FROM holds"), ctx .. "a hold is left")
    assert.are.equal(50000000 - spent, seed.account(db, card.account_id).balance_micros, ctx .. "CDR costs ≠ money debited")
    assert.are.equal("EXIT 0\n", audit(db), ctx .. "ccard audit")
    print(string.format("\ncaps[%s seed %d]: %d processes × %d calls under %d calls / %d µ a day: %d holds, %d answered, %d spent, %d refused at a cap",
      procs.interpreter(), SEED, PROCS, CALLS, CAP_CALLS, CAP_MONEY, t.n_holds, answered, spent, t.refused.CAP_REACHED or 0))
  end)

  it("credit a voucher entered on many calls at once exactly once", function()
    local db = seed.fresh()
    seed.sql(db, "INSERT INTO products (id, name, kind, currency, rate_table_id, vouchers, created_at) VALUES (3, 'topup', 'card', 'USD', 1, 1, 0)")
    local voucher = seed.card(db, { pin = "555566667777", balance = 2500000, product_id = 3, issued = true })
    local n = math.min(PROCS, 30)
    for i = 1, n do seed.card(db, { pin = string.format("8%011d", i), balance = 1000000, issued = true }) end
    local group = procs.spawn("spec/safety/voucher_worker.lua", n, function(i)
      return string.format("'%s' 555566667777 8%011d", seed.dsn(db), i)
    end)
    procs.wait(group, function() end)
    local redeemed, refused, errors = 0, 0, {}
    for i = 1, n do
      for _, w in ipairs(procs.lines(group, i)) do
        if w[1] == "REDEEMED" then redeemed = redeemed + 1
        elseif w[1] == "REFUSED" and w[2] == "VOUCHER_USED" then refused = refused + 1
        else errors[#errors + 1] = w.text end
      end
    end
    assert.are.same({}, errors)
    assert.are.same({ 1, n - 1 }, { redeemed, refused })
    assert.are.equal(0, seed.account(db, voucher.account_id).balance_micros)
    assert.are.equal(n * 1000000 + 2500000, scalar(db, "SELECT SUM(balance_micros) AS v FROM accounts WHERE id <> " .. voucher.account_id))
    assert.are.equal(1, scalar(db, "SELECT COUNT(*) AS v FROM ledger WHERE reason = 'voucher_topup'"))
    assert.are.equal("EXIT 0\n", audit(db))
  end)

  it("settle, reap and authorise on one account at once: no deadlock, no error, the books balance", function()
    math.randomseed(SEED)
    local db = seed.fresh()
    local initial = 50000000
    local card = seed.card(db, { pin = "900000000098", balance = initial, issued = true })
    -- Half the callers' holds are expired the moment they are placed: the other callers'
    -- authorisations reap them, and so do three `ccard holds reap` loops, while their own
    -- callers settle them.
    local group = procs.spawn(WORKER, PROCS, function(i)
      return string.format("'%s' %d %d %d %s %d", seed.dsn(db), card.account_id, SEED * 1000 + 900 + i, CALLS, i % 2 == 0 and "stale" or "settle", PROCS)
    end)
    local reapers = {}
    for r = 1, 3 do
      reapers[r] = procs.tmpdir()
      os.execute(string.format("(for i in 1 2 3 4; do node bin/ccard holds reap --quiet --db '%s' --spool-dir '%s' || echo \"EXIT $?\"; done > %s/out 2>&1; touch %s/done) &",
        seed.cli_db(db), seed.spool_dir(db), reapers[r], reapers[r]))
    end
    procs.wait(group)
    local reaped = {}
    for r = 1, 3 do
      procs.wait({ dir = reapers[r] })
      local f = assert(io.open(reapers[r] .. "/out"))
      reaped[r] = f:read("*a")
      f:close()
      assert.is_nil(reaped[r]:find("EXIT", 1, true), "ccard holds reap failed: " .. reaped[r])
    end
    local t = tally(group)
    assert.are.same({}, t.errors, "seed " .. SEED .. ": workers reported errors")
    assert.is_true(t.n_holds > PROCS, "too little contention: " .. t.n_holds .. " holds")
    assert.are.equal(t.n_holds, t.n_settled + t.n_gone, "every hold settled by its caller or ended by a reaper")
    assert.is_true(t.n_gone > 0, "no reaper won a race")
    -- What the reapers left to others and the callers never settled, a last reap ends.
    os.execute("node bin/ccard holds reap --quiet --db '" .. seed.cli_db(db) .. "' --spool-dir '" .. seed.spool_dir(db) .. "'")
    local a = seed.account(db, card.account_id)
    assert.are.same({ 0, 0 }, { a.held_micros, scalar(db, "SELECT COUNT(*) AS v FROM holds") })
    assert.is_true(a.balance_micros >= 0)
    local cdr_cost = scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) AS v FROM cdrs")
    assert.are.equal(initial - a.balance_micros, cdr_cost, "seed " .. SEED .. ": CDR costs ≠ money debited")
    assert.are.equal("EXIT 0\n", audit(db), "ccard audit")
    print(string.format("\nmix[%s seed %d]: %d processes × %d calls, half placed expired, 3 reap loops: %d holds, %d settled by their caller, %d ended by a reaper first, %d refusals, %d CDRs, %d estimated",
      procs.interpreter(), SEED, PROCS, CALLS, t.n_holds, t.n_settled, t.n_gone, t.n_refused, scalar(db, "SELECT COUNT(*) AS v FROM cdrs"), scalar(db, "SELECT COUNT(*) AS v FROM cdrs WHERE estimated = 1")))
  end)

  it("let no more calls through than the concurrent-call limit, however many arrive at once", function()
    local db = seed.fresh()
    local card = seed.card(db, { pin = "900000000099", balance = 100000000 })
    local group = procs.spawn(WORKER, PROCS, function(i)
      return string.format("'%s' %d %d 1 hold 3", seed.dsn(db), card.account_id, SEED + i)
    end)
    procs.wait(group)
    local t = tally(group)
    assert.are.same({}, t.errors)
    assert.are.equal(3, t.n_holds)
    assert.are.equal(PROCS - 3, t.refused.TOO_MANY_CALLS or 0)
    assert.are.equal(3, scalar(db, "SELECT COUNT(*) AS v FROM holds"))
    local held = scalar(db, "SELECT SUM(amount_micros) AS v FROM holds")
    assert.are.equal(held, seed.account(db, card.account_id).held_micros)
  end)
end)
