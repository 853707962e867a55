local tx = require("ivr.store.tx")

local function recorder(fail_on)
  local log = {}
  local port = {
    rows = function(_, sql) log[#log + 1] = sql; return {} end,
    exec = function(_, sql)
      log[#log + 1] = sql
      if sql == fail_on then error("boom") end
      return 0
    end,
    release = function() end,
  }
  return port, log
end

describe("ivr.store.tx", function()
  it("takes SQLite's write lock at BEGIN IMMEDIATE and commits", function()
    local port, log = recorder()
    assert.are.equal(7, tx.withTransaction(port, { sqlite = true }, function() return { value = 7 } end))
    assert.are.same({ "BEGIN IMMEDIATE", "COMMIT" }, log)
  end)

  it("uses a plain BEGIN on PostgreSQL and locks the rows it reads with FOR UPDATE", function()
    local port, log = recorder()
    tx.withTransaction(port, { sqlite = false }, function()
      tx.lockForUpdate(port, { sqlite = false }, "SELECT id FROM accounts WHERE id = 1")
      return { value = true }
    end)
    assert.are.same({ "BEGIN", "SELECT id FROM accounts WHERE id = 1 FOR UPDATE", "COMMIT" }, log)
    local sqlite_port, sqlite_log = recorder()
    tx.lockForUpdate(sqlite_port, { sqlite = true }, "SELECT id FROM accounts WHERE id = 1")
    assert.are.same({}, sqlite_log)
  end)

  it("rolls back when asked to, and when the body raises (re-raising)", function()
    local port, log = recorder()
    tx.withTransaction(port, { sqlite = true }, function() return { value = 1, rollback = true } end)
    assert.are.same({ "BEGIN IMMEDIATE", "ROLLBACK" }, log)
    local port2, log2 = recorder()
    assert.has_error(function() tx.withTransaction(port2, { sqlite = true }, function() error("bad") end) end)
    assert.are.same({ "BEGIN IMMEDIATE", "ROLLBACK" }, log2)
  end)

  it("rolls back when COMMIT itself fails, so the pooled handle goes back without a transaction", function()
    local port, log = recorder("COMMIT")
    assert.has_error(function() tx.withTransaction(port, { sqlite = true }, function() return { value = 1 } end) end)
    assert.are.same({ "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" }, log)
  end)
end)
