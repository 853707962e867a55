-- The per-product caller features on the host fake (products add|set): blocked destinations,
-- the rate announcement, the cost and balance after a call, and daily spending caps, in both
-- languages where speech differs, with the caller hanging up at every new prompt.
local seed = require("support.seed")
local calls = require("support.calls")

local PIN = "123456789012"
local UK = "00441612345678"     -- prefix 44: 0.10 a minute in 60 s blocks
local LONDON = "00442071234567" -- prefix 4420: 0.05 a minute, per second
local contains = calls.contains

local function product(db, set)
  seed.sql(db, "UPDATE products SET " .. set .. " WHERE id = 1")
end

local function answered(ms)
  return { { result = "answer", talk_ms = ms, gateway = "gw1" } }
end

--- Nothing of money changed for the card: no hold, no CDR, the balance as seeded.
local function untouched(db, card, balance)
  assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  assert.are.equal(0, #seed.sql(db, "SELECT * FROM cdrs"))
  assert.are.equal(balance, seed.account(db, card.account_id).balance_micros)
end

local function logged(w, text)
  return table.concat(w.logs, ""):find(text, 1, true) ~= nil
end

describe("blocked destinations", function()
  local db
  before_each(function()
    db = seed.fresh()
    seed.sql(db, "INSERT INTO blocked_prefixes VALUES (1, '4420', 0), (1, '881', 0), (2, '4420', 0)")
  end)

  it("refuse a blocked number before rating it, with their prompt, and ask again", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON, UK, "2" }, bridges = answered(61000) })
    assert.is_true(contains(w.prompts, { "destination_barred", "enter_destination" }), table.concat(w.prompts, " "))
    assert.is_true(logged(w, "DESTINATION_BLOCKED: 442071234567"))
    assert.are.equal(1, #w.bridges)
    assert.are.equal("441612345678", w.bridges[1].number)
    assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
  end)

  it("a caller hanging up at the prompt leaves nothing", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON }, hangup_after_prompt = "destination_barred" })
    assert.are.equal(0, #w.bridges)
    untouched(db, card, 5000000)
  end)

  it("are refused for retail callers too, with the prompt, and nothing held", function()
    local account = seed.master(db, { balance = 1000000, cli = "34911234567" })
    local w = calls.run("retail", db, { vars = { caller_id_number = "+34911234567", destination_number = "00442071234567" } })
    assert.are.same({ "destination_barred" }, w.prompts)
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    assert.are.equal(1000000, seed.account(db, account).balance_micros)
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  end)

  it("match by prefix, so another product's numbers are not affected", function()
    seed.sql(db, "DELETE FROM blocked_prefixes WHERE product_id = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON, "2" }, bridges = answered(1000) })
    assert.are.equal("442071234567", w.bridges[1].number)
    assert.is_true(card.account_id > 0)
  end)
end)

