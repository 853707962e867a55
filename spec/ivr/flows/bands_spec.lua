-- Time bands through a whole card call on the host fake: the grant priced on the worst the bands
-- can do while the callee rings, the hold recording the bands, settlement pricing each block in
-- the band in force when it starts, the CDR naming the bands billed (docs/tariff-bands.md).
local seed = require("support.seed")
local calls = require("support.calls")
local tariff = require("domain.tariff")
local intmath = require("domain.intmath")

local PIN = "123456789012"
local LONDON = "00442071234567" -- prefix 4420: 0.05 a minute, billed per second (seed.lua)
local BASE, PEAK = 50000, 500000

--- A plan on table 1 whose band `peak` starts at epoch second `at` (and lasts till local midnight):
--- the zone's one offset puts local 12:00 at `at`, so the edge falls where the spec needs it.
local function peak_from(db, at)
  local noon = intmath.floorDiv(at, 86400) * 86400 + 43200
  seed.sql(db, "UPDATE rate_tables SET band_zone = 'Test/Noon', band_rules = 'peak=mon-sun/12:00-24:00', band_offsets = '0:" ..
    intmath.intStr(noon - at) .. "' WHERE id = 1")
  seed.sql(db, "UPDATE rates SET bands = 'peak=" .. PEAK .. "' WHERE table_id = 1 AND prefix = '4420'")
end

local LONDON_RATE = {
  ratePerMinuteMicros = BASE, connectFeeMicros = 0, disconnectFeeMicros = 0,
  initialSeconds = 1, incrementSeconds = 1, graceSeconds = 0, minimumCostMicros = 0,
}

describe("a banded call", function()
  it("starting seconds before a band change is granted what the dearer band allows, and settled per block in the band it starts in", function()
    local db = seed.fresh()
    local change = os.time() + 5
    peak_from(db, change)
    seed.card(db, { pin = PIN, balance = 1000000 })
    local w = calls.card_call(db, {
      dtmf = { PIN, LONDON, "2" },
      bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } },
    })
    -- The grant: 1.00 at the peak price (0.50 a minute, per second) is 120 s, as if all of it were peak.
    local cdr = seed.one(db, "SELECT granted_seconds, answered_at, billed_ms, cost_micros, hold_micros, bands, band_changes, bands_billed FROM cdrs")
    assert.are.equal(120, tonumber(cdr.granted_seconds))
    assert.are.equal(tariff.callCost(LONDON_RATE, 120000, { { fromSecond = 0, ratePerMinuteMicros = PEAK, band = "peak" } }), tonumber(cdr.hold_micros))
    -- What the caller heard is that grant (its cut-off, 119 s), not the 20 minutes 1.00 buys at the base rate.
    assert.truthy(calls.contains(w.prompts, { "you_have", "n_1", "minute", "minutes_of_talk_time" }), table.concat(w.prompts, " "))
    -- The bill: the seconds before the change at the base rate, the rest at the peak price.
    local before = change - tonumber(cdr.answered_at)
    assert.is_true(before >= 1 and before <= 5, "answered " .. before .. " s before the change")
    assert.are.equal(61000, tonumber(cdr.billed_ms))
    assert.are.equal(intmath.ceilDiv(BASE * before + PEAK * (61 - before), 60), tonumber(cdr.cost_micros))
    assert.are.equal(":" .. before .. ",peak:" .. (61 - before), cdr.bands_billed)
    assert.are.equal("peak=" .. PEAK, cdr.bands)
    assert.truthy(cdr.band_changes:find(":peak", 1, true), cdr.band_changes)
    -- The account paid exactly the CDR, and nothing stays held.
    local a = seed.one(db, "SELECT balance_micros, held_micros FROM accounts")
    assert.are.equal(1000000 - tonumber(cdr.cost_micros), tonumber(a.balance_micros))
    assert.are.equal(0, tonumber(a.held_micros))
  end)

  it("whose next band change is beyond its reach is granted and billed as an unbanded call", function()
    local db = seed.fresh()
    peak_from(db, os.time() + 3 * 3600) -- past ringing (60 s) + the product's longest call (7200 s)
    seed.card(db, { pin = PIN, balance = 1000000 })
    calls.card_call(db, { dtmf = { PIN, LONDON, "2" }, bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } } })
    local cdr = seed.one(db, "SELECT granted_seconds, cost_micros, bands_billed FROM cdrs")
    assert.are.equal(tariff.maxTalkSeconds(LONDON_RATE, 1000000, 7200), tonumber(cdr.granted_seconds))
    assert.are.equal(tariff.callCost(LONDON_RATE, 61000), tonumber(cdr.cost_micros))
    assert.are.equal(":61", cdr.bands_billed)
  end)

  it("on a table without bands records none", function()
    local db = seed.fresh()
    seed.card(db, { pin = PIN, balance = 1000000 })
    calls.card_call(db, { dtmf = { PIN, LONDON, "2" }, bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } } })
    local cdr = seed.one(db, "SELECT cost_micros, bands, band_changes, bands_billed FROM cdrs")
    assert.are.equal(tariff.callCost(LONDON_RATE, 61000), tonumber(cdr.cost_micros))
    assert.are.same({ "", "" }, { cdr.bands, cdr.band_changes })
    assert.is_true(cdr.bands_billed == nil or cdr.bands_billed == "", tostring(cdr.bands_billed))
  end)
end)
