-- ivr.host.dbh_sql over the spec's fake Dbh, which pools handles per DSN as FreeSWITCH does.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.host.dbh_sql", function()
  local restore
  before_each(function() restore = fake_dbh.install_host() end)
  after_each(function() restore() end)

  local on_sqlite = seed.ENGINE == "sqlite" and it or pending

  on_sqlite("sets a busy timeout, WAL, FULL durability and foreign keys on the SQLite handle it takes", function()
    local sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(seed.fresh()))
    assert.are.equal("250", sql:rows("PRAGMA busy_timeout")[1].timeout)
    assert.are.equal("wal", sql:rows("PRAGMA journal_mode")[1].journal_mode)
    assert.are.equal("2", sql:rows("PRAGMA synchronous")[1].synchronous)
    assert.are.equal("1", sql:rows("PRAGMA foreign_keys")[1].foreign_keys)
    sql:release()
  end)

  local on_pgsql = seed.ENGINE == "pgsql" and it or pending

  on_pgsql("prepares the rate lookups once per PostgreSQL connection, with generic plans, and keeps them for the next script", function()
    local log = {}
    restore() -- this test logs its SQL
    restore = fake_dbh.install_host(log)
    local db = seed.fresh()
    local function prepares() return fake_dbh.count_statements(log, "PREPARE ccard_rate") end
    local rates = require("ivr.store.rates")
    local first = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
    assert.are.equal("4420", rates.findRate(first, 1, "442071234567", os.time()).prefix)
    assert.are.equal("force_generic_plan", first:rows("SHOW plan_cache_mode")[1].plan_cache_mode)
    first:release()
    assert.are.equal(1, prepares())
    -- The next script gets the pooled connection back: a check, no PREPARE, the same answer.
    local second = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
    assert.are.equal("44", rates.findRate(second, 1, "441612345678", os.time()).prefix)
    second:release()
    assert.are.equal(1, prepares())
    assert.truthy(log[#log]:find("^EXECUTE ccard_rate2_call%(1, 0, ARRAY%['441612345678', "), log[#log])
    -- A script that looks no rate up (the answer mark, the read-back) asks nothing about them.
    local checks = 0
    for _, q in ipairs(log) do
      if q:find("pg_prepared_statements", 1, true) then checks = checks + 1 end
    end
    local third = require("ivr.host.dbh_sql").dbhSql(seed.dsn(db))
    assert.are.equal("1", third:rows("SELECT 1 AS one")[1].one)
    third:release()
    local after = 0
    for _, q in ipairs(log) do
      if q:find("pg_prepared_statements", 1, true) then after = after + 1 end
    end
    assert.are.equal(2, checks)
    assert.are.equal(checks, after)
  end)

  it("sets a connection up once per purpose while it holds it, again after a release, and again after a failed set-up", function()
    local sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(seed.fresh()))
    local runs = 0
    local function setup() runs = runs + 1 end
    sql:once("a", setup)
    sql:once("a", setup)
    assert.are.equal(1, runs)
    sql:once("b", setup)
    assert.are.equal(2, runs)
    sql:release()
    sql:once("a", setup)
    assert.are.equal(3, runs)
    assert.has_error(function() sql:once("c", function() error("no") end) end)
    sql:once("c", setup)
    assert.are.equal(4, runs)
    sql:release()
  end)

  it("reads SQL NULL (Dbh's \"\") as absent and raises the database's error on a bad statement", function()
    local sql = require("ivr.host.dbh_sql").dbhSql(seed.dsn(seed.fresh()))
    local row = sql:rows("SELECT NULL AS gone, 'x' AS here, 5 AS five")[1]
    assert.is_nil(row.gone)
    assert.are.same({ here = "x", five = "5" }, row)
    assert.has_error(function() sql:rows("SELECT * FROM no_such_table") end)
    sql:release()
  end)

  it("gets a pooled handle back as the last user left it", function()
    local dsn = seed.dsn(seed.fresh())
    local first = fake_dbh.open(dsn)
    assert.is_true(first:query("CREATE TEMP TABLE scratch (x INTEGER)"))
    first:release()
    local again = fake_dbh.open(dsn)
    assert.is_true(again:query("INSERT INTO scratch VALUES (1)"))
    local other = fake_dbh.open(dsn) -- the pooled one is taken: a new connection, without it
    assert.is_false(other:query("INSERT INTO scratch VALUES (2)"))
    again:release()
    other:release()
  end)
end)