describe("the rate announcement", function()
  it("says the price a minute of the rate charged, rounded up, and the connect fee, before connecting", function()
    local db = seed.fresh()
    product(db, "announce_rate = 1, connect_fee_micros = 100000")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.prompts, { "minutes_of_talk_time", "this_call_costs", "n_5", "usd_minors", "per_minute", "plus", "n_10", "usd_minors",
      "to_connect", "connecting" }), table.concat(w.prompts, " "))
  end)

  it("in Spanish: cinco centavos por minuto; the singular for one", function()
    local db = seed.fresh()
    product(db, "announce_rate = 1, language = 'es'")
    seed.sql(db, "UPDATE rates SET rate_per_minute_micros = 10000 WHERE table_id = 1 AND prefix = '44'")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.prompts, { "this_call_costs", "n_1_m", "usd_minor", "per_minute", "connecting" }), table.concat(w.prompts, " "))
  end)

  it("is not said when the product leaves it off", function()
    local db = seed.fresh()
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON, "2" }, bridges = answered(1000) })
    assert.is_false(contains(w.prompts, { "this_call_costs" }))
  end)

  it("a caller hanging up during it places no call and holds nothing", function()
    local db = seed.fresh()
    product(db, "announce_rate = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON }, hangup_after_prompt = "this_call_costs" })
    assert.are.equal(0, #w.bridges)
    untouched(db, card, 5000000)
  end)
end)

describe("the cost and balance after a call", function()
  it("are said from the settled CDR before offering another call", function()
    local db = seed.fresh()
    product(db, "announce_call_cost = 1")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = answered(61000) })
    -- 61 s in 60 s blocks at 0.10: 0.20; 4.80 left.
    assert.is_true(contains(w.prompts, { "that_call_cost", "n_20", "usd_minors", "your_balance_is", "n_4", "usd_units", "and", "n_80", "usd_minors",
      "another_call" }), table.concat(w.prompts, " "))
    local cdr = seed.one(db, "SELECT cost_micros, balance_after_micros FROM cdrs")
    assert.are.same({ 200000, 4800000 }, { cdr.cost_micros, cdr.balance_after_micros })
  end)

  it("are not said for an unanswered call, nor when no settlement came in time", function()
    local db = seed.fresh()
    product(db, "announce_call_cost = 1")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local busy = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "busy", gateway = "gw1" }, { result = "busy", gateway = "gw2" } } })
    assert.is_false(contains(busy.prompts, { "that_call_cost" }))
    local late = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1", hook = "never" } } })
    assert.is_false(contains(late.prompts, { "that_call_cost" }))
  end)

  it("a caller hanging up during them leaves the call billed once", function()
    local db = seed.fresh()
    product(db, "announce_call_cost = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "1" }, bridges = answered(61000), hangup_after_prompt = "that_call_cost" })
    assert.are.equal(1, #w.bridges)
    assert.are.equal(1, #seed.sql(db, "SELECT * FROM cdrs"))
    assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
  end)
end)

describe("daily spending caps", function()
  it("refuse the call past the cap of calls with their prompt and log code, holding nothing", function()
    local db = seed.fresh()
    product(db, "cap_calls = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "1", UK, "1" }, bridges = answered(61000) })
    assert.are.equal(1, #w.bridges)
    assert.is_true(contains(w.prompts, { "cap_reached", "goodbye" }), table.concat(w.prompts, " "))
    assert.is_true(logged(w, "CAP_REACHED"))
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
  end)

  it("limit the grant to what the money cap leaves, and say so", function()
    local db = seed.fresh()
    product(db, "cap_money_micros = 100000") -- 0.10 a day
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, LONDON, "1", LONDON }, bridges = answered(300000) })
    -- 0.10 at 0.05 a minute per second: 120 s granted (not the 100 minutes 5.00 buys), cut off
    -- inside them (src/ivr/cutoff.ts): 119 s billed.
    local cdr = seed.one(db, "SELECT granted_seconds, billed_ms, cost_micros FROM cdrs")
    assert.are.same({ 120, 99167 }, { cdr.granted_seconds, cdr.cost_micros })
    assert.is_true(cdr.billed_ms <= 120000)
    assert.is_true(contains(w.prompts, { "you_have", "n_1", "minute", "minutes_of_talk_time" }), table.concat(w.prompts, " "))
    -- What the cap leaves (833 µ) buys no second: the second call in the session is refused before dialling.
    assert.are.equal(1, #w.bridges)
    assert.is_true(contains(w.prompts, { "cap_reached" }))
    assert.are.equal(5000000 - 99167, seed.account(db, card.account_id).balance_micros)
  end)

  it("count only the last 24 hours", function()
    local db = seed.fresh()
    product(db, "cap_calls = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    seed.sql(db, "INSERT INTO cdrs (uuid, account_id, product_id, destination, prefix, rate_table_id, rate_per_minute_micros, granted_seconds, " ..
      "answered_ms, cost_micros, balance_before_micros, balance_after_micros, started_at, settled_at) VALUES ('old', " .. card.account_id ..
      ", 1, '44', '44', 1, 1, 60, 60000, 0, 5000000, 5000000, " .. (seed.NOW - 86401) .. ", " .. (seed.NOW - 86000) .. ")")
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = answered(1000) })
    assert.are.equal(1, #w.bridges)
  end)

  it("in Spanish, with its prompt", function()
    local db = seed.fresh()
    product(db, "cap_calls = 1, language = 'es'")
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { PIN, UK, "1", UK }, bridges = answered(1000) })
    assert.is_true(contains(w.files, { "/snd/es/es/espeak/ccard/cap_reached.wav" }), table.concat(w.files, " "))
  end)

  it("refuse retail callers too", function()
    local db = seed.fresh()
    seed.sql(db, "UPDATE products SET cap_calls = 1 WHERE id = 2")
    local account = seed.master(db, { balance = 1000000, cli = "34911234567" })
    local r = { vars = { caller_id_number = "+34911234567", destination_number = UK }, bridges = answered(61000) }
    calls.run("retail", db, r)
    local w = calls.run("retail", db, { vars = r.vars, bridges = answered(61000) })
    assert.are.same({ "cap_reached" }, w.prompts)
    assert.are.equal(800000, seed.account(db, account).balance_micros)
  end)
end)

