-- Shared by the Lua benchmarks (run from the repository root): module paths for dist-lua and
-- the spec fakes, a freeswitch global whose Dbh is the spec's fake (sqlite3_exec on a real SQLite
-- file, opened as FreeSWITCH opens it, or libpq on a PostgreSQL database as mod_pgsql opens it),
-- CPU-time and wall clocks, percentiles and one JSON result line.
package.path = "dist-lua/?.lua;spec/?.lua;bench/lua/?.lua;" .. package.path

local json = require("dkjson")
local fake_dbh = require("support.fake_dbh")

local M = {}

--- Installs a freeswitch global with only Dbh, for store code driven outside a call; any other
--- use raises, as the spec fakes do.
function M.install_freeswitch()
  _G.freeswitch = setmetatable({ Dbh = function(dsn) return fake_dbh.open(dsn) end }, {
    __index = function(_, k) error("freeswitch." .. tostring(k) .. " is not modelled by the benchmark", 2) end,
  })
end

--- The Dbh DSN of a benchmark's database argument: a pgsql://CONNINFO DSN as it is, else the
--- path of an SQLite file.
function M.dsn(db)
  if db:match("^pgsql://") then return db end
  return "sqlite://" .. db
end

--- The SqlPort the IVR uses (ivr.host.dbh_sql) over the fake Dbh on a database (see M.dsn).
function M.sql_port(db)
  M.install_freeswitch()
  return require("ivr.host.dbh_sql").dbhSql(M.dsn(db))
end

--- Process CPU time in microseconds (os.clock: Lua has no portable wall clock). It leaves out
--- time spent waiting on the disk, so writes are timed from outside the process instead.
function M.cpu_us()
  return os.clock() * 1e6
end

--- Wall-clock microseconds (the fake Dbh's clock_gettime), for work done partly in another
--- process (a PostgreSQL server), which CPU time would leave out.
function M.wall_us()
  return fake_dbh.now_ms() * 1e3
end

--- The q-quantile (0 < q ≤ 1) of a list of numbers, nearest rank.
function M.quantile(list, q)
  local s = {}
  for i, v in ipairs(list) do s[i] = v end
  table.sort(s)
  local rank = math.ceil(q * #s)
  if rank < 1 then rank = 1 end
  return s[rank]
end

function M.summary(list)
  return { median = M.quantile(list, 0.5), p99 = M.quantile(list, 0.99), n = #list }
end

--- Prints the one line the Node runner reads.
function M.result(t)
  io.stdout:write("RESULT ", json.encode(t), "\n")
end

--- The modes the capacity benchmarks compare, and the scripts each places a retail call through
--- (scripts: the installed ccard folder): ccard, its retail.lua as installed; bare, the same row
--- changes as bare transactions (bench/lua/bare/); reads, bare plus the reads any prepaid engine
--- makes (the product, the caller ID's account, the rate, the hold at settlement).
local MODES = { ccard = true, bare = true, reads = true }

--- The mode named, checked (raises for any other name).
function M.mode(name)
  if not MODES[name] then error("mode is ccard, bare or reads, got " .. tostring(name), 2) end
  return name
end

--- The retail call the capacity benchmarks place (bench/lua/call_worker.lua, call_profile.lua):
--- caller ID +CLI dials 00441612345678 on product 'shop' through MODE's scripts (M.mode) on the
--- spec's fake switch (spec/support/fake_fs.lua), whose callee on gw1 answers at once and talks
--- bridge.talk_ms (bridge.real_time: of real time); scripts: the installed ccard folder, whose
--- spool folder settle.lua is given. Returns what fake_fs.run returns (raises as it does).
function M.retail_call(mode, scripts, db, tag, cli, bridge)
  M.mode(mode)
  local dsn = M.dsn(db)
  return require("support.fake_fs").run("retail", {
    -- fake_fs documents db as the SQLite file's path (it opens what ccard_dsn names): none on PostgreSQL.
    script_dir = mode == "ccard" and scripts or "bench/lua/bare", db = (not dsn:match("^pgsql://")) and db or nil, uuid_prefix = tag,
    globals = { ccard_dsn = dsn, sounds_dir = "/snd", ccard_spool_dir = scripts .. "/spool", bench_reads = mode == "reads" and "1" or nil },
    vars = { caller_id_number = "+" .. cli, destination_number = "00441612345678", ccard_product = "shop" },
    distributor = { intl = { "gw1" } },
    bridges = { { result = "answer", talk_ms = bridge.talk_ms, real_time = bridge.real_time, gateway = "gw1" } },
  })
end

--- Positional argument i, required.
function M.arg(i, name)
  local v = arg[i]
  if v == nil then error("missing argument " .. i .. " (" .. name .. ")", 2) end
  return v
end

function M.int_arg(i, name)
  local v = tonumber(M.arg(i, name))
  if v == nil or v < 0 or v ~= math.floor(v) then error("argument " .. i .. " (" .. name .. ") must be a whole number", 2) end
  return v
end

return M
