local bands = require("domain.bands")
local tariff = require("domain.tariff")
local fixtures = require("support.fixtures")

local vectors = fixtures.load("band_vectors")

local function value(r)
  assert(r.ok, r.code)
  return r.value
end

local function plan_of(v)
  return { rules = value(bands.parseBandRules(v.rules)), offsets = value(bands.parseZoneOffsets(v.offsets)) }
end

local function timeline_of(v)
  local changes = bands.bandChanges(plan_of(v), v.start, v.offsetsTo)
  return bands.priceTimeline(v.rate.ratePerMinuteMicros, value(bands.parseBandPrices(v.prices)), changes, v.start)
end

describe("domain.bands", function()
  describe("text forms", function()
    it("reads and writes the rules of the issue's example", function()
      local text = "peak=mon-fri/08:00-20:00+sat/09:00-13:00;weekend=sat/13:00-24:00+sun/00:00-24:00"
      local rules = value(bands.parseBandRules(text))
      assert.are.same({ band = "peak", days = 31, fromMinute = 480, toMinute = 1200 }, rules[1])
      assert.are.same({ band = "weekend", days = 64, fromMinute = 0, toMinute = 1440 }, rules[4])
      assert.are.equal(text, bands.formatBandRules(rules))
    end)

    it("refuses overlapping rules of different bands", function()
      -- Saturday morning would be both peak and weekend.
      assert.are.same({ ok = false, code = "BAND_RULES_OVERLAP" },
        bands.parseBandRules("peak=mon-fri/08:00-20:00+sat/09:00-13:00;weekend=sat-sun/00:00-24:00"))
      assert.are.same({ ok = false, code = "BAND_RULES_OVERLAP" },
        bands.parseBandRules("peak=mon-fri/08:00-20:00;cheap=fri/19:59-21:00"))
    end)

    it("refuses a rule that wraps midnight and 24:00 as a start", function()
      assert.are.same({ ok = false, code = "BAND_TIME_ORDER" }, bands.parseBandRules("night=mon/22:00-06:00"))
      assert.are.same({ ok = false, code = "BAND_TIME_INVALID" }, bands.parseBandRules("night=mon/24:00-24:00"))
    end)

    it("reads offsets and prices exactly, negative offsets included", function()
      assert.are.same({ { from = -100, offsetSeconds = -18000 }, { from = 1700000000, offsetSeconds = 20700 } },
        value(bands.parseZoneOffsets("-100:-18000,1700000000:20700")))
      assert.are.equal("-100:-18000,1700000000:20700",
        bands.formatZoneOffsets(value(bands.parseZoneOffsets("-100:-18000,1700000000:20700"))))
      assert.are.same({ { band = "peak", ratePerMinuteMicros = 10000000000 } },
        value(bands.parseBandPrices("peak=10000000000")))
      assert.are.same({ ok = false, code = "BAND_PRICE_TOO_LARGE" }, bands.parseBandPrices("peak=10000000001"))
      assert.are.same({}, value(bands.parseBandPrices("")))
    end)

    it("writes back every vector's texts unchanged", function()
      for _, v in ipairs(vectors.cases) do
        assert.are.equal(v.rules, bands.formatBandRules(value(bands.parseBandRules(v.rules))))
        assert.are.equal(v.offsets, bands.formatZoneOffsets(value(bands.parseZoneOffsets(v.offsets))))
        assert.are.equal(v.prices, bands.formatBandPrices(value(bands.parseBandPrices(v.prices))))
      end
    end)
  end)

  describe("bandAt and bandChanges", function()
    -- Madrid: CET (+3600) until 2026-03-29 01:00 UTC, then CEST (+7200).
    local plan = {
      rules = value(bands.parseBandRules("early=sun/02:30-04:00;peak=mon-fri/08:00-20:00")),
      offsets = value(bands.parseZoneOffsets("1774000000:3600,1774746000:7200")),
    }

    it("finds the band of the local weekday and time", function()
      assert.are.equal("peak", bands.bandAt(plan, 1774252800)) -- Mon 2026-03-23 09:00 CET
      assert.are.equal("peak", bands.bandAt(plan, 1774252800 - 3600)) -- 08:00:00
      assert.are.equal("", bands.bandAt(plan, 1774252800 - 3601)) -- 07:59:59
    end)

    it("takes a DST jump where it happens: 02:00 CET becomes 03:00 CEST", function()
      -- Sun 2026-03-29 00:00 CET … 06:00 CEST; 02:30 never happens, so early starts at 03:00 CEST.
      local changes = bands.bandChanges(plan, 1774738800, 1774760400)
      assert.are.same({ { at = 1774738800, band = "" }, { at = 1774746000, band = "early" },
        { at = 1774749600, band = "" } }, changes)
    end)

    it("agrees with bandAt at and just before every change of every vector", function()
      for _, v in ipairs(vectors.cases) do
        local p = plan_of(v)
        local changes = bands.bandChanges(p, v.start, v.offsetsTo)
        assert.are.equal(v.start, changes[1].at)
        for i, c in ipairs(changes) do
          assert.are.equal(c.band, bands.bandAt(p, c.at))
          if i > 1 then assert.are_not.equal(c.band, bands.bandAt(p, c.at - 1)) end
        end
      end
    end)
  end)

  describe("banded tariff", function()
    it("matches every reference callCost and billedByBand vector", function()
      local bad, n = {}, 0
      for i, v in ipairs(vectors.cases) do
        local tl = timeline_of(v)
        for _, c in ipairs(v.costs) do
          n = n + 1
          local cost = tariff.callCost(v.rate, c[1], tl)
          local billed = tariff.formatBandSeconds(tariff.billedByBand(v.rate, c[1], tl))
          if cost ~= c[2] or billed ~= c[3] then
            bad[#bad + 1] = string.format("#%d %s %d ms: want %d %q got %s %q", i, v.zone, c[1], c[2], c[3],
              tostring(cost), billed)
          end
        end
      end
      assert.are.same({}, bad)
      assert.is_true(n >= 1000)
    end)

    it("matches every reference maxTalkSeconds vector, ringing time included", function()
      local bad, n = {}, 0
      for i, v in ipairs(vectors.cases) do
        local tl = timeline_of(v)
        for _, t in ipairs(v.talks) do
          n = n + 1
          local got = tariff.maxTalkSeconds(v.rate, t[1], t[2], tariff.worstOverDelay(tl, t[3]))
          if got ~= t[4] then
            bad[#bad + 1] = string.format("#%d b=%d cap=%d delay=%d: want %d got %s", i, t[1], t[2], t[3], t[4], tostring(got))
          end
        end
      end
      assert.are.same({}, bad)
      assert.is_true(n >= 500)
    end)
  end)
end)
