-- The IVR half of the adversarial table (spec/fixtures/hostile_inputs.json): hostile caller
-- IDs, access numbers and DTMF through the fake host. Each gets its clear outcome, the raw
-- input never reaches SQL text, and every table is exactly as before.
local seed = require("support.seed")
local calls = require("support.calls")
local fixtures = require("support.fixtures")

local PIN = "123456789012"
local contains, count = calls.contains, calls.count

local function input_of(case)
  if case["repeat"] then return string.rep(case["repeat"].text, case["repeat"].times) end
  return case.input
end

--- Every row of every table, for "nothing changed".
local function all_tables(db)
  local out = {}
  for _, name in ipairs(seed.tables(db)) do
    out[name] = seed.sql(db, "SELECT * FROM \"" .. name .. "\" ORDER BY 1, 2")
  end
  return out
end

-- How each surface is driven, and what a caller must hear.
local SURFACES = {
  ani = function(db, v)
    local w = calls.card_call(db, { vars = { caller_id_number = v }, dtmf = { "", "", "" } })
    assert.is_true(contains(w.prompts, { "welcome", "enter_pin" }), "treated as no caller ID: asked for a PIN")
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    return w
  end,
  dnis = function(db, v)
    local w = calls.card_call(db, { vars = { destination_number = v } })
    assert.are.same({ "service_unavailable" }, w.prompts)
    assert.are.equal("NO_ROUTE_DESTINATION", w.hangup_cause)
    return w
  end,
  pin = function(db, v)
    local w = calls.card_call(db, { dtmf = { v, "", "" } })
    assert.are.equal(3, count(w.prompts, "enter_pin"))
    assert.are.equal(0, count(w.prompts, "your_balance_is"))
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    return w
  end,
  destination = function(db, v)
    local w = calls.card_call(db, { dtmf = { PIN, v, "", "" } })
    assert.is_true(contains(w.prompts, { "enter_destination", "invalid_number" }))
    assert.are.equal(0, #w.bridges)
    return w
  end,
}

describe("hostile input to the IVR", function()
  local cases = fixtures.load("hostile_inputs").cases
  local db, before
  setup(function()
    db = seed.fresh()
    -- An active card already used once, so a good PIN changes nothing by itself.
    seed.card(db, { pin = PIN, balance = 5000000, first_used_at = seed.NOW - 100 })
    seed.map_cli(db, "15551239999", 1)
    before = all_tables(db)
  end)

  local n = 0
  for _, case in ipairs(cases) do
    local drive = SURFACES[case.surface]
    if drive then
      n = n + 1
      it(case.id .. " (" .. case.surface .. "): " .. case.expect .. ", nothing changed", function()
        local v = input_of(case)
        local w = drive(db, v)
        if #v >= 2 then
          for _, s in ipairs(w.sql_log) do
            assert.is_nil(s:find(v, 1, true), "the raw input reached SQL: " .. s:sub(1, 200))
          end
        end
        assert.are.same(before, all_tables(db))
      end)
    end
  end

  it("covers every IVR surface with at least 30 cases", function()
    assert.is_true(n >= 30, "only " .. n .. " IVR cases")
  end)
end)
