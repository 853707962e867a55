-- Where a retail call's CPU goes (bench/callprofile.mjs): N calls of the capacity benchmark's
-- retail call (bench/lua/harness.lua retail_call) one after another in this process, each script
-- in a fresh module state, the callee talking a minute in no real time; the process CPU time
-- (os.clock) per call, split into the Dbh queries by kind of statement, the bytecode the loaders
-- load, the modules' definitions, and the rest.
--   lua5.3 bench/lua/call_profile.lua MODE SCRIPTS DB N CLIS
--     MODE ccard (SCRIPTS/retail.lua as installed), bare (bench/lua/bare/retail.lua) or reads
--     (bare with the reads of bench/lua/harness.lua mode), as in bench/lua/call_worker.lua;
--     DB: an SQLite file (the capacity benchmark's retail fixture); CLIS: its caller IDs,
--     comma-separated, taken in turn
--   RESULT {mode, calls, call_us, query_us, load_us, define_us, statements = [{kind, per_call, us}]}
--     (µs per call; define: running the bundles' module top levels)
local h = require("bench.lua.harness")
local fake_dbh = require("support.fake_dbh")
local mode, scripts, db, n = h.mode(h.arg(1, "mode")), h.arg(2, "scripts"), h.arg(3, "db"), h.int_arg(4, "calls")
local clis = {}
for cli in h.arg(5, "caller IDs"):gmatch("%d+") do clis[#clis + 1] = cli end

--- The statement's verb and the table it is about: the one it writes, or the FROM of its own
--- SELECT (not of a subquery in its columns). The handle setup is one query of pragmas.
local function kind(sql)
  local verb = sql:match("^%s*(%a+)"):upper()
  if verb == "PRAGMA" then return "PRAGMA (handle setup)" end
  if verb == "INSERT" then return "INSERT " .. sql:match("^%s*%a+%s+%a+%s+([%w_]+)") end
  if verb == "UPDATE" then return "UPDATE " .. sql:match("^%s*%a+%s+([%w_]+)") end
  if verb == "DELETE" then return "DELETE " .. sql:match("FROM%s+([%w_]+)") end
  if verb ~= "SELECT" then return verb end
  local depth = 0
  for i = 1, #sql do
    local c = sql:sub(i, i)
    if c == "(" then depth = depth + 1
    elseif c == ")" then depth = depth - 1
    elseif depth == 0 and c == "F" and sql:sub(i - 1, i + 4) == " FROM " then
      return "SELECT " .. sql:match("^%s*([%w_]+)", i + 5)
    end
  end
  return "SELECT"
end

local cpu, count, load_s = {}, {}, 0
local function observe(sql, seconds)
  local k = kind(sql)
  cpu[k], count[k] = (cpu[k] or 0) + seconds, (count[k] or 0) + 1
end
-- The installed loaders (dist-lua/NAME.lua) load their bundle's bytecode with loadfile.
local plain_loadfile = loadfile
local function timed_loadfile(...)
  local started = os.clock()
  local chunk, err = plain_loadfile(...)
  load_s = load_s + os.clock() - started
  return chunk, err
end

-- A bundle's modules are defined when first required (their top levels run): the time inside
-- require, less that of the requires nested in it.
local plain_require, define_s, nested = require, 0, {}
local function timed_require(name)
  if package.loaded[name] ~= nil then return package.loaded[name] end
  local started = os.clock()
  nested[#nested + 1] = 0
  local m = plain_require(name)
  local inner, took = table.remove(nested), os.clock() - started
  define_s = define_s + took - inner
  if #nested > 0 then nested[#nested] = nested[#nested] + took end
  return m
end

local tag = string.format("%08x", os.time() % 0x100000000) -- call UUIDs unique across runs on one database
local function call(i)
  local w = h.retail_call(mode, scripts, db, tag, clis[i % #clis + 1], { talk_ms = 60000 })
  if w.hooks_run ~= 1 or w.vars.ccard_cost == nil then error("call " .. i .. " did not settle") end
end
for i = 1, 10 do call(i) end -- warm the page cache and the allocator
fake_dbh.observe, loadfile, require = observe, timed_loadfile, timed_require -- luacheck: ignore 121
local started = os.clock()
for i = 1, n do call(i) end
local elapsed = os.clock() - started
fake_dbh.observe, loadfile, require = nil, plain_loadfile, plain_require -- luacheck: ignore 121

local statements, query_s = {}, 0
for k, s in pairs(cpu) do
  statements[#statements + 1] = { kind = k, per_call = count[k] / n, us = s / n * 1e6 }
  query_s = query_s + s
end
table.sort(statements, function(a, b) return a.us > b.us end)
h.result({ mode = mode, calls = n, call_us = elapsed / n * 1e6, query_us = query_s / n * 1e6, load_us = load_s / n * 1e6, define_us = define_s / n * 1e6, statements = statements })