describe("the fake Dbh (as mod_lua's Dbh runs SQLite)", function()
  after_each(function() fake_dbh.close_idle() end)

  local function scratch()
    local path = os.tmpname()
    return "sqlite://" .. path
  end

  it("runs each query once, as one sqlite3_exec: a text of several statements runs them all", function()
    local dbh = fake_dbh.open(scratch())
    assert.is_true(dbh:query("CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"))
    assert.are.equal(1, dbh:affected_rows())
    local n = 0
    assert.is_true(dbh:query("SELECT x FROM t", function() n = n + 1 end))
    assert.are.equal(2, n)
    dbh:release()
  end)

  it("gives every value as SQLite's text of it, NULL as \"\", and stops when fn returns non-zero", function()
    local dbh = fake_dbh.open(scratch())
    local rows = {}
    assert.is_true(dbh:query("SELECT 1.5 AS r, 2.0 AS f, 7 AS i, NULL AS n, x'41' AS b UNION ALL SELECT 0, 0, 0, 0, 0",
      function(row) rows[#rows + 1] = row; return 1 end))
    assert.are.same({ { r = "1.5", f = "2.0", i = "7", n = "", b = "A" } }, rows)
    assert.is_false(dbh:query("SELEC 1"))
    assert.matches("syntax error", dbh:last_error())
    assert.is_false(dbh:query("SELEC 1", function() end)) -- with a callback: logged by FreeSWITCH, not kept
    assert.is_nil(dbh:last_error())
    dbh:release()
  end)

  it("raises an error of the row callback (FreeSWITCH would log it) and stays usable", function()
    local dbh = fake_dbh.open(scratch())
    assert.has_error(function() dbh:query("SELECT 1 AS a UNION ALL SELECT 2", function(row) error("bad row " .. row.a) end) end, nil)
    assert.is_true(dbh:query("BEGIN IMMEDIATE"))
    assert.is_true(dbh:query("COMMIT"))
    dbh:release()
  end)
end)

describe("the fake Dbh (as mod_pgsql runs PostgreSQL)", function()
  local on_pgsql = seed.ENGINE == "pgsql" and it or pending
  local dbh, logs
  before_each(function()
    if seed.ENGINE ~= "pgsql" then return end
    logs = {}
    dbh = fake_dbh.open(seed.dsn(seed.fresh()), nil, function(level, line) logs[#logs + 1] = level .. ": " .. line end)
    assert.is_true(dbh:query("CREATE TABLE t (id INT PRIMARY KEY, b BOOLEAN, n NUMERIC, v INT CHECK (v >= 0), s TEXT)"))
    assert.is_true(dbh:query("INSERT INTO t VALUES (1, true, 1.5, 3, NULL)"))
  end)
  after_each(function()
    if dbh then dbh:release() end
    fake_dbh.close_idle()
  end)

  on_pgsql("gives PostgreSQL's text of each value (t/f, 1.5), NULL as \"\", and a SELECT's row count as affected rows", function()
    local rows = {}
    assert.is_true(dbh:query("SELECT * FROM t", function(r) rows[#rows + 1] = r end))
    assert.are.same({ { id = "1", b = "t", n = "1.5", v = "3", s = "" } }, rows)
    assert.are.equal(1, dbh:affected_rows())
  end)

  on_pgsql("answers true with 0 rows to an INSERT a unique key refuses, false with a callback, and keeps no last_error", function()
    assert.is_true(dbh:query("INSERT INTO t VALUES (1, false, 0, 0, 'x')"))
    assert.are.same({ 0, nil }, { dbh:affected_rows(), dbh:last_error() })
    assert.is_false(dbh:query("INSERT INTO t VALUES (1, false, 0, 0, 'x')", function() end))
    assert.is_false(dbh:query("UPDATE t SET v = -1"))
    assert.is_false(dbh:query("SELECT * FROM nope"))
    assert.is_nil(dbh:last_error())
    assert.truthy(table.concat(logs):find("violates check constraint", 1, true))
  end)

  on_pgsql("fails every statement after a failed one inside BEGIN, and answers true to the COMMIT it rolls back", function()
    assert.is_true(dbh:query("BEGIN"))
    assert.is_true(dbh:query("UPDATE t SET v = 9"))
    assert.is_false(dbh:query("UPDATE t SET v = -1"))
    assert.is_false(dbh:query("UPDATE t SET v = 10"))
    assert.is_true(dbh:query("COMMIT"))
    local v
    dbh:query("SELECT v FROM t", function(r) v = r.v end)
    assert.are.equal("3", v)
  end)

  on_pgsql("is not connected to a server that refuses it, and the IVR's port says so", function()
    local refused = fake_dbh.open("pgsql://hostaddr=127.0.0.1 port=1 dbname=x user=x password=x connect_timeout=2")
    assert.is_false(refused:connected())
    _G.freeswitch = { Dbh = function(dsn) return fake_dbh.open(dsn) end } -- luacheck: ignore 111
    local sql = require("ivr.host.dbh_sql").dbhSql("pgsql://hostaddr=127.0.0.1 port=1 dbname=x user=x password=x connect_timeout=2")
    local ok, err = pcall(function() return sql:rows("SELECT 1") end)
    _G.freeswitch = nil
    assert.are.same({ false, "store failure: cannot connect to the database" }, { ok, err.message })
  end)
end)
