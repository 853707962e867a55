-- Money across crashes: caller processes are killed with SIGKILL at random moments between
-- authorising and settling, many of them after the answer mark and before the settlement (as a
-- switch killed mid-call). Once their holds expire (set in the past here, as if the expiry had
-- passed) `ccard holds reap` ends them: no hold remains, no money is created, every answered
-- call ends with exactly one CDR (real, or estimated from its answer mark and never above its
-- hold) and one ledger debit, and every other call is settled once or released and reported.
-- Sizes: CCARD_CRASH_PROCS (default 50), CCARD_CRASH_ROUNDS (3; more, up to four times that, until a
-- kill has landed between an answer and its settlement), CCARD_RACE_SEED.
local seed = require("support.seed")
local procs = require("support.processes")

local WORKER = "spec/safety/race_worker.lua"
local PROCS = procs.env_int("CCARD_CRASH_PROCS", 50)
local ROUNDS = procs.env_int("CCARD_CRASH_ROUNDS", 3)
local SEED = procs.env_int("CCARD_RACE_SEED", os.time())

local function scalar(db, sql)
  return seed.one(db, sql).v
end

local function reap(db)
  local p = assert(io.popen("node bin/ccard holds reap --db '" .. seed.cli_db(db) .. "' --spool-dir " .. seed.spool_dir(db) .. " 2>&1; echo EXIT $?"))
  local out = p:read("*a")
  p:close()
  return out
end

local RELEASED = "unsettled: the call may have been answered; check the switch's CDRs"
local ESTIMATED = "billed as estimated: answered, its settlement never came (CDR estimated = 1)"

--- True when the reaper's report has a line naming uuid with this note.
local function reported(out, uuid, note)
  for line in out:gmatch("[^\n]+") do
    if line:find(uuid, 1, true) and line:find(note, 1, true) then return true end
  end
  return false
end

--- Waits (at most 20 s) until a quarter of the group's n workers have placed a hold.
local function started(group, n)
  local deadline = os.time() + 20
  repeat
    local holding = 0
    for i = 1, n do
      local first = procs.lines(group, i)[1]
      if first ~= nil and first[1] == "HOLD" then holding = holding + 1 end
    end
    if holding * 4 >= n then return end
    procs.sleep(0.01)
  until os.time() > deadline
end