describe("the language menu", function()
  local db
  before_each(function()
    db = seed.fresh()
    product(db, "language_menu = 'en,es'")
  end)

  local function file_of(w, id)
    for _, f in ipairs(w.files) do
      if f:find("/" .. id .. ".wav", 1, true) then return f end
    end
  end

  it("offers each language in its own voice before the PIN, speaks the choice, and the card remembers it", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { "2", PIN, UK, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.files, { "/snd/en/us/espeak/ccard/welcome.wav", "/snd/en/us/espeak/ccard/language_choice.wav", "/snd/en/us/espeak/ccard/n_1.wav",
      "/snd/es/es/espeak/ccard/language_choice.wav", "/snd/es/es/espeak/ccard/n_2.wav" }), table.concat(w.files, " "))
    assert.are.equal("/snd/es/es/espeak/ccard/enter_pin.wav", file_of(w, "enter_pin"))
    assert.are.equal("/snd/es/es/espeak/ccard/goodbye.wav", w.files[#w.files])
    assert.are.equal("es", seed.one(db, "SELECT language FROM cards WHERE account_id = " .. card.account_id).language)
  end)

  it("plays again after a key that is no choice, and goes on in the language then chosen", function()
    seed.card(db, { pin = PIN, balance = 5000000 })
    local w = calls.card_call(db, { dtmf = { "9", "1", PIN, UK, "2" }, bridges = answered(1000) })
    assert.are.equal(4, calls.count(w.prompts, "language_choice")) -- the menu of two choices, twice
    assert.are.equal("/snd/en/us/espeak/ccard/enter_pin.wav", file_of(w, "enter_pin"))
    assert.is_true(logged(w, "language menu: key '9' is not a choice"))
  end)

  it("is skipped for a pinless caller whose card remembers a choice", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    seed.sql(db, "UPDATE cards SET language = 'es' WHERE account_id = " .. card.account_id)
    seed.map_cli(db, calls.ANI, card.account_id)
    local w = calls.card_call(db, { dtmf = { UK, "2" }, bridges = answered(1000) })
    assert.are.equal(0, calls.count(w.prompts, "language_choice"))
    assert.are.equal("/snd/es/es/espeak/ccard/enter_destination.wav", file_of(w, "enter_destination"))
  end)

  it("a caller hanging up at it changes nothing", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local before = seed.snapshot(db)
    calls.card_call(db, { dtmf = {}, hangup_after_prompt = "language_choice" })
    assert.are.same(before, seed.snapshot(db))
    assert.is_true(card.account_id > 0)
  end)
end)

describe("a balance number", function()
  local BALANCE_DNIS = "18005550177"
  local db
  before_each(function()
    db = seed.fresh()
    seed.sql(db, "INSERT INTO access_numbers (dnis, product_id, purpose) VALUES ('" .. BALANCE_DNIS .. "', 1, 'balance')")
  end)

  it("announces the balance and the expiry after the PIN and hangs up: no call, nothing held, the card not activated", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000, state = "new", expires_at = seed.NOW + 3 * 86400 - 100 })
    local w = calls.card_call(db, { dtmf = { PIN }, vars = { destination_number = BALANCE_DNIS } })
    assert.are.same({ "welcome", "enter_pin", "your_balance_is", "n_5", "usd_units", "card_expires_in", "n_3", "days", "goodbye" }, w.prompts)
    assert.are.equal("NORMAL_CLEARING", w.hangup_cause)
    assert.are.equal(0, #w.bridges)
    assert.are.equal("new", seed.one(db, "SELECT state FROM cards WHERE account_id = " .. card.account_id).state)
    untouched(db, card, 5000000)
    assert.is_true(logged(w, "BALANCE_ONLY card " .. card.serial))
  end)

  it("in Spanish, without an expiry when the card has none yet", function()
    product(db, "language = 'es'")
    seed.card(db, { pin = PIN, balance = 1010000 })
    local w = calls.card_call(db, { dtmf = { PIN }, vars = { destination_number = BALANCE_DNIS } })
    assert.are.same({ "welcome", "enter_pin", "your_balance_is", "n_1_m", "usd_unit", "and", "n_1_m", "usd_minor", "goodbye" }, w.prompts)
    assert.is_true(contains(w.files, { "/snd/es/es/espeak/ccard/your_balance_is.wav" }))
  end)

  it("refuses a blocked card with its prompt; a caller hanging up during the balance leaves nothing", function()
    local blocked = seed.card(db, { pin = PIN, balance = 5000000, state = "blocked" })
    local w = calls.card_call(db, { dtmf = { PIN }, vars = { destination_number = BALANCE_DNIS } })
    assert.are.same({ "welcome", "enter_pin", "card_blocked" }, w.prompts)
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    untouched(db, blocked, 5000000)
    local other = seed.card(db, { pin = "123456789013", balance = 2000000 })
    local before = seed.snapshot(db)
    calls.card_call(db, { dtmf = { "123456789013" }, vars = { destination_number = BALANCE_DNIS }, hangup_after_prompt = "your_balance_is" })
    assert.are.same(before, seed.snapshot(db))
    assert.is_true(other.account_id > 0)
  end)
end)

