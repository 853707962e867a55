-- Per-call engine cost: one calling-card call through callingcard.lua, installed in a scripts
-- folder as FreeSWITCH has it, on the spec's fake FreeSWITCH (PIN, destination, answered bridge,
-- settle.lua from the reporting hook).
--   lua5.3 bench/lua/call_cost.lua install DIR [compiled]
--                                  copies the loaders and bundles of dist-lua into DIR; with
--                                  "compiled", adds their bytecode as `ccard fs compile` would
--                                  (ccard/compile.lua run by this Lua)
--   lua5.3 bench/lua/call_cost.lua inproc DIR DB N   N calls in this process, each in a fresh module
--                                  state; RESULT {call={median,p99} CPU µs, calls}
--   lua5.3 bench/lua/call_cost.lua one DIR DB        one call (the runner times the process), after
--                                  opening the pooled database handle as a running switch has it
--   lua5.3 bench/lua/call_cost.lua none DIR DB       the same start-up and handle, no call (baseline)
--   lua5.3 bench/lua/call_cost.lua open DB N         CPU µs to take a Dbh (pooled), set its pragmas,
--                                  query, release
--   lua5.3 bench/lua/call_cost.lua load BUNDLE N     size, and CPU µs to compile, to compile and
--                                  define every module, and to load bytecode
local h = require("bench.lua.harness")
local mode = h.arg(1, "mode")

local PIN, DESTINATION, DNIS = "123456789012", "00441612345678", "18005550100"

-- mod_lua gives every call (and every hook) a new lua_State; the fake runs each script with
-- none of the bundles' modules loaded (spec/support/fake_fs.lua), so each parses and runs afresh.
local plain_dofile = dofile

-- The fake's create_uuid restarts at 1 for every call; a switch's UUIDs are unique, and calls
-- here share one database, so they get a per-process random tag and a counter.
local function run_tag()
  local f = assert(io.open("/dev/urandom", "rb"))
  local b = f:read(4)
  f:close()
  return string.format("%02x%02x%02x%02x", b:byte(1, 4))
end
local TAG, uuids = run_tag(), 0

local function unique_uuids(real)
  local api = {}
  function api.executeString(_, cmd)
    if cmd:match("^create_uuid") then
      uuids = uuids + 1
      return string.format("%s-0000-4000-8000-%012d", TAG, uuids)
    end
    return real.API():executeString(cmd)
  end
  return setmetatable({ API = function() return api end }, { __index = real })
end

local function call_dofile(path)
  if path:match("callingcard%.lua$") then _G.freeswitch = unique_uuids(_G.freeswitch) end
  return plain_dofile(path)
end

--- The keys of one call: "1" first for a product with a language menu (the features run).
local function keys_for(db)
  local h_db = require("support.fake_dbh").open("sqlite://" .. db)
  local menu = false
  h_db:query("SELECT language_menu FROM products WHERE id = 1", function(r) menu = r.language_menu ~= "" end)
  h_db:release()
  if menu then return { "1", PIN, DESTINATION, "2" } end
  return { PIN, DESTINATION, "2" }
end

local function one_call(dir, db, keys)
  local fake = require("support.fake_fs")
  local w = fake.run("callingcard", {
    script_dir = dir,
    db = db,
    globals = { ccard_dsn = "sqlite://" .. db, sounds_dir = "/snd" },
    vars = { caller_id_number = "+15551230000", destination_number = DNIS },
    dtmf = keys,
    distributor = { intl = { "gw1" } },
    bridges = { { result = "answer", talk_ms = 6000, gateway = "gw1" } },
  })
  if w.hooks_run ~= 1 or w.hangup_cause ~= "NORMAL_CLEARING" then
    error("the call did not run end to end:\n" .. table.concat(w.logs, ""))
  end
end

local function timed(fn, n)
  local times = {}
  for i = 1, n do
    local t0 = h.cpu_us()
    fn()
    times[i] = h.cpu_us() - t0
  end
  return h.summary(times)
end

-- A running FreeSWITCH has its database handle open already (pooled, schema read): both the
-- one-call process and its baseline open it first, so the difference is the call alone.
local function warm_pool(db)
  local dbh = require("support.fake_dbh").open("sqlite://" .. db)
  assert(dbh:query("SELECT COUNT(*) FROM products"))
  dbh:release()
end

if mode == "install" then
  local dir, compiled = h.arg(2, "scripts folder"), arg[3] == "compiled"
  require("support.scripts_dir").install(dir, compiled)
  h.result({ installed = dir, compiled = compiled, lua = _VERSION })
elseif mode == "inproc" then
  local dir, db, n = h.arg(2, "scripts folder"), h.arg(3, "db"), h.int_arg(4, "calls")
  _G.dofile = call_dofile
  local keys = keys_for(db)
  local call = n > 0 and timed(function() one_call(dir, db, keys) end, n) or nil
  h.result({ call = call, calls = n, lua = _VERSION })
elseif mode == "one" then
  _G.dofile = call_dofile
  warm_pool(h.arg(3, "db"))
  one_call(h.arg(2, "scripts folder"), h.arg(3, "db"), keys_for(h.arg(3, "db")))
elseif mode == "none" then
  require("support.fake_fs")
  h.arg(2, "scripts folder")
  warm_pool(h.arg(3, "db"))
elseif mode == "open" then
  local db, n = h.arg(2, "db"), h.int_arg(3, "repeats")
  h.result({
    open = timed(function()
      local sql = h.sql_port(db)
      sql:rows("SELECT 1 AS one")
      sql:release()
    end, n),
    lua = _VERSION,
  })
elseif mode == "load" then
  local path, n = h.arg(2, "bundle"), h.int_arg(3, "repeats")
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  -- The bundle ends with `return require(ENTRY).main()`; without `.main()` running the chunk
  -- defines every module and stops before the call.
  local define_only, subs = text:gsub("%)%.main%(%)\n$", ")\n")
  if subs ~= 1 then error(path .. " does not end with require(…).main()") end
  local bytecode = string.dump(assert(load(text, "=" .. path)), true)
  h.result({
    bytes = #text,
    compile = timed(function() assert(load(text, "=" .. path)) end, n),
    define = timed(function()
      for name in pairs(package.preload) do package.loaded[name], package.preload[name] = nil, nil end
      assert(load(define_only, "=" .. path))()
    end, n),
    bytecode_bytes = #bytecode,
    bytecode_load = timed(function() assert(load(bytecode, "=" .. path, "b")) end, n),
    lua = _VERSION,
  })
else
  error("mode must be install, inproc, one, none, open or load")
end
