-- One caller process for the race and crash specs: a separate Lua interpreter that places
-- holds and settles them on a shared database (SQLite or PostgreSQL) through the IVR's own modules (dbhSql over
-- the fake freeswitch.Dbh, placeHold, settle), exactly as the switch would run them.
--
-- usage: lua race_worker.lua DSN ACCOUNT_ID SEED CALLS MODE MAX_CONCURRENT [CAP_CALLS CAP_MONEY_MICROS]
--   (DSN: as the Dbh opens it; the caps are the product's daily caps, default 0: none)
--   MODE settle    authorise, "talk" a random time, settle (answered or not)
--        hold      authorise and exit without settling (a hold left behind)
--        linger    authorise, then settle after a longer random pause (time to be killed)
--        stale     as settle, but the hold is placed as if an hour ago: expired at once, so reapers
--                  (other callers' authorisations, `ccard holds reap`) race its settlement
-- Prints one flushed line per step: HOLD uuid amount granted | ANSWERED uuid (the answer mark is
-- written, as answered.lua writes it) | REFUSED code | SETTLED uuid cost | GONE uuid (stale: a
-- reaper ended the hold first) | ERROR text. The spec
-- reads these lines; a killed process leaves only what it printed.
package.path = "dist-lua/?.lua;spec/?.lua;" .. package.path
local fake_dbh = require("support.fake_dbh")

-- The host global dbhSql reads, as in mod_lua (only Dbh is modelled here).
freeswitch = { Dbh = function(dsn) return fake_dbh.open(dsn) end } -- luacheck: ignore 111

local dbh_sql = require("ivr.host.dbh_sql")
local holds = require("ivr.store.holds")
local settle = require("ivr.store.settle")
local rates = require("ivr.store.rates")
local answer_mark = require("ivr.store.answer_mark")

local db, account_id, seed, calls, mode, max_concurrent = arg[1], tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4]), arg[5], tonumber(arg[6])
assert(db and account_id and seed and calls and mode and max_concurrent, "usage: race_worker.lua DSN ACCOUNT_ID SEED CALLS MODE MAX_CONCURRENT [CAP_CALLS CAP_MONEY_MICROS]")
local caps = { calls = tonumber(arg[7] or "0"), moneyMicros = tonumber(arg[8] or "0") }
math.randomseed(seed)

local function say(...)
  io.stdout:write(table.concat({ ... }, " "), "\n")
  io.stdout:flush()
end

-- A short pause without a sleep call: spin on the CPU clock.
local function pause(ms)
  local stop = os.clock() + ms / 1000
  while os.clock() < stop do end
end

local DESTINATIONS = { "441612345678", "442071234567", "12125551234", "33142685300" }

local sql = dbh_sql.dbhSql(db)

local function one_call(n)
  local uuid = string.format("race-%d-%d-%06d", seed, n, math.random(0, 999999))
  local dest = DESTINATIONS[math.random(#DESTINATIONS)]
  local rated = rates.findRate(sql, 1, dest, os.time())
  -- Products cap a call's length; a random cap lets several holds share the account at once.
  local r = holds.placeHold(sql, mode == "stale" and os.time() - 3600 or os.time(), {
    uuid = uuid, accountId = account_id, productId = 1, maxConcurrentCalls = max_concurrent, capSeconds = math.random(60, 900),
    price = { rate = rated.rate, prices = {} }, ringSeconds = 60, rateTableId = 1, prefix = rated.prefix, destination = dest, ani = "15551230000", dnis = "18005550100",
    gateway = "gw1", expiryMarginSeconds = 90, caps = caps,
  })
  if not r.ok then
    say("REFUSED", r.code)
    return
  end
  say("HOLD", uuid, string.format("%d", r.value.amountMicros), string.format("%d", r.value.grantedSeconds))
  if mode == "hold" then return end
  -- A quarter of the attempts are not answered; the rest talk up to the grant and a bit past it
  -- (the cap on billed time keeps what an over-long bill can take within the hold).
  local answered = 0
  if math.random(4) > 1 then
    answered = math.random(1, r.value.grantedSeconds * 1000 + 2000)
    if not answer_mark.markAnswered(sql, uuid, os.time()) then
      assert(mode == "stale", "no hold to mark")
      say("GONE", uuid) -- reaped before the answer: released, as the reaper found no answer mark
      return
    end
    say("ANSWERED", uuid)
  end
  if mode == "linger" then
    os.execute(string.format("sleep %.3f", math.random(0, 300) / 1000)) -- idle, as a caller talking
  else
    pause(math.random(0, 15))
  end
  local s = settle.settle(sql, os.time(), uuid, { answeredMs = answered, cause = "NORMAL_CLEARING", disposition = "ANSWER", estimated = false })
  if not s.ok and s.code == "UNKNOWN_CALL" and mode == "stale" and answered == 0 then
    say("GONE", uuid) -- reaped and released first: nothing to bill
    return
  elseif not s.ok then
    say("ERROR settle", s.code)
    return
  end
  say("SETTLED", uuid, string.format("%d", s.value.costMicros))
end

for n = 1, calls do
  local ok, err = pcall(one_call, n)
  if not ok then
    say("ERROR", type(err) == "table" and tostring(err.message) or tostring(err))
  end
end
sql.release()
