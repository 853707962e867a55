-- ivr.host.dbh_sql over the spec's fake Dbh, which pools handles per DSN as FreeSWITCH does.
local seed = require("support.seed")
local fake_dbh = require("support.fake_dbh")

describe("ivr.host.dbh_sql", function()
  local saved
  before_each(function()
    saved = _G.freeswitch
    _G.freeswitch = { Dbh = function(dsn) return fake_dbh.open(dsn) end } -- luacheck: ignore 121
  end)
  after_each(function()
    _G.freeswitch = saved -- luacheck: ignore 121
    fake_dbh.close_idle()
  end)

  it("sets WAL, FULL durability and foreign keys on the handle it takes", function()
    local sql = require("ivr.host.dbh_sql").dbhSql("sqlite://" .. seed.fresh())
    assert.are.equal("wal", sql:rows("PRAGMA journal_mode")[1].journal_mode)
    assert.are.equal("2", sql:rows("PRAGMA synchronous")[1].synchronous)
    assert.are.equal("1", sql:rows("PRAGMA foreign_keys")[1].foreign_keys)
    sql:release()
  end)

  it("reads SQL NULL (Dbh's \"\") as absent and raises the database's error on a bad statement", function()
    local sql = require("ivr.host.dbh_sql").dbhSql("sqlite://" .. seed.fresh())
    local row = sql:rows("SELECT NULL AS gone, 'x' AS here, 5 AS five")[1]
    assert.is_nil(row.gone)
    assert.are.same({ here = "x", five = "5" }, row)
    assert.has_error(function() sql:rows("SELECT * FROM no_such_table") end)
    sql:release()
  end)

  it("gets a pooled handle back as the last user left it", function()
    local dsn = "sqlite://" .. seed.fresh()
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

  it("runs each query once, as one sqlite3_exec: a text of several statements runs them all", function()
    local dbh = fake_dbh.open("sqlite://" .. seed.fresh())
    assert.is_true(dbh:query("CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"))
    assert.are.equal(1, dbh:affected_rows())
    local n = 0
    assert.is_true(dbh:query("SELECT x FROM t", function() n = n + 1 end))
    assert.are.equal(2, n)
    dbh:release()
  end)

  it("gives every value as SQLite's text of it, NULL as \"\", and stops when fn returns non-zero", function()
    local dbh = fake_dbh.open("sqlite://" .. seed.fresh())
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
    local dbh = fake_dbh.open("sqlite://" .. seed.fresh())
    assert.has_error(function() dbh:query("SELECT 1 AS a UNION ALL SELECT 2", function(row) error("bad row " .. row.a) end) end, nil)
    assert.is_true(dbh:query("BEGIN IMMEDIATE"))
    assert.is_true(dbh:query("COMMIT"))
    dbh:release()
  end)
end)
