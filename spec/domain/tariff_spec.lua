local tariff = require("domain.tariff")
local fixtures = require("support.fixtures")

local vectors = fixtures.load("tariff_vectors")

local function rate(over)
  local r = {
    ratePerMinuteMicros = 100000, connectFeeMicros = 0, disconnectFeeMicros = 0,
    initialSeconds = 60, incrementSeconds = 60, graceSeconds = 0, minimumCostMicros = 0,
  }
  for k, v in pairs(over or {}) do r[k] = v end
  return r
end

describe("domain.tariff", function()
  it("exports callCost and maxTalkSeconds", function()
    assert.is_function(tariff.callCost)
    assert.is_function(tariff.maxTalkSeconds)
  end)

  describe("callCost", function()
    it("bills a 61 s call on 60/60 at 0.10 a minute as two minutes", function()
      assert.are.equal(200000, tariff.callCost(rate(), 61000))
    end)

    it("rounds answered milliseconds up to whole seconds", function()
      local r = rate({ initialSeconds = 1, incrementSeconds = 1, ratePerMinuteMicros = 60 })
      assert.are.equal(2, tariff.callCost(r, 1001))
    end)

    it("is free within the grace period and charges fees past it", function()
      local r = rate({ graceSeconds = 5, connectFeeMicros = 1000 })
      assert.are.equal(0, tariff.callCost(r, 5000))
      assert.are.equal(101000, tariff.callCost(r, 5001))
    end)

    it("raises on a negative duration", function()
      assert.has_error(function() tariff.callCost(rate(), -1) end)
    end)

    it("matches every reference vector", function()
      local bad = {}
      for i, v in ipairs(vectors.callCost) do
        local got = tariff.callCost(v.rate, v.answeredMs)
        if got ~= v.cost then
          bad[#bad + 1] = string.format("#%d %s %dms: want %d got %s", i, v.name, v.answeredMs, v.cost, tostring(got))
        end
      end
      assert.are.same({}, bad)
      assert.is_true(#vectors.callCost >= 100)
    end)
  end)

  describe("maxTalkSeconds", function()
    it("grants nothing on a negative balance", function()
      assert.are.equal(0, tariff.maxTalkSeconds(rate(), -1, 3600))
    end)

    it("includes the initial block in the time limit", function()
      -- 0.10 a minute, 60/60: 0.15 buys one block only, 60 s, never 90 s.
      assert.are.equal(60, tariff.maxTalkSeconds(rate(), 150000, 3600))
    end)

    it("stops at the cap", function()
      assert.are.equal(600, tariff.maxTalkSeconds(rate(), 1000000000000, 600))
    end)

    it("matches every reference vector", function()
      local bad = {}
      for i, v in ipairs(vectors.maxTalkSeconds) do
        local got = tariff.maxTalkSeconds(v.rate, v.availableMicros, v.capSeconds)
        if got ~= v.maxTalkSeconds then
          bad[#bad + 1] = string.format("#%d %s b=%d cap=%d: want %d got %s", i, v.name,
            v.availableMicros, v.capSeconds, v.maxTalkSeconds, tostring(got))
        end
      end
      assert.are.same({}, bad)
      assert.is_true(#vectors.maxTalkSeconds >= 100)
    end)
  end)

  describe("property: granted time is affordable and maximal", function()
    it("holds over 100,000 random rates, balances and caps", function()
      math.randomseed(42)
      local rnd = math.random
      local function pick(t) return t[rnd(1, #t)] end
      local failures = {}
      for _ = 1, 100000 do
        local r = {
          ratePerMinuteMicros = pick({ 0, rnd(0, 1000), rnd(0, 500000), rnd(0, 10000000), rnd(0, 10000000000) }),
          connectFeeMicros = pick({ 0, 0, rnd(0, 1000000) }),
          disconnectFeeMicros = pick({ 0, 0, rnd(0, 1000000) }),
          initialSeconds = pick({ 0, 1, 30, 60, rnd(0, 600) }),
          incrementSeconds = pick({ 1, 6, 30, 60, rnd(1, 600) }),
          graceSeconds = pick({ 0, 0, rnd(0, 10), rnd(0, 120) }),
          minimumCostMicros = pick({ 0, 0, rnd(0, 2000000) }),
        }
        local b = pick({ rnd(-1000, 1000), rnd(0, 1000000), rnd(0, 100000000), rnd(0, 1000000) * 1000000 })
        local cap = pick({ rnd(0, 120), rnd(0, 7200), 86400 })
        local s = tariff.maxTalkSeconds(r, b, cap)
        local ok = s >= 0 and s <= cap
        if ok and b >= 0 then ok = tariff.callCost(r, s * 1000) <= b end
        if ok and b >= 0 and s < cap then ok = tariff.callCost(r, (s + 1) * 1000) > b end
        if ok and b < 0 then ok = s == 0 end
        if not ok and #failures < 5 then
          failures[#failures + 1] = string.format("b=%d cap=%d s=%d", b, cap, s)
        end
      end
      assert.are.same({}, failures)
    end)
  end)
end)

describe("domain.tariff over a timeline", function()
  local band_vectors = fixtures.load("band_vectors")

  local function segments(list)
    local out = {}
    for i, s in ipairs(list) do out[i] = { fromSecond = s[1], ratePerMinuteMicros = s[2], band = s[3] } end
    return out
  end

  it("prices every unbanded vector the same over the rate's flat timeline", function()
    for _, v in ipairs(vectors.callCost) do
      assert.are.equal(v.cost, tariff.callCost(v.rate, v.answeredMs, tariff.flatTimeline(v.rate.ratePerMinuteMicros)))
    end
    for _, v in ipairs(vectors.maxTalkSeconds) do
      assert.are.equal(v.maxTalkSeconds, tariff.maxTalkSeconds(v.rate, v.availableMicros, v.capSeconds,
        tariff.flatTimeline(v.rate.ratePerMinuteMicros)))
    end
  end)

  it("prices a block at the rate in force at its start, for the whole block", function()
    -- 60/60; 0.10 a minute, then 1.00 a minute from second 30: block 0 starts at 0, block 1 at 60.
    local tl = segments({ { 0, 100000, "" }, { 30, 1000000, "peak" } })
    assert.are.equal(100000, tariff.callCost(rate(), 60000, tl))
    assert.are.equal(1100000, tariff.callCost(rate(), 61000, tl))
    assert.are.same({ { band = "", seconds = 60 }, { band = "peak", seconds = 60 } }, tariff.billedByBand(rate(), 61000, tl))
    assert.are.equal(":60,peak:60", tariff.formatBandSeconds(tariff.billedByBand(rate(), 61000, tl)))
  end)

  it("raises on a timeline that does not start at second 0", function()
    assert.has_error(function() tariff.callCost(rate(), 1000, segments({ { 5, 1, "" } })) end)
  end)

  it("matches every reference worstOverDelay vector", function()
    for i, v in ipairs(band_vectors.worstOverDelay) do
      assert.are.same(segments(v.worst), tariff.worstOverDelay(segments(v.timeline), v.delay), "#" .. i)
    end
  end)
end)
