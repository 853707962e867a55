-- PIN guessing across calls: per-product lockout (count and window) per caller ID and per access
-- number, a growing pause after each failure, and success clearing the caller ID's count.
local seed = require("support.seed")
local calls = require("support.calls")

local PIN = "123456789012"
local contains, count = calls.contains, calls.count

local function wrong(n) return string.format("9999999999%02d", n) end

local function failures(db, kind, key)
  local r = seed.one(db, "SELECT * FROM auth_failures WHERE kind = '" .. kind .. "' AND key = '" .. key .. "'")
  return r
end

local function has_log(w, text)
  for _, l in ipairs(w.logs) do
    if l:find(text, 1, true) then return true end
  end
  return false
end

describe("PIN brute force", function()
  local db
  before_each(function() db = seed.fresh() end)

  it("pauses after each failure, 1 s per failure so far for the caller ID, at most 5 s", function()
    seed.sql(db, "UPDATE products SET lockout_failures = 10 WHERE id = 1")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local first = calls.card_call(db, { dtmf = { wrong(1), wrong(2), wrong(3) } })
    assert.are.same({ 1000, 2000, 3000 }, first.sleeps)
    local second = calls.card_call(db, { dtmf = { wrong(4), wrong(5), wrong(6) } })
    assert.are.same({ 4000, 5000, 5000 }, second.sleeps)
    assert.is_true(has_log(second, "AUTH_FAILED ani=" .. calls.ANI .. " ani_failures=6 dnis=" .. seed.DNIS .. " dnis_failures=6 delay_ms=5000"))
    -- A timeout (nothing typed) is not a guess: no count, no pause.
    local idle = calls.card_call(db, { dtmf = { "", "", "" } })
    assert.are.same({}, idle.sleeps)
    assert.are.equal(6, failures(db, "ani", calls.ANI).failures)
  end)

  it("locks the caller ID after the product's failure count; even the right PIN is refused until the window passes", function()
    seed.sql(db, "UPDATE products SET lockout_failures = 2, lockout_window_seconds = 600 WHERE id = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { wrong(1), wrong(2), wrong(3) } })
    assert.are.equal(2, count(w.prompts, "enter_pin")) -- the second failure locks: no third try
    assert.is_true(contains(w.prompts, { "locked_out", "goodbye" }))
    assert.are.same({ 1000 }, w.sleeps)
    assert.is_true(has_log(w, "AUTH_LOCKOUT ani=" .. calls.ANI .. " ani_failures=2"))
    local row = failures(db, "ani", calls.ANI)
    assert.is_true(math.abs(row.locked_until - (os.time() + 600)) <= 2)

    local refused = calls.card_call(db, { dtmf = { PIN } })
    assert.are.equal(0, count(refused.prompts, "enter_pin"))
    assert.is_true(contains(refused.prompts, { "welcome", "locked_out", "goodbye" }))
    assert.are.equal("CALL_REJECTED", refused.hangup_cause)
    assert.is_true(has_log(refused, "AUTH_LOCKED ani=" .. calls.ANI))

    -- The window passes.
    seed.sql(db, "UPDATE auth_failures SET locked_until = " .. (os.time() - 1) .. " WHERE kind = 'ani'")
    local after = calls.card_call(db, { dtmf = { PIN, "", "", "" } })
    assert.is_true(contains(after.prompts, { "enter_pin", "your_balance_is" }))
    assert.is_nil(failures(db, "ani", calls.ANI)) -- success cleared the caller ID
    assert.are.equal(2, failures(db, "dnis", seed.DNIS).failures) -- the access number's count stays
    assert.are.equal(5000000, seed.account(db, card.account_id).balance_micros)
  end)

  it("starts a new count once the window since the first failure has passed", function()
    seed.sql(db, "UPDATE products SET lockout_failures = 3, lockout_window_seconds = 600 WHERE id = 1")
    seed.card(db, { pin = PIN, balance = 5000000 })
    calls.card_call(db, { dtmf = { wrong(1), wrong(2), "" } })
    assert.are.equal(2, failures(db, "ani", calls.ANI).failures)
    seed.sql(db, "UPDATE auth_failures SET first_at = first_at - 601")
    local w = calls.card_call(db, { dtmf = { wrong(3), "", "" } })
    assert.are.same({ 1000 }, w.sleeps)
    assert.are.equal(1, failures(db, "ani", calls.ANI).failures)
    assert.are.equal(0, count(w.prompts, "locked_out"))
  end)

  it("locks the access number at 20 times the product's count, for every caller ID", function()
    seed.sql(db, "UPDATE products SET lockout_failures = 2 WHERE id = 1")
    seed.card(db, { pin = PIN, balance = 5000000 })
    -- 39 failures from many caller IDs, none locked on its own.
    for i = 1, 39 do
      calls.card_call(db, { vars = { caller_id_number = string.format("1555000%04d", i) }, dtmf = { wrong(i % 90), "" , "" } })
    end
    assert.are.equal(39, failures(db, "dnis", seed.DNIS).failures)
    local last = calls.card_call(db, { vars = { caller_id_number = "15550009999" }, dtmf = { wrong(1) } })
    assert.is_true(contains(last.prompts, { "locked_out" }))
    local honest = calls.card_call(db, { vars = { caller_id_number = "15558888888" }, dtmf = { PIN } })
    assert.are.equal(0, count(honest.prompts, "enter_pin"))
    assert.is_true(contains(honest.prompts, { "locked_out" }))
  end)

  it("paces a caller without caller ID by the access number's count", function()
    seed.card(db, { pin = PIN, balance = 5000000 })
    seed.sql(db, "INSERT INTO auth_failures VALUES ('dnis', '" .. seed.DNIS .. "', 7, " .. os.time() .. ", " .. os.time() .. ", 0)")
    local w = calls.card_call(db, { no_ani = true, dtmf = { wrong(1), "", "" } })
    assert.are.same({ 5000 }, w.sleeps)
    assert.are.equal(8, failures(db, "dnis", seed.DNIS).failures)
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM auth_failures WHERE kind = 'ani'"))
  end)

  it("counts no guess and pauses nothing when the caller hangs up mid-entry", function()
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { { hangup = true, typed = wrong(1) } } })
    assert.are.same({}, w.sleeps) -- a hang-up mid-entry is not a guess
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM auth_failures"))
  end)
end)
