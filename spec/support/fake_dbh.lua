-- A fake freeswitch.Dbh over a real SQLite file (LuaSQL), behaving as FREESWITCH.md describes:
-- query(sql[, fn]) → bool; rows reach fn as column → string with SQL NULL as ""; a non-zero
-- number returned by fn stops; affected_rows(); last_error(); release(). Like FreeSWITCH it opens
-- SQLite with synchronous=OFF and waits on a busy database (up to ~30 s).
local luasql = require("luasql.sqlite3")

local M = {}
local env = luasql.sqlite3()

local function strict(name, t)
  return setmetatable(t, {
    __index = function(_, k) error(name .. ": '" .. tostring(k) .. "' is not modelled by the fake", 2) end,
  })
end

local function text_of(v)
  if v == nil then return "" end
  if type(v) == "number" then
    if v == math.floor(v) then return string.format("%d", v) end
    return tostring(v)
  end
  return tostring(v)
end

--- Path of a DSN FreeSWITCH accepts for SQLite: sqlite:///abs/path.db or /abs/path.db.
function M.path_of(dsn)
  local p = dsn:match("^sqlite://(/.*)$") or dsn:match("^(/.*)$")
  if not p then error("fake Dbh models only sqlite:///abs/path.db DSNs, got " .. dsn) end
  return p
end

function M.open(dsn, log)
  local conn = assert(env:connect(M.path_of(dsn)))
  local function run(sql)
    local r, err = conn:execute(sql)
    if type(r) == "userdata" then
      local rows, names = {}, r:getcolnames()
      local row = r:fetch({}, "a")
      while row do
        local out = {}
        for _, n in ipairs(names) do out[n] = text_of(row[n]) end
        rows[#rows + 1] = out
        row = r:fetch({}, "a")
      end
      r:close()
      return rows
    end
    return r, err
  end
  -- The busy wait first, so even the first pragma waits out another connection's lock.
  run("PRAGMA busy_timeout=30000")
  run("PRAGMA synchronous=OFF")

  local last_error, affected, released = nil, 0, false
  local dbh = {}
  function dbh:connected() return not released end
  function dbh:query(sql, fn)
    assert(not released, "Dbh used after release()")
    assert(type(sql) == "string", "query needs SQL text")
    if log then log[#log + 1] = sql end
    local r, err = run(sql)
    if r == nil then
      last_error = err:gsub("^LuaSQL: ", "")
      return false
    end
    last_error = nil
    if type(r) == "table" then
      affected = 0
      if fn then
        for _, row in ipairs(r) do
          local stop = fn(row)
          if type(stop) == "number" and stop ~= 0 then break end
        end
      end
    else
      affected = r + 0.0 -- SWIG hands ints to Lua 5.3 as floats
    end
    return true
  end
  function dbh:affected_rows() return affected end
  function dbh:last_error() return last_error end
  function dbh:release()
    if not released then
      released = true
      conn:close()
    end
  end
  return strict("Dbh", dbh)
end

return M
