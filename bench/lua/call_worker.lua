-- One of the open-loop benchmark's callers (bench/lib/callrate.mjs): a long-lived process that
-- places the calls it is handed, one at a time, on a shared database through the spec's fake
-- FreeSWITCH: an SQLite file, whose Dbh retries a busy database as FreeSWITCH does (100 ms
-- sleeps), or a PostgreSQL database (pgsql://CONNINFO, as mod_pgsql opens it).
--   lua5.3 bench/lua/call_worker.lua MODE SCRIPTS DB TALK_MS TAG KEEP
--     MODE ccard: a retail call through SCRIPTS/retail.lua as installed (caller ID → account,
--                 rate, hold, bridge; the callee answers at once and talks TALK_MS of real time;
--                 answered.lua and settle.lua run from its hooks), each in a fresh module state
--          bare:  the same call through bench/lua/bare/ instead: the same row changes as bare
--                 transactions from the same three scripts on the same fake switch, no engine
--          reads: bare plus the reads any prepaid engine makes (bench/lua/harness.lua mode)
--     DB: the path of an SQLite file or a pgsql://CONNINFO DSN (bench/lua/harness.lua dsn)
--     TAG: 8 hex digits that start this worker's call UUIDs
--     KEEP: 1: keep the Dbh's pooled connection from call to call, as FreeSWITCH's handle pool does;
--           0 (PostgreSQL only): hold none while the call talks or while waiting for the next call
-- FreeSWITCH shares one handle pool among all its calls, so its PostgreSQL connections follow the
-- calls in the database, not the calls up; here every caller process has a pool of its own, and
-- callers that all kept a connection would run the server out of them (max_connections) long
-- before it is busy. So only the first callers keep theirs (bench/callrate.mjs sizes that to the
-- server); the others open their connections afresh for each call (the caller's, then the
-- settlement's after the talk), a cost the switch does not pay.
-- Reads "ID ARRIVAL_MS CLI" lines; answers "READY" once, then per call
-- "DONE ID SETUP_MS OK|FAIL BUSY_RUNS BRIDGED|-", where SETUP_MS runs from the call's arrival (wall clock)
-- to its bridge (what the caller waits for before the callee rings).
local h = require("bench.lua.harness")
local fake_dbh = require("support.fake_dbh")
local mode, scripts, db, talk_ms, tag = h.mode(h.arg(1, "mode")), h.arg(2, "scripts"), h.arg(3, "db"), tonumber(h.arg(4, "talk ms")), h.arg(5, "tag")
local keep = h.arg(6, "keep") == "1"

local dsn = h.dsn(db)
local close_idle = dsn:match("^pgsql://") ~= nil and not keep

if close_idle then
  -- The fake switch sleeps through the talk with fake_dbh.sleep_ms: close the idle handles first.
  local sleep_ms = fake_dbh.sleep_ms
  fake_dbh.sleep_ms = function(ms)
    fake_dbh.close_idle()
    return sleep_ms(ms)
  end
end

-- One retail call; returns when its bridge began (wall ms), whether it settled, and the busy runs it met.
local function place(cli)
  local busy0 = fake_dbh.stats.busy_runs
  local ok_run, w = pcall(h.retail_call, mode, scripts, db, tag, cli, { talk_ms = talk_ms, real_time = true })
  if close_idle then fake_dbh.close_idle() end
  if not ok_run then error(w, 0) end
  local b = w.bridges[1]
  return b and b.at_ms, w.hooks_run == 1 and w.vars.ccard_cost ~= nil, fake_dbh.stats.busy_runs - busy0, b ~= nil
end

io.stdout:write("READY\n")
io.stdout:flush()
for line in io.stdin:lines() do
  if line == "STATS" then
    local parts = {}
    for verb, count in pairs(fake_dbh.stats.busy_by_statement) do parts[#parts + 1] = verb .. "=" .. count end
    io.stderr:write("busy by statement: " .. table.concat(parts, ", ") .. "\n")
    goto continue
  end
  local id, arrival, cli = line:match("^(%d+) ([%d.]+) (%d+)$")
  if not id then error("bad command: " .. line) end
  local ok_run, at, ok, busy, bridged = pcall(place, cli)
  local setup = ok_run and at and (at - tonumber(arrival)) or -1
  if not ok_run then io.stderr:write("call " .. id .. ": " .. tostring(at) .. "\n") end
  io.stdout:write(string.format("DONE %s %.1f %s %d %s\n", id, setup, (ok_run and ok) and "OK" or "FAIL", busy or 0, (ok_run and bridged) and "BRIDGED" or "-"))
  io.stdout:flush()
  ::continue::
end
