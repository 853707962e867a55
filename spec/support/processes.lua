-- Many caller processes at once for the safety specs: separate Lua interpreters started in the
-- background by one shell script, each writing its own output file and pid file, so a spec can
-- watch the database while they run and kill some of them with SIGKILL.
local M = {}

local function sh(cmd)
  local ok = os.execute(cmd)
  return ok == true or ok == 0
end

--- The interpreter workers run under: $CCARD_RACE_LUA, else the one running this spec.
function M.interpreter()
  local chosen = os.getenv("CCARD_RACE_LUA")
  if chosen and chosen ~= "" then return chosen end
  return _VERSION == "Lua 5.2" and "lua5.2" or "lua5.3"
end

--- A positive integer from the environment, else the default.
function M.env_int(name, default)
  local v = tonumber(os.getenv(name) or "")
  if v and v >= 1 and v == math.floor(v) then return v end
  return default
end

function M.tmpdir()
  local dir = os.tmpname()
  os.remove(dir)
  assert(sh("mkdir -p " .. dir))
  return dir
end

--- Starts n workers: argv_of(i) is the worker's argument string. Returns a group handle.
function M.spawn(script, n, argv_of)
  local dir = M.tmpdir()
  local lines = {}
  for i = 1, n do
    lines[#lines + 1] = string.format("%s %s %s > %s/out_%d 2>&1 &\necho $! > %s/pid_%d", M.interpreter(), script, argv_of(i), dir, i, dir, i)
  end
  lines[#lines + 1] = "wait"
  lines[#lines + 1] = "touch " .. dir .. "/done"
  local f = assert(io.open(dir .. "/run.sh", "w"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  assert(sh("sh " .. dir .. "/run.sh >/dev/null 2>&1 &"))
  return { dir = dir, n = n }
end

local function exists(path)
  local f = io.open(path, "r")
  if f then f:close() end
  return f ~= nil
end

function M.sleep(seconds)
  sh(string.format("sleep %.3f", seconds))
end

--- Calls tick() every ~20 ms until every worker has exited; fails after timeout seconds.
function M.wait(group, tick, timeout)
  local deadline = os.time() + (timeout or 60)
  while not exists(group.dir .. "/done") do
    if tick then tick() end
    assert(os.time() <= deadline, "workers still running after " .. tostring(timeout or 60) .. " s in " .. group.dir)
    M.sleep(0.02)
  end
end

--- Sends SIGKILL to worker i (no error when it has already exited).
function M.kill(group, i)
  sh(string.format("kill -9 $(cat %s/pid_%d) 2>/dev/null", group.dir, i))
end

--- The output lines of worker i, each split into words.
function M.lines(group, i)
  local out = {}
  local f = io.open(string.format("%s/out_%d", group.dir, i), "r")
  if not f then return out end
  for line in f:lines() do
    local words = {}
    for w in line:gmatch("%S+") do words[#words + 1] = w end
    words.text = line
    out[#out + 1] = words
  end
  f:close()
  return out
end

return M
