-- ivr.store.rates: the longest-prefix lookup in the deck in force, bounded by the deck's longest prefix.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.store.rates.findRate", function()
  local db, log, sql, restore
  before_each(function()
    db = seed.fresh() -- table 1: 1, 33, 44, 4420, 881, 999 (and 49 in an old version)
    seed.sql(db, "UPDATE rate_versions SET max_prefix_digits = 4 WHERE table_id = 1 AND version = 1")
    log = {}
    restore = fake_dbh.install_host(log)
    sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
  end)
  after_each(function()
    sql:release()
    restore()
  end)

  -- The lookups the IVR sent: SQL text on SQLite, the prepared statement on PostgreSQL.
  local function lookups()
    local out = {}
    for _, s in ipairs(log) do
      if s:find("FROM rate_versions v JOIN rates r", 1, true) and not s:find("PREPARE", 1, true) or s:find("^EXECUTE ccard_rate") then out[#out + 1] = s end
    end
    return out
  end

  --- Whether a lookup is guarded by a bound, and on which candidates (a list as '4420', '442', …).
  local function bounded(q, bound) -- bound nil: unguarded
    if seed.ENGINE == "pgsql" then return q:match("^EXECUTE ccard_rate%w*_%a+%(%d+, (%d+),") == tostring(bound or 0) end
    if bound == nil then return q:find("max_prefix_digits", 1, true) == nil end
    return q:find(" AND v.max_prefix_digits <= " .. bound .. " AND", 1, true) ~= nil
  end
  local function candidates(q)
    return q:match("IN %((.-)%) ORDER") or q:match("ARRAY%[(.-)%], %d+%)$")
  end

  it("looks up only as many digits as the deck's longest prefix, guarded by it", function()
    local r = require("ivr.store.rates").findRate(sql, 1, "442071234567", seed.NOW, 4)
    assert.are.equal("4420", r.prefix)
    assert.are.equal(50000, r.rate.ratePerMinuteMicros)
    local q = lookups()
    assert.are.equal(1, #q)
    assert.is_true(bounded(q[1], 4), q[1])
    assert.are.equal("'4420', '442', '44', '4'", candidates(q[1]))
  end)

  --- Version 2 of table 1: version 1's rows and `extra` ones (SQL value lists), effective from `at`, its longest prefix `longest`.
  local function version2(at, longest, extra)
    seed.sql(db, "INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, " ..
      "initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route) SELECT table_id, 2, prefix, destination, rate_per_minute_micros, " ..
      "connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route " ..
      "FROM rates WHERE table_id = 1 AND version = 1")
    for _, values in ipairs(extra) do
      seed.sql(db, "INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, " ..
        "initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route) VALUES (1, 2, " .. values .. ")")
    end
    seed.sql(db, "INSERT INTO rate_versions (table_id, version, effective_at, max_prefix_digits, row_count, loaded_at) VALUES (1, 2, " ..
      at .. ", " .. longest .. ", 7, " .. seed.NOW .. ")")
  end

  it("rates from the deck in force at the call's instant: a version scheduled for T is not used at T - 1 s and is used from T on", function()
    local T = seed.NOW + 3600
    version2(T, 4, {})
    seed.sql(db, "UPDATE rates SET rate_per_minute_micros = 40000 WHERE table_id = 1 AND version = 2 AND prefix = '4420'")
    local rates = require("ivr.store.rates")
    assert.are.equal(50000, rates.findRate(sql, 1, "442071234567", T - 1, 4).rate.ratePerMinuteMicros)
    assert.are.equal(40000, rates.findRate(sql, 1, "442071234567", T, 4).rate.ratePerMinuteMicros)
    assert.are.equal(40000, rates.findRate(sql, 1, "442071234567", T + 86400, 4).rate.ratePerMinuteMicros)
    -- Cancelled before T (its version row deleted, as 'ccard rates cancel' does): the old deck stays.
    seed.sql(db, "DELETE FROM rate_versions WHERE table_id = 1 AND version = 2")
    assert.are.equal(50000, rates.findRate(sql, 1, "442071234567", T, 4).rate.ratePerMinuteMicros)
  end)

  it("of two versions in force from the same second, rates from the later one; rows of a version never registered are never read", function()
    version2(0, 4, {})
    seed.sql(db, "UPDATE rates SET rate_per_minute_micros = 40000 WHERE table_id = 1 AND version = 2 AND prefix = '4420'")
    local rates = require("ivr.store.rates")
    assert.are.equal(40000, rates.findRate(sql, 1, "442071234567", seed.NOW, 4).rate.ratePerMinuteMicros)
    assert.is_nil(rates.findRate(sql, 1, "4912345678", seed.NOW)) -- '49' is only in version 0, which has no rate_versions row
  end)

  it("finds a longer prefix of a deck that took effect after the bound was read (second, unbounded query)", function()
    version2(seed.NOW - 10, 6, { "'442071', 'London central', 70000, 0, 0, 1, 1, 0, 0, 'intl'" })
    local r = require("ivr.store.rates").findRate(sql, 1, "442071234567", seed.NOW, 4) -- the bound read before the swap
    assert.are.equal("442071", r.prefix)
    local q = lookups()
    assert.are.equal(2, #q)
    assert.is_true(bounded(q[2]), q[2])
    assert.are.equal("'442071234567', ", candidates(q[2]):sub(1, 16))
  end)

  it("reads with the product a bound that fits every loaded version, pending ones too", function()
    version2(seed.NOW + 3600, 6, { "'447700', 'UK mobile', 90000, 0, 0, 1, 1, 0, 0, 'intl'" })
    local products = require("ivr.store.products")
    assert.are.equal(6, products.productByDnis(sql, seed.DNIS).rateMaxPrefixDigits)
  end)

  it("needs no bound for a number no longer than it, and answers nothing when no prefix matches", function()
    local rates = require("ivr.store.rates")
    assert.are.equal("4420", rates.findRate(sql, 1, "4420", seed.NOW, 4).prefix)
    assert.are.equal(1, #lookups())
    assert.is_true(bounded(lookups()[1]), lookups()[1])
    assert.is_nil(rates.findRate(sql, 1, "71234567890", seed.NOW, 4))
    assert.are.equal(3, #lookups()) -- bounded, then every prefix
  end)

  it("gets the bound with the product", function()
    local products = require("ivr.store.products")
    assert.are.equal(4, products.productByDnis(sql, seed.DNIS).rateMaxPrefixDigits)
  end)

  it("bounds the settlement's vendor-cost lookup by the cost table's longest prefix too", function()
    seed.sql(db, "UPDATE rate_versions SET max_prefix_digits = 2 WHERE table_id = 2") -- the vendor deck: 44 only
    seed.card(db, { pin = "123456789012", balance = 5000000 })
    local w = require("support.calls").card_call(db, {
      dtmf = { "123456789012", "00441612345678", "2" },
      bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } },
    })
    assert.are.equal(30500, seed.one(db, "SELECT vendor_cost_micros FROM cdrs").vendor_cost_micros)
    local vendor
    for _, q in ipairs(w.sql_log) do
      if (q:find("WHERE v.table_id = 2 AND", 1, true) or q:find("^EXECUTE ccard_rate%w*_tariff%(2,")) and not q:find("PREPARE", 1, true) then vendor = q end
    end
    assert.is_true(bounded(vendor, 2), vendor)
    assert.are.equal("'44', '4'", candidates(vendor))
  end)
end)