describe("calls killed between authorise and settle (" .. PROCS .. " processes under " .. procs.interpreter() .. ")", function()
  it("leave no hold after reaping, create no money, bill every answered call once, settle or release the rest", function()
    math.randomseed(SEED)
    local total = { killed = 0, holds = 0, settled = 0, reaped = 0, estimated = 0 }
    -- The test only means something if some kills landed between an answer and its settlement:
    -- where the random kills gave none in ROUNDS rounds, it plays more, up to 4 × ROUNDS.
    local round = 0
    while round < ROUNDS or (total.estimated == 0 and round < 4 * ROUNDS) do
      round = round + 1
      local db = seed.fresh()
      local initial = math.random(1000000, 20000000)
      local card = seed.card(db, { pin = string.format("8%011d", round), balance = initial, issued = true })
      local group = procs.spawn(WORKER, PROCS, function(i)
        return string.format("'%s' %d %d 2 linger %d", seed.dsn(db), card.account_id, SEED * 1000 + round * 100 + i, PROCS)
      end)
      -- Kill a random half of the callers at random moments while they hold money: from the
      -- moment a quarter of them hold some (50 interpreters starting at once take a while on a
      -- busy machine, and kills that all land before the first hold test nothing).
      started(group, PROCS)
      local victims = {}
      for i = 1, PROCS do
        if math.random(2) == 1 then victims[#victims + 1] = i end
      end
      for _, i in ipairs(victims) do
        procs.sleep(math.random(0, 12) / 1000)
        procs.kill(group, i)
      end
      procs.wait(group)
      total.killed = total.killed + #victims

      local ctx = "seed " .. SEED .. " round " .. round .. ": "
      local printed_holds, printed_answered, printed_settled = {}, {}, {}
      for i = 1, PROCS do
        for _, w in ipairs(procs.lines(group, i)) do
          if w[1] == "HOLD" then printed_holds[w[2]] = tonumber(w[3]) end
          if w[1] == "ANSWERED" then printed_answered[w[2]] = true end
          if w[1] == "SETTLED" then printed_settled[w[2]] = tonumber(w[3]) end
          assert.is_true(w[1] == "HOLD" or w[1] == "ANSWERED" or w[1] == "SETTLED" or w[1] == "REFUSED", ctx .. "worker " .. i .. ": " .. w.text)
        end
      end
      local stale = {}
      for _, h in ipairs(seed.sql(db, "SELECT uuid FROM holds")) do stale[h.uuid] = true end
      -- Time passes beyond every hold's expiry; the operator's reaper runs.
      seed.sql(db, "UPDATE holds SET expires_at = " .. (os.time() - 1))
      local out = reap(db)
      assert.matches("EXIT 0", out, 1, true)

      local a = seed.account(db, card.account_id)
      assert.are.equal(0, scalar(db, "SELECT COUNT(*) AS v FROM holds"), ctx .. "a hold survived the reaper")
      assert.are.equal(0, a.held_micros, ctx .. "money still held")
      local cdr_cost = scalar(db, "SELECT COALESCE(SUM(cost_micros), 0) AS v FROM cdrs")
      assert.is_true(a.balance_micros <= initial, ctx .. "money was created")
      assert.are.equal(initial - cdr_cost, a.balance_micros, ctx .. "balance ≠ initial − settled costs")
      assert.are.equal(-cdr_cost, scalar(db, "SELECT COALESCE(SUM(amount_micros), 0) AS v FROM ledger WHERE reason <> 'issue'"), ctx .. "ledger ≠ CDR costs")
      local cdrs = {}
      for _, c in ipairs(seed.sql(db, "SELECT uuid, cost_micros, estimated, hold_micros FROM cdrs")) do cdrs[c.uuid] = c end
      local reaped, debits = {}, {}
      for _, l in ipairs(seed.sql(db, "SELECT ref, reason, amount_micros FROM ledger")) do
        if l.reason == "hold_reaped" then reaped[l.ref] = true elseif l.reason ~= "issue" then debits[l.ref] = (debits[l.ref] or 0) + 1 end
      end
      for uuid, amount in pairs(printed_holds) do
        local c = cdrs[uuid]
        if printed_answered[uuid] then
          -- Answered: exactly one CDR and one debit, whether it settled or its process was killed.
          assert.is_truthy(c, ctx .. uuid .. " was answered but has no CDR")
          assert.are.equal(1, debits[uuid], ctx .. uuid .. " was answered but has " .. tostring(debits[uuid]) .. " ledger debits")
          assert.is_nil(reaped[uuid], ctx .. uuid .. " was answered and released unbilled")
          assert.is_true(c.cost_micros <= amount, ctx .. uuid .. " cost more than its hold")
          if c.estimated == 1 then
            -- Killed between the answer and the settlement: billed by the reaper from the mark.
            assert.is_nil(printed_settled[uuid], ctx .. uuid .. " printed SETTLED but its CDR is estimated")
            assert.is_true(reported(out, uuid, ESTIMATED), ctx .. uuid .. " billed as estimated but not reported")
            total.estimated = total.estimated + 1
          end
        else
          -- Never answered: settled at 0 once, or released and reported, never both, never neither.
          assert.is_true((c ~= nil) ~= (reaped[uuid] == true), ctx .. uuid .. " settled and reaped, or neither")
          if reaped[uuid] then assert.is_true(reported(out, uuid, RELEASED), ctx .. uuid .. " released but not reported") end
        end
      end
      for uuid, cost in pairs(printed_settled) do
        assert.are.equal(cost, cdrs[uuid] and cdrs[uuid].cost_micros, ctx .. uuid .. " printed SETTLED but has no such CDR")
      end
      for uuid in pairs(stale) do
        assert.is_true(reaped[uuid] or (cdrs[uuid] ~= nil and cdrs[uuid].estimated == 1), ctx .. uuid .. " was left held but not reaped")
      end
      for uuid in pairs(reaped) do assert.is_true(stale[uuid], ctx .. uuid .. " reaped although it was settled") end
      -- And the whole database keeps the money rules (ccard audit).
      local audit = assert(io.popen("node bin/ccard audit --quiet --db '" .. seed.cli_db(db) .. "' 2>&1; echo EXIT $?"))
      local audited = audit:read("*a")
      audit:close()
      assert.are.equal("EXIT 0\n", audited, ctx .. "ccard audit after the reaper:\n" .. audited)
      for _ in pairs(printed_holds) do total.holds = total.holds + 1 end
      for _ in pairs(printed_settled) do total.settled = total.settled + 1 end
      for _ in pairs(reaped) do total.reaped = total.reaped + 1 end
    end
    assert.is_true(total.reaped + total.estimated > 0, "no process was killed while holding money")
    assert.is_true(total.estimated > 0, "no process was killed between an answer and its settlement")
    print(string.format("\ncrash[%s seed %d]: %d rounds × %d processes, %d killed: %d holds placed, %d settled, %d left by killed callers: %d released, %d billed as estimated",
      procs.interpreter(), SEED, round, PROCS, total.killed, total.holds, total.settled, total.reaped + total.estimated, total.reaped, total.estimated))
  end)
end)
