-- Rate lookup as the IVR does it: findRate (ivr.store.rates: rateLookupSql, one indexed probe
-- per candidate prefix) over dbhSql over the fake Dbh, against a LIKE scan of the same deck
-- through the same port, as older billing systems look rates up.
--   lua5.3 bench/lua/rate_lookup.lua DB NUMBERS_FILE LOOKUPS SCANS
-- DB: an SQLite file, or a pgsql://CONNINFO DSN (PostgreSQL, as mod_pgsql opens it).
-- Prints RESULT {indexed={median,p99,n}, sqlite={…} (the Dbh query alone), scan={…}, misses,
-- mismatches} in µs of CPU time, and indexed_wall, sqlite_wall: the same in wall-clock µs (on
-- PostgreSQL most of a lookup is the server's work, which this process's CPU time leaves out).
local h = require("bench.lua.harness")
local db, numbers_file = h.arg(1, "db"), h.arg(2, "numbers file")
local lookups, scans = h.int_arg(3, "lookups"), h.int_arg(4, "scans")

local rates = require("ivr.store.rates")
local CALL_RATE_COLUMNS = require("domain.rate_sql").CALL_RATE_COLUMNS
local sql = h.sql_port(db)
-- The deck's longest prefix, which the IVR reads with the product before it rates a number.
local bound = assert(tonumber(sql:rows("SELECT " .. require("domain.rate_sql").MAX_PREFIX_DIGITS_OF_T .. " AS b FROM rate_tables t WHERE t.id = 1")[1].b))
-- The call's instant, which picks the deck version in force.
local now = os.time()

local numbers = {}
for line in io.lines(numbers_file) do numbers[#numbers + 1] = line end
if #numbers == 0 then error("no numbers in " .. numbers_file) end

local function scan(number)
  local rows = sql:rows("SELECT " .. CALL_RATE_COLUMNS .. " FROM rates r WHERE r.table_id = 1 AND r.version = 1 AND '" ..
    number .. "' LIKE r.prefix || '%' ORDER BY length(r.prefix) DESC LIMIT 1")
  return rows[1]
end

-- Warm the page cache and the connection before timing.
for i = 1, math.min(200, #numbers) do rates.findRate(sql, 1, numbers[i], now, bound) end

local times, walls, misses, found = {}, {}, 0, {}
for i = 1, lookups do
  local n = numbers[(i - 1) % #numbers + 1]
  local w0, t0 = h.wall_us(), h.cpu_us()
  local r = rates.findRate(sql, 1, n, now, bound)
  times[i], walls[i] = h.cpu_us() - t0, h.wall_us() - w0
  if r == nil then misses = misses + 1 else found[n] = r.prefix end
end

-- The same SQL text straight through the fake Dbh (one sqlite3_exec, a table per row, as
-- mod_lua's Dbh does): what the database side takes, without building the SQL or reading the row.
local sql_mod = require("domain.rate_sql")
local dbh = require("support.fake_dbh").open(h.dsn(db))
local function ignore() return 0 end
local sqlite_times, sqlite_walls = {}, {}
for i = 1, lookups do
  local text = sql_mod.rateLookupSql(1, numbers[(i - 1) % #numbers + 1], now, bound)
  local w0, t0 = h.wall_us(), h.cpu_us()
  assert(dbh:query(text, ignore))
  sqlite_times[i], sqlite_walls[i] = h.cpu_us() - t0, h.wall_us() - w0
end
dbh:release()

local scan_times, mismatches = {}, 0
for i = 1, scans do
  local n = numbers[(i - 1) % #numbers + 1]
  local t0 = h.cpu_us()
  local r = scan(n)
  scan_times[i] = h.cpu_us() - t0
  if (r and r.prefix) ~= found[n] then mismatches = mismatches + 1 end
end
sql:release()

h.result({ indexed = h.summary(times), sqlite = h.summary(sqlite_times), indexed_wall = h.summary(walls), sqlite_wall = h.summary(sqlite_walls), scan = scans > 0 and h.summary(scan_times) or nil, misses = misses, mismatches = mismatches, lua = _VERSION })
