local tx = require("ivr.store.tx")

local function recorder(dialect, fail_on, rows_changed)
  local log = {}
  local port = {
    dialect = dialect,
    rows = function(_, sql) log[#log + 1] = sql; return {} end,
    exec = function(_, sql)
      log[#log + 1] = sql
      if sql == fail_on then error("boom") end
      return rows_changed or 0
    end,
    release = function() end,
  }
  return port, log
end

describe("ivr.store.tx", function()
  it("takes SQLite's write lock at BEGIN IMMEDIATE and commits", function()
    local port, log = recorder("sqlite")
    assert.are.equal(7, tx.withTransaction(port, function() return { value = 7 } end))
    assert.are.same({ "BEGIN IMMEDIATE", "COMMIT" }, log)
  end)

  it("uses a plain BEGIN on PostgreSQL and locks the account row first, with FOR UPDATE", function()
    local port, log = recorder("pgsql")
    tx.withTransaction(port, function()
      tx.lockAccount(port, 1)
      return { value = true }
    end)
    assert.are.same({ "BEGIN", "SELECT id FROM accounts WHERE id = 1 FOR UPDATE", "COMMIT" }, log)
    local sqlite_port, sqlite_log = recorder("sqlite")
    tx.lockAccount(sqlite_port, 1)
    assert.are.same({}, sqlite_log)
  end)

  it("runs a plan's guard first and writes nothing more when it finds the hold gone", function()
    local gone, log = recorder("sqlite", nil, 0)
    assert.is_false(tx.runPlan(gone, 7, { { sql = "GUARD", rows = 1 }, { sql = "INSERT", rows = 1 } }))
    assert.are.same({ "BEGIN IMMEDIATE", "GUARD", "ROLLBACK" }, log)
    local there, log2 = recorder("pgsql", nil, 1)
    assert.is_true(tx.runPlan(there, 7, { { sql = "GUARD", rows = 1 }, { sql = "INSERT", rows = 1 } }))
    assert.are.same({ "BEGIN", "SELECT id FROM accounts WHERE id = 7 FOR UPDATE", "GUARD", "INSERT", "COMMIT" }, log2)
  end)

  it("rolls back when asked to, and when the body raises (re-raising)", function()
    local port, log = recorder("sqlite")
    tx.withTransaction(port, function() return { value = 1, rollback = true } end)
    assert.are.same({ "BEGIN IMMEDIATE", "ROLLBACK" }, log)
    local port2, log2 = recorder("sqlite")
    assert.has_error(function() tx.withTransaction(port2, function() error("bad") end) end)
    assert.are.same({ "BEGIN IMMEDIATE", "ROLLBACK" }, log2)
  end)

  it("rolls back when COMMIT itself fails, so the pooled handle goes back without a transaction", function()
    local port, log = recorder("sqlite", "COMMIT")
    assert.has_error(function() tx.withTransaction(port, function() return { value = 1 } end) end)
    assert.are.same({ "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" }, log)
  end)

  it("judges a write by its affected rows: any other count raises and rolls the transaction back", function()
    local port, log = recorder("pgsql", nil, 0) -- PostgreSQL's Dbh answers true to an INSERT a unique key refused
    local ok, err = pcall(tx.withTransaction, port, function()
      tx.write(port, { sql = "INSERT INTO cdrs (uuid) VALUES ('u-1')", rows = 1 })
      return { value = true }
    end)
    assert.are.same({ false, "write changed 0 rows, expected 1: INSERT INTO cdrs (uuid) VALUES ('u-1')" }, { ok, err })
    assert.are.same({ "BEGIN", "INSERT INTO cdrs (uuid) VALUES ('u-1')", "ROLLBACK" }, log)
    local ok_port = recorder("sqlite", nil, 1.0) -- SWIG's float on Lua 5.3
    tx.write(ok_port, { sql = "DELETE FROM holds WHERE uuid = 'u-1'", rows = 1 })
  end)
end)
