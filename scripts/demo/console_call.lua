-- The console demo's FreeSWITCH: runs the real generated entry bundle (dist-lua/<entry>.lua)
-- against the embedded SQLite file through LuaSQL, with the terminal as the phone. Prompts are
-- printed (and played when a WAV player is present and sound is on); DTMF comes from the
-- --dtmf list, else from standard input, one entry per line. The bridge is simulated: the
-- callee rings, answers, and the call ends after --talk seconds, when the user presses Enter,
-- or at the cut-off the IVR scheduled — whichever comes first. Then the callee leg's reporting
-- hook runs settle.lua, as FreeSWITCH does.
--
-- usage: lua5.3 scripts/demo/console_call.lua ENTRY DB ANI DNIS [--dtmf a,b,c] [--talk SECONDS] [--sound]
package.path = "dist-lua/?.lua;spec/?.lua;" .. package.path

local luasql = require("luasql.sqlite3")
local PROMPT_TEXT = require("domain.prompt_text").PROMPT_TEXT

local entry, db, ani, dnis = arg[1], arg[2], arg[3], arg[4]
local dtmf_list, talk_seconds, sound = nil, nil, false
local i = 5
while arg[i] do
  if arg[i] == "--dtmf" then
    dtmf_list = {}
    for d in (arg[i + 1] .. ","):gmatch("([^,]*),") do dtmf_list[#dtmf_list + 1] = d end
    i = i + 2
  elseif arg[i] == "--talk" then
    talk_seconds = tonumber(arg[i + 1])
    i = i + 2
  elseif arg[i] == "--sound" then
    sound = true
    i = i + 1
  else
    io.stderr:write("console_call.lua: unknown argument " .. arg[i] .. "\n")
    os.exit(2)
  end
end

local out = io.stdout
local function say(line) out:write(line, "\n") out:flush() end

local lang_of_dir = { ["en/us/espeak"] = "en", ["es/es/espeak"] = "es" }
local function text_of(path)
  local dir, id = path:match("/([^/]+/[^/]+/[^/]+)/ccard/([%w_]+)%.wav$")
  local lang = dir and lang_of_dir[dir]
  return (lang and PROMPT_TEXT[lang][id]) or path, id
end

local function play(path)
  local text = text_of(path)
  say("  ♪ " .. text)
  if sound then
    local file = path:gsub("/ccard/([%w_]+%.wav)$", "/ccard/8000/%1")
    os.execute("aplay -q '" .. file .. "' 2>/dev/null")
  end
end

local ready = true
local vars = { caller_id_number = ani, destination_number = dnis }

local function next_dtmf(prompt_text)
  if dtmf_list then
    local d = table.remove(dtmf_list, 1)
    if d == nil then
      say("  (no more DTMF given: the caller hangs up)")
      ready = false
      return nil
    end
    say("  ☎ keys: " .. (d == "" and "(none)" or d))
    return d
  end
  out:write("  ☎ your keys (then Enter; empty = wait; 'q' = hang up) > ")
  out:flush()
  local line = io.read("*l")
  if line == nil or line == "q" then
    ready = false
    return nil
  end
  return (line:gsub("%s", ""))
end

-- The same Dbh the specs use: FreeSWITCH's behaviour, on the demo's file.
local fake_dbh = require("support.fake_dbh")
local env = luasql.sqlite3()

local hooks = {}
-- An API script as FreeSWITCH runs it (`lua` with the leg's event, `luarun` without): no session.
local function run_hook(command, headers)
  local script, uuid = command:match("^%S+ (%S+) (%S+)$")
  local saved_session = _G.session
  _G.session, _G.argv = nil, { [0] = script, uuid }
  _G.env = headers and { getHeader = function(_, n) return headers[n] end } or nil
  local ok, err = pcall(dofile, "dist-lua/" .. script)
  _G.session, _G.env = saved_session, nil
  if not ok then say("  " .. script .. " failed: " .. tostring(err)) end
end

local function bridge(data)
  local gw, number = data:match("}sofia/gateway/([^/]+)/(.+)$")
  local cut = tonumber(data:match("execute_on_answer='sched_hangup %+(%d+)"))
  local warn = tonumber(data:match("sched_broadcast %+(%d+)"))
  local hook = data:match("api_reporting_hook='([^']+)'")
  local on_answer = data:match("api_on_answer='([^']+)'")
  local uuid = data:match("origination_uuid=([^,}]+)")
  vars.originated_legs = uuid .. ";Outbound Call;" .. number
  say(string.format("  … dialling %s via gateway %s (cut-off %d s after answer%s)", number, gw, cut,
    warn and (", warning at " .. warn .. " s") or ""))
  say("  … ringing … the callee answers")
  if on_answer then run_hook(on_answer, nil) end
  local talk
  if talk_seconds then
    talk = talk_seconds
    say(string.format("  … talking for %d s", talk))
  elseif dtmf_list then
    talk = 30
  else
    local started = os.time()
    out:write("  … connected: press Enter to hang up > ")
    out:flush()
    io.read("*l")
    talk = os.time() - started
  end
  local billmsec, cause = talk * 1000, "NORMAL_CLEARING"
  if talk >= cut then
    if warn then play(data:match("playback::(%S+) bleg")) end
    billmsec, cause = cut * 1000 + 200, "ALLOTTED_TIMEOUT" -- the scheduler wakes a little after the due second
    say("  … the IVR cuts the callee off: the money is spent")
  end
  say(string.format("  … call ended after %.1f s (%s)", billmsec / 1000, cause))
  vars.originate_disposition = "SUCCESS"
  vars.bridge_hangup_cause = cause
  hooks[#hooks + 1] = { command = hook, headers = { variable_billmsec = string.format("%d", billmsec), variable_hangup_cause = cause } }
  for _, h in ipairs(hooks) do run_hook(h.command, h.headers) end
  hooks = {}
end

local session = {}
function session.answer() return 1 end
function session.ready() return ready end
function session.getVariable(_, n) return vars[n] end
function session.setVariable(_, n, v) vars[n] = v ~= "" and v or nil end
function session.streamFile(_, path)
  if ready then play(path) end
  return 1
end
function session.sleep() return 1 end
function session.flushDigits() return 1 end
function session.hangup(_, cause)
  if ready then say("  ✆ the IVR hangs up (" .. tostring(cause) .. ")") end
  ready = false
end
function session.execute(_, app, data)
  if app == "bridge" then return bridge(data) end
  error("console demo: application " .. app .. " is not simulated")
end
local function play_spec(spec)
  local list = spec:match("^file_string://(.*)$")
  if list then
    for f in list:gmatch("[^!]+") do play(f) end
  elseif not spec:match("^silence_stream://") then
    play(spec)
  end
end

function session.playAndGetDigits(_, min, max, _, _, _, prompt, bad, _)
  play_spec(prompt)
  local d = next_dtmf()
  if d == nil then return "" end
  if #d < min or #d > max or not d:match("^%d*$") then
    play_spec(bad) -- as FreeSWITCH does after a failed try, a timeout included
    return ""
  end
  return d
end

local uuid_n = 0
_G.freeswitch = {
  consoleLog = function(level, msg)
    if level == "err" or level == "warning" then io.stderr:write("  [log " .. level .. "] " .. msg) end
  end,
  API = function()
    return {
      executeString = function(_, cmd)
        if cmd == "create_uuid" then
          uuid_n = uuid_n + 1
          return string.format("%08x-0000-4000-8000-%012d", os.time(), uuid_n)
        end
        local list, excluded = cmd:match("^distributor (%S+)%s*(.*)$")
        if list then
          local ex = {}
          for e in excluded:gmatch("%S+") do ex[e] = true end
          local conn = assert(env:connect(db))
          local cur = conn:execute("SELECT g.name FROM routes r JOIN route_gateways rg ON rg.route_id = r.id " ..
            "JOIN gateways g ON g.id = rg.gateway_id WHERE g.enabled = 1 AND r.name = '" .. list:gsub("'", "''") .. "' ORDER BY rg.weight DESC, g.name")
          local pick
          local row = cur and cur:fetch({}, "a")
          while row do
            if not pick and not ex[row.name] then pick = row.name end
            row = cur:fetch({}, "a")
          end
          if cur then cur:close() end
          conn:close()
          return pick or "-err"
        end
        return "-ERR not simulated"
      end,
    }
  end,
  Dbh = function(dsn) return fake_dbh.open(dsn) end,
  getGlobalVariable = function(n)
    if n == "ccard_dsn" then return "sqlite://" .. db end
    if n == "sounds_dir" then return os.getenv("PWD") .. "/sounds" end
    return nil
  end,
  msleep = function() end,
}
_G.session = session
_G.argv = { [0] = entry .. ".lua" }
dofile("dist-lua/" .. entry .. ".lua")