describe("voucher top-up in the call", function()
  local VPIN = "555566667777"
  local db, card, voucher
  before_each(function()
    db = seed.fresh()
    seed.sql(db, "INSERT INTO products (id, name, kind, currency, rate_table_id, vouchers, created_at) VALUES (3, 'topup', 'card', 'USD', 1, 1, 0)")
    product(db, "voucher_key = '9'")
    card = seed.card(db, { pin = PIN, balance = 1000000 })
    voucher = seed.card(db, { pin = VPIN, balance = 2500000, product_id = 3, state = "new", issued = true })
  end)

  local function ledger(account)
    return seed.sql(db, "SELECT reason, amount_micros, balance_after_micros, ref FROM ledger WHERE account_id = " .. account .. " ORDER BY id")
  end

  it("moves the voucher's value onto the card in one transaction and announces the new balance", function()
    local w = calls.card_call(db, { dtmf = { PIN, "9", VPIN, UK, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.prompts, { "enter_voucher", "voucher_added", "your_balance_is", "n_3", "usd_units", "and", "n_50", "usd_minors", "enter_destination" }),
      table.concat(w.prompts, " "))
    assert.are.equal(0, seed.account(db, voucher.account_id).balance_micros)
    assert.are.equal("closed", seed.one(db, "SELECT state FROM accounts WHERE id = " .. voucher.account_id).state)
    assert.are.equal("void", seed.one(db, "SELECT state FROM cards WHERE account_id = " .. voucher.account_id).state)
    local l = ledger(card.account_id)
    assert.are.same({ "voucher_topup", 2500000, 3500000, voucher.serial }, { l[1].reason, l[1].amount_micros, l[1].balance_after_micros, l[1].ref })
    local v = ledger(voucher.account_id)
    assert.are.same({ "voucher_redeemed", -2500000, 0 }, { v[2].reason, v[2].amount_micros, v[2].balance_after_micros })
    assert.is_true(logged(w, "VOUCHER_REDEEMED voucher=" .. voucher.serial))
    -- The call after it ran on the new balance: 1 s to the UK, one 60 s block at 0.10.
    assert.are.equal(3500000 - 100000, seed.account(db, card.account_id).balance_micros)
  end)

  it("refuses a used voucher, an expired one, a blocked one and one in another currency, each with its prompt, changing nothing", function()
    calls.card_call(db, { dtmf = { PIN, "9", VPIN, UK, "2" }, bridges = answered(1000) })
    local other = seed.card(db, { pin = "123456789013", balance = 1000000 })
    local expired = seed.card(db, { pin = "555566667778", balance = 100000, product_id = 3, expires_at = seed.NOW - 10 })
    local blocked = seed.card(db, { pin = "555566667779", balance = 100000, product_id = 3, state = "blocked" })
    local euro = seed.card(db, { pin = "555566667770", balance = 100000, product_id = 3 })
    seed.sql(db, "UPDATE accounts SET currency = 'EUR' WHERE id = " .. euro.account_id)
    for pin, prompt in pairs({ [VPIN] = "voucher_used", ["555566667778"] = "voucher_expired", ["555566667779"] = "voucher_blocked", ["555566667770"] = "voucher_currency" }) do
      local before = seed.snapshot(db)
      local w = calls.card_call(db, { dtmf = { "123456789013", "9", pin, UK, "2" }, bridges = answered(1000), hangup_after_prompt = prompt })
      assert.is_true(contains(w.prompts, { "enter_voucher", prompt }), prompt .. ": " .. table.concat(w.prompts, " "))
      assert.are.same(before, seed.snapshot(db), prompt)
    end
    assert.are.equal(1000000, seed.account(db, other.account_id).balance_micros)
    assert.is_true(expired.account_id > 0 and blocked.account_id > 0)
  end)

  it("counts a wrong voucher PIN like a wrong card PIN, up to the lockout", function()
    product(db, "lockout_failures = 2")
    local w = calls.card_call(db, { dtmf = { PIN, "9", "999988887777", "9", "999988887776" } })
    assert.is_true(contains(w.prompts, { "enter_voucher", "voucher_invalid", "your_balance_is" }), table.concat(w.prompts, " "))
    assert.are.equal("locked_out", w.prompts[#w.prompts])
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    assert.is_true(logged(w, "VOUCHER_FAILED ani=" .. calls.ANI) and logged(w, "VOUCHER_LOCKOUT"))
    assert.are.equal(1000000, seed.account(db, card.account_id).balance_micros)
  end)

  it("asks again on a PIN too short, and a voucher cannot be dialled with", function()
    local w = calls.card_call(db, { dtmf = { PIN, "9", "12", UK, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.prompts, { "enter_voucher", "voucher_invalid", "your_balance_is" }), table.concat(w.prompts, " "))
    assert.are.equal(2500000, seed.account(db, voucher.account_id).balance_micros)
    local as_card = calls.card_call(db, { dtmf = { VPIN, "", "" } })
    assert.are.equal(0, #as_card.bridges)
    assert.is_true(contains(as_card.prompts, { "invalid_pin" }))
  end)

  it("a caller hanging up at the voucher prompt or as it is added leaves the books whole", function()
    local before = seed.snapshot(db)
    calls.card_call(db, { dtmf = { PIN, "9" }, hangup_after_prompt = "enter_voucher" })
    assert.are.same(before, seed.snapshot(db))
    calls.card_call(db, { dtmf = { PIN, "9", VPIN }, hangup_after_prompt = "voucher_added" })
    assert.are.equal(3500000, seed.account(db, card.account_id).balance_micros)
    assert.are.equal(0, seed.account(db, voucher.account_id).balance_micros)
  end)

  it("in Spanish", function()
    product(db, "language = 'es'")
    local w = calls.card_call(db, { dtmf = { PIN, "9", VPIN, UK, "2" }, bridges = answered(1000) })
    assert.is_true(contains(w.files, { "/snd/es/es/espeak/ccard/enter_voucher.wav", "/snd/es/es/espeak/ccard/voucher_added.wav" }))
  end)
end)
