-- A fake freeswitch.Dbh over a real SQLite file or a real PostgreSQL server (pgsql://CONNINFO,
-- as mod_pgsql takes it: spec/support/fsdbh_pgsql.c), behaving as docs/freeswitch.md describes
-- and as mod_lua implements it. On SQLite: query(sql[, fn]) → bool is one sqlite3_exec (spec/support/fsdbh.c);
-- rows reach fn as column → string with SQL NULL as ""; a non-zero number returned by fn stops;
-- affected_rows(); last_error(); release(). Like FreeSWITCH it opens SQLite with
-- synchronous=OFF and no busy timeout, and retries a busy statement every 100 ms, up to 299
-- runs, logging "SQLite is BUSY, sane=N [sql]" at warning level for each busy run. It pools
-- handles per DSN: release() hands the connection back as it is (pragmas set, any open
-- transaction still open) and the next Dbh(dsn) takes it instead of opening the file again.
local M = {}

-- The native half, built for this Lua by scripts/build-fake-dbh.mjs next to this file.
local here = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or ""
local lib = here .. "native/" .. _VERSION:match("%d+%.%d+") .. "/fsdbh.so"
local open_lib, why = package.loadlib(lib, "luaopen_fsdbh")
if not open_lib then
  error("fake Dbh: cannot load " .. lib .. " (" .. tostring(why) .. "): run 'node scripts/build-fake-dbh.mjs' (npm test does)", 0)
end
local fsdbh = open_lib()

--- Real time, for the benchmarks: fsdbh's sleep and wall clock.
M.sleep_ms = fsdbh.sleep_ms
M.now_ms = fsdbh.now_ms
--- How many runs a busy SQLite statement gets in this process, plus one (n): the switch's 300 gives
--- 299 runs, 100 ms apart.
M.busy_tries = fsdbh.busy_tries
--- How a broken PostgreSQL connection is retried in this process (tries, ms apart): the switch does 120, 1000.
M.pg_reconnect = fsdbh.pg_reconnect

--- Counters over every handle of this process: busy runs (each a 100 ms retry in FreeSWITCH),
--- and the same by the first word of the statement that met the busy database.
M.stats = { busy_runs = 0, busy_by_statement = {} }

--- When set (a benchmark's profile), observe(sql, cpu_seconds) after every query of every handle:
--- the process CPU time (os.clock) the query took, row callbacks included.
M.observe = nil

local function strict(name, t)
  return setmetatable(t, {
    __index = function(_, k) error(name .. ": '" .. tostring(k) .. "' is not modelled by the fake", 2) end,
  })
end

--- Path of a DSN FreeSWITCH accepts for SQLite: sqlite:///abs/path.db or /abs/path.db.
function M.path_of(dsn)
  local p = dsn:match("^sqlite://(/.*)$") or dsn:match("^(/.*)$")
  if not p then error("fake Dbh models sqlite:///abs/path.db and pgsql://CONNINFO DSNs, got " .. dsn) end
  return p
end

-- Opens the engine a DSN names: mod_pgsql takes what follows pgsql:// as libpq's conninfo.
local function connect(dsn)
  local conninfo = dsn:match("^pgsql://(.*)$")
  if conninfo then return fsdbh.open_pgsql(conninfo), "pgsql" end
  return fsdbh.open(M.path_of(dsn)), "sqlite"
end

-- Idle connections by DSN, as FreeSWITCH's handle cache keeps them.
local idle = {}

--- Closes every idle pooled connection (a spec's clean-up; FreeSWITCH closes idle ones after a while).
function M.close_idle()
  for dsn, list in pairs(idle) do
    for _, conn in ipairs(list) do conn:close() end
    idle[dsn] = nil
  end
end

--- log: a list that gets every SQL text; console(level, line): FreeSWITCH's own log lines.
function M.open(dsn, log, console)
  local pool = idle[dsn]
  local conn = pool and table.remove(pool)
  local engine = dsn:match("^pgsql://") and "pgsql" or "sqlite"
  if not conn then
    local failure
    conn, failure = connect(dsn)
    if not conn then
      -- FreeSWITCH logs why and hands back a handle that is not connected.
      if console then
        console(engine == "pgsql" and "crit" or "err", (engine == "pgsql" and "Failure to connect to PGSQL database: " or "Failure to connect to SQLITE database: ") .. tostring(failure) .. "\n")
      end
      return strict("Dbh", { connected = function() return false end })
    end
  end

  local last_error, released = nil, false
  local dbh = {}
  function dbh:connected() return not released end
  function dbh:query(sql, fn)
    assert(not released, "Dbh used after release()")
    assert(type(sql) == "string", "query needs SQL text")
    if log then log[#log + 1] = sql end
    local observe, started = M.observe, M.observe and os.clock()
    local ok, err, busy, engine_log = conn:exec(sql, fn)
    if observe then observe(sql, os.clock() - started) end
    if #busy > 0 then
      M.stats.busy_runs = M.stats.busy_runs + #busy
      local verb = sql:match("^%s*(%a+ ?%a*)") or "?"
      M.stats.busy_by_statement[verb] = (M.stats.busy_by_statement[verb] or 0) + #busy
      if console then
        local what = busy.code == 6 and "LOCKED" or "BUSY" -- SQLITE_LOCKED, else SQLITE_BUSY
        for _, sane in ipairs(busy) do console("warning", "SQLite is " .. what .. ", sane=" .. sane .. " [" .. sql .. "]\n") end
      end
    end
    if engine == "pgsql" then
      -- mod_pgsql fills last_error only when the database is not up; SQL errors reach the log alone.
      last_error = err
      if engine_log and console then console("err", engine_log .. "\n") end
      return ok
    end
    -- With a row callback FreeSWITCH logs SQLite's message ("SQL ERR: …") and leaves last_error
    -- unset (switch_cache_db_execute_sql_callback never fills it for SQLite).
    last_error = fn == nil and err or nil
    if not ok and fn ~= nil and console then console("err", "SQL ERR: [" .. sql .. "] " .. tostring(err) .. "\n") end
    return ok
  end
  function dbh:affected_rows() return conn:changes() + 0.0 end -- SWIG hands ints to Lua 5.3 as floats
  function dbh:last_error() return last_error end
  function dbh:release()
    if not released then
      released = true
      idle[dsn] = idle[dsn] or {}
      table.insert(idle[dsn], conn)
    end
  end
  return strict("Dbh", dbh)
end

--- How many statements of a SQL log (open's or fake_fs's world.sql_log) contain text.
function M.count_statements(log, text)
  local n = 0
  for _, sql in ipairs(log) do
    if sql:find(text, 1, true) then n = n + 1 end
  end
  return n
end

--- For a spec of the store or the host alone: makes the global freeswitch a host with only Dbh,
--- over this fake (logging each SQL text to log when given). Returns the function that puts the
--- previous global back and closes the idle handles (call it in after_each).
function M.install_host(log)
  local saved = _G.freeswitch
  _G.freeswitch = { Dbh = function(dsn) return M.open(dsn, log) end } -- luacheck: ignore 122
  return function()
    _G.freeswitch = saved -- luacheck: ignore 122
    M.close_idle()
  end
end

return M
