-- Several FreeSWITCH nodes on one database. A node is its own set of pooled Dbh connections (a
-- DSN of its own: seed.node_dsn) and its own scripts; the nodes share nothing but the database.
-- On SQLite there is one switch, so the "nodes" share the file. And what a caller gets when the
-- PostgreSQL server is not there, or goes away in the middle of a call.
local seed = require("support.seed")
local calls = require("support.calls")
local fake_dbh = require("support.fake_dbh")

local PIN = "123456789012"
local UK = "00441612345678" -- 0.10 a minute in 60 s blocks
local contains, count = calls.contains, calls.count
local it_pg = seed.ENGINE == "pgsql" and it or pending

local function wrong(n) return string.format("9999999999%02d", n) end

--- A card call placed on one node.
local function call_on(node, db, o)
  o.globals = { ccard_dsn = seed.node_dsn(db, node), sounds_dir = "/snd", ccard_spool_dir = seed.spool_dir(db) }
  return calls.card_call(db, o)
end

local function logged(w, text)
  return table.concat(w.logs, ""):find(text, 1, true) ~= nil
end

describe("several switches on one database", function()
  local db
  before_each(function() db = seed.fresh() end)

  it("counts wrong PINs typed on one node on every node, and locks the caller ID everywhere", function()
    seed.sql(db, "UPDATE products SET lockout_failures = 3, lockout_window_seconds = 600 WHERE id = 1")
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local a = call_on("node_a", db, { dtmf = { wrong(1), wrong(2), "" } })
    assert.are.equal(0, count(a.prompts, "locked_out"))
    local b = call_on("node_b", db, { dtmf = { wrong(3), PIN } })
    assert.are.equal(1, count(b.prompts, "enter_pin")) -- the third failure, on the other node, locks
    assert.is_true(contains(b.prompts, { "locked_out", "goodbye" }))
    local again = call_on("node_a", db, { dtmf = { PIN } })
    assert.is_true(contains(again.prompts, { "welcome", "locked_out", "goodbye" }))
    assert.are.equal(5000000, seed.account(db, card.account_id).balance_micros)
    if seed.ENGINE == "pgsql" then
      -- Each node kept its own pooled connections to the one database.
      local names = {}
      for _, r in ipairs(seed.sql(db, "SELECT DISTINCT application_name AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'node_%' ORDER BY 1")) do
        names[#names + 1] = r.n
      end
      assert.are.same({ "node_a", "node_b" }, names)
    end
  end)

  it("lets a card talk on two nodes at once only within its product's concurrent-call limit, on one balance", function()
    seed.sql(db, "UPDATE products SET max_concurrent_calls = 1 WHERE id = 1")
    local card = seed.card(db, { pin = PIN, balance = 100000000 }) -- more than the 2 h a call may hold
    local inner
    -- While the call on node A is up, the same card calls from node B.
    call_on("node_a", db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 60000, during = function()
      inner = call_on("node_b", db, { dtmf = { PIN, UK } })
    end } } })
    assert.are.equal(0, #inner.bridges)
    assert.is_true(contains(inner.prompts, { "too_many_calls" }), table.concat(inner.prompts, " "))
    assert.are.equal(99900000, seed.account(db, card.account_id).balance_micros)
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  end)
end)

describe("a PostgreSQL that is not there", function()
  local db
  before_each(function()
    db = seed.fresh()
    fake_dbh.pg_reconnect(2, 10) -- the switch retries 120 times a second apart; the outcome is the same
  end)
  after_each(function() fake_dbh.pg_reconnect(120, 1000) end)

  it_pg("at the start of a call: the service-unavailable prompt, a log line, nothing held", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local dsn = seed.dsn(db):gsub("port=%d+", "port=1")
    local w = calls.card_call(db, { globals = { ccard_dsn = dsn, sounds_dir = "/snd" }, dtmf = { PIN, UK } })
    assert.are.same({ "service_unavailable" }, w.prompts)
    assert.are.equal("SERVICE_UNAVAILABLE", w.hangup_cause)
    assert.is_true(logged(w, "Failure to connect to PGSQL database"), table.concat(w.logs, ""))
    assert.is_true(logged(w, "database failure"), table.concat(w.logs, ""))
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
    assert.are.equal(5000000, seed.account(db, card.account_id).balance_micros)
  end)

  it_pg("going away mid-call: the callee leg's figures are spooled, and billed once it is back", function()
    local card = seed.card(db, { pin = PIN, balance = 5000000 })
    local name = seed.one(db, "SELECT current_database() AS n").n
    local w = calls.card_call(db, { dtmf = { PIN, UK, "2" }, bridges = { { result = "answer", talk_ms = 61000, during = function()
      -- The server stops taking this database's connections and drops the ones it has.
      seed.admin("ALTER DATABASE " .. name .. " ALLOW_CONNECTIONS false")
      seed.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" .. name .. "'")
    end } } })
    seed.admin("ALTER DATABASE " .. name .. " ALLOW_CONNECTIONS true")
    local uuid = w.bridges[1].vars.origination_uuid
    assert.is_true(logged(w, "billmsec=61000 cause=NORMAL_CLEARING: spooled as " .. uuid .. ".hook"), table.concat(w.logs, ""))
    assert.are.equal("service_unavailable", w.prompts[#w.prompts])
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM cdrs"))
    -- The next call on the account settles it first: two minutes at 0.10.
    local again = call_on("node_b", db, { dtmf = { PIN, "", "", "" } })
    assert.is_true(contains(again.prompts, { "your_balance_is", "n_4", "usd_units", "and", "n_80", "usd_minors" }), table.concat(again.prompts, " "))
    local cdr = seed.one(db, "SELECT * FROM cdrs WHERE uuid = '" .. uuid .. "'")
    assert.are.same({ 61000, 200000, 0 }, { cdr.answered_ms, cdr.cost_micros, cdr.estimated })
    assert.are.equal(4800000, seed.account(db, card.account_id).balance_micros)
    assert.are.equal(0, #seed.sql(db, "SELECT * FROM holds"))
  end)
end)
