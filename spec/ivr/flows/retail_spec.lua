local seed = require("support.seed")
local calls = require("support.calls")
local fake_dbh = require("support.fake_dbh")

local CLI = "34911234567"

local function retail_call(db, o)
  o = o or {}
  o.vars = o.vars or {}
  o.vars.caller_id_number = o.vars.caller_id_number or ("+" .. CLI)
  o.vars.destination_number = o.vars.destination_number or "00441612345678"
  return calls.run("retail", db, o)
end

describe("retail", function()
  local db
  before_each(function() db = seed.fresh() end)

  it("connects a known caller ID silently and settles against its master account", function()
    local account = seed.master(db, { balance = 1000000, cli = CLI })
    local w = retail_call(db, { bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } } })
    assert.are.same({}, w.prompts)
    assert.are.equal(599, w.bridges[1].sched_hangup) -- 1.00 at 0.10 a minute: 10 minutes, cut one second inside
    assert.are.equal(800000, seed.account(db, account).balance_micros)
    local cdr = seed.one(db, "SELECT * FROM cdrs")
    assert.are.same({ CLI, "00441612345678", "441612345678", 200000 }, { cdr.ani, cdr.dnis, cdr.destination, cdr.cost_micros })
    assert.are.equal("NORMAL_CLEARING", w.hangup_cause)
  end)

  it("reads the product once when the dialplan names the account's own, and the account's when it names another", function()
    seed.master(db, { balance = 1000000, cli = CLI })
    local function product_reads(w) return fake_dbh.count_statements(w.sql_log, "FROM products p") end
    local own = retail_call(db, { vars = { ccard_product = "shop" }, bridges = { { result = "answer", talk_ms = 1000, gateway = "gw1" } } })
    assert.are.equal(1, product_reads(own))
    -- "gold" is a card product: its rules read the caller ID, the account's product ("shop") prices the call.
    local other = retail_call(db, { vars = { ccard_product = "gold" }, bridges = { { result = "answer", talk_ms = 1000, gateway = "gw1" } } })
    assert.are.equal(2, product_reads(other))
    local cdrs = seed.one(db, "SELECT COUNT(*) AS n, MIN(product_id) AS lo, MAX(product_id) AS hi FROM cdrs")
    assert.are.same({ 2, 2, 2 }, { tonumber(cdrs.n), tonumber(cdrs.lo), tonumber(cdrs.hi) })
  end)

  it("counts the account's holds in the caller-ID read, so the hold reads the account no more", function()
    local account = seed.master(db, { balance = 1000000, cli = CLI })
    -- placeHold's own read of the account (ivr/store/holds.ts accountState)
    local function account_reads(w) return fake_dbh.count_statements(w.sql_log, "SELECT a.balance_micros, a.held_micros, a.state") end
    local w = retail_call(db, { bridges = { { result = "answer", talk_ms = 1000, gateway = "gw1" } } })
    assert.are.equal(0, account_reads(w))
    assert.are.equal(1, seed.one(db, "SELECT COUNT(*) AS n FROM cdrs").n + 0)
    -- Leftovers settled before the call change the account: then the hold reads it afresh.
    seed.sql(db, string.format("INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, destination, prefix, " ..
      "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, " ..
      "grace_seconds, minimum_cost_micros, created_at, expires_at) VALUES ('left-1', %d, 2, 100000, 60, '441612345678', '44', " ..
      "1, 100000, 0, 0, 60, 60, 0, 0, %d, %d)", account, seed.NOW - 900, seed.NOW - 600))
    seed.sql(db, "UPDATE accounts SET held_micros = 100000 WHERE id = " .. account)
    local after = retail_call(db, { bridges = { { result = "answer", talk_ms = 1000, gateway = "gw1" } } })
    assert.are.equal(1, account_reads(after))
    local a = seed.account(db, account)
    assert.are.same({ 0, 0 }, { a.held_micros + 0, seed.one(db, "SELECT COUNT(*) AS n FROM holds").n + 0 })
  end)

  it("refuses an unknown caller ID with a prompt and changes nothing", function()
    local before = seed.snapshot(db)
    local w = retail_call(db, { vars = { caller_id_number = "+15550001111" } })
    assert.are.same({ "unknown_caller" }, w.prompts)
    assert.are.equal("CALL_REJECTED", w.hangup_cause)
    assert.are.same(before, seed.snapshot(db))
  end)

  it("treats a hostile caller ID as no caller ID: never SQL, a clear refusal", function()
    seed.master(db, { balance = 1000000, cli = CLI })
    local before = seed.snapshot(db)
    for _, hostile in ipairs({ "' OR '1'='1", "34911234567'; DROP TABLE accounts;--", "+" .. string.rep("9", 40), "sip:alice@x", "" }) do
      local w = retail_call(db, { vars = { caller_id_number = hostile } })
      assert.are.same({ "unknown_caller" }, w.prompts)
      for _, sql in ipairs(w.sql_log) do
        assert.is_nil(sql:find("DROP", 1, true), sql)
        assert.is_nil(sql:find("'1'='1", 1, true), sql)
      end
    end
    assert.are.same(before, seed.snapshot(db))
  end)

  it("reads a number given with '+' as international, whatever the product's national rules", function()
    seed.sql(db, "UPDATE products SET national_prefix = '1', country_code = '1', national_number_length = 10 WHERE id = 2")
    -- Ten digits after '+': without the '+' the NANP rules would read it as a national number.
    local account = seed.master(db, { balance = 1000000, cli = "4420794600" })
    local w = retail_call(db, {
      vars = { caller_id_number = "+4420794600", destination_number = "+4420794601" },
      bridges = { { result = "answer", talk_ms = 60000 } },
    })
    assert.are.same({}, w.prompts)
    assert.are.equal("4420794601", w.bridges[1].number)
    assert.are.equal("4420", seed.one(db, "SELECT prefix FROM cdrs").prefix)
    assert.are.equal(950000, seed.account(db, account).balance_micros) -- London 0.05 a minute
  end)

  it("refuses a blocked account", function()
    seed.master(db, { balance = 1000000, cli = CLI, state = "blocked" })
    local w = retail_call(db)
    assert.are.same({ "account_blocked" }, w.prompts)
  end)

  it("refuses a bad number and an unrated destination in the product's language", function()
    seed.master(db, { balance = 1000000, cli = CLI })
    local bad = retail_call(db, { vars = { destination_number = "12#4" } })
    assert.are.same({ "invalid_number" }, bad.prompts)
    assert.are.equal("/snd/es/es/espeak/ccard/invalid_number.wav", bad.files[1])
    local unrated = retail_call(db, { vars = { destination_number = "0086123456789" } })
    assert.are.same({ "destination_unavailable" }, unrated.prompts)
  end)

  it("refuses when the balance does not cover the first block", function()
    local account = seed.master(db, { balance = 5, cli = CLI })
    local w = retail_call(db)
    assert.are.same({ "insufficient_balance" }, w.prompts)
    assert.are.equal(0, #w.bridges)
    assert.are.equal(5, seed.account(db, account).balance_micros)
  end)

  it("says the call failed when every gateway fails, charging nothing", function()
    local account = seed.master(db, { balance = 1000000, cli = CLI })
    local w = retail_call(db, { bridges = { { result = "busy" }, { result = "busy" } } })
    assert.are.same({ "call_failed" }, w.prompts)
    local a = seed.account(db, account)
    assert.are.same({ 1000000, 0 }, { a.balance_micros, a.held_micros })
  end)

  it("does not let a card's caller ID use retail", function()
    local card = seed.card(db, { pin = "123456789012", balance = 1000000 })
    seed.map_cli(db, CLI, card.account_id)
    local w = retail_call(db)
    assert.are.same({ "unknown_caller" }, w.prompts)
  end)
end)
