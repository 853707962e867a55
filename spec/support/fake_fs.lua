-- A fake FreeSWITCH host for the IVR specs, faithful to ../shared/FREESWITCH.md:
-- getVariable is nil when unset and setVariable(name, "") unsets; SWIG ints are floats on 5.3;
-- playAndGetDigits returns "" on timeout (after playing the bad-input file) and, on hangup mid-entry, the digits typed so far with
-- ready() false; bridge outcomes set the A-leg variables of the [seen] table; the callee leg's
-- api_reporting_hook runs settle.lua with an event holding variable_billmsec, before or after
-- bridge returns; sched_hangup from execute_on_answer cuts the callee up to 1 s early, never late.
-- Anything not modelled raises.
local fake_dbh = require("support.fake_dbh")

local M = {}

local function strict(name, t)
  return setmetatable(t, {
    __index = function(_, k) error(name .. ": '" .. tostring(k) .. "' is not modelled by the fake", 2) end,
  })
end

local ONE = 1.0 -- SWIG returns C ints as floats on Lua 5.3 (and 1 on 5.2)

--- Splits a dial string "{a=1,b='x y'}sofia/gateway/GW/NUMBER" into vars and target.
function M.parse_dial_string(s)
  local body, target = s:match("^{(.*)}(.*)$")
  assert(body, "dial string without {…}: " .. s)
  local vars, i = {}, 1
  while i <= #body do
    local k, rest = body:match("^([%w_]+)=(.*)$", i)
    assert(k, "bad variable in dial string at " .. body:sub(i))
    local v, after
    if rest:sub(1, 1) == "'" then
      local close = rest:find("'", 2, true)
      assert(close, "unterminated quote in dial string")
      v, after = rest:sub(2, close - 1), rest:sub(close + 1)
    else
      local comma = rest:find(",", 1, true)
      v = comma and rest:sub(1, comma - 1) or rest
      after = comma and rest:sub(comma) or ""
    end
    vars[k] = v
    i = #body - #after + 1
    if body:sub(i, i) == "," then i = i + 1 end
  end
  local gw, number = target:match("^sofia/gateway/([^/]+)/(.+)$")
  assert(gw, "dial string target is not sofia/gateway/GW/NUMBER: " .. target)
  return vars, gw, number
end

--- A new fake world. opts:
---   db = path of the SQLite file; globals = { name = value }
---   vars = channel variables (caller_id_number, destination_number, …)
---   dtmf = list of entries for successive playAndGetDigits: "digits", "" (timeout),
---          { hangup = true, typed = "12" } (caller hangs up mid-entry)
---   hangup_after_prompt = prompt id after which the caller hangs up
---   distributor = { LIST = { "gw1", "gw2" } } (first node not excluded is chosen)
---   bridges = list of outcomes for successive bridges: { result = "answer"|"busy"|"unreachable"|"no_answer",
---             talk_ms = N, hook = "before"|"after"|"never", caller_hangs_up = bool, early_ms = 500,
---             during = function run while the bridge is up }
function M.new(opts)
  local w = {
    prompts = {}, files = {}, apps = {}, bridges = {}, logs = {}, scheduled = {}, api_calls = {},
    hangup_cause = nil, answered = false, pending_hooks = {}, sql_log = {}, sleeps = {},
    -- FreeSWITCH's script_dir: where the entry scripts (and their ccard folder) are.
    script_dir = opts.script_dir or "dist-lua",
  }
  local vars = {}
  for k, v in pairs(opts.vars or {}) do vars[k] = v end
  local ready = true
  local dtmf = { table.unpack(opts.dtmf or {}) }
  local bridges = { table.unpack(opts.bridges or {}) }
  local uuid_n = 0
  local globals = opts.globals or {}

  local function record_file(path)
    w.files[#w.files + 1] = path
    local id = path:match("([^/]+)%.wav$") or path
    w.prompts[#w.prompts + 1] = id
    if opts.hangup_after_prompt == id then ready = false end
  end

  local function play_list(spec)
    if spec == nil or spec == "" then return end
    local list = spec:match("^file_string://(.*)$")
    if list then
      for f in list:gmatch("[^!]+") do record_file(f) end
    elseif not spec:match("^silence_stream://") then
      record_file(spec)
    end
  end

  -- Runs settle.lua as FreeSWITCH does for a `lua` API script: no session, env = the event.
  local function run_hook(hook)
    local script, arg = hook.command:match("^lua (%S+) (%S+)$")
    assert(script == "settle.lua", "reporting hook should run settle.lua, got " .. hook.command)
    local saved = { session = _G.session, env = _G.env, argv = _G.argv }
    _G.session = nil
    _G.env = strict("Event", {
      getHeader = function(_, name) return hook.headers[name] end,
    })
    _G.argv = { [0] = script, arg }
    local ok, err = pcall(dofile, w.script_dir .. "/settle.lua")
    _G.session, _G.env, _G.argv = saved.session, saved.env, saved.argv
    if not ok then error("settle.lua raised: " .. tostring(err)) end
    w.hooks_run = (w.hooks_run or 0) + 1
  end

  local function flush_hooks()
    local pending = w.pending_hooks
    w.pending_hooks = {}
    for _, h in ipairs(pending) do run_hook(h) end
  end
  w.flush_hooks = flush_hooks

  local function bridge(data)
    local outcome = table.remove(bridges, 1)
    assert(outcome, "unexpected bridge (no scripted outcome): " .. data)
    if outcome.raise then error(outcome.raise) end -- the host failing under the script
    if outcome.during then outcome.during() end -- the world changing while the call is up
    local dvars, gw, number = M.parse_dial_string(data)
    local b = { data = data, vars = dvars, gateway = gw, number = number, outcome = outcome }
    w.bridges[#w.bridges + 1] = b
    assert(vars.continue_on_fail == "true", "bridge without continue_on_fail=true")
    for _, k in ipairs({ "originate_disposition", "DIALSTATUS", "bridge_hangup_cause", "last_bridge_proto_specific_hangup_cause" }) do
      vars[k] = nil
    end
    local billmsec, cause = 0, nil
    if outcome.result == "answer" then
      local hangup_at = tonumber((dvars.execute_on_answer or ""):match("^sched_hangup %+(%d+) ALLOTTED_TIMEOUT$"))
      assert(hangup_at, "answered bridge without execute_on_answer='sched_hangup +N ALLOTTED_TIMEOUT'")
      b.sched_hangup = hangup_at
      local warn_at, warn_file = (dvars.execute_on_answer_2 or ""):match("^sched_broadcast %+(%d+) playback::(%S+) bleg$")
      b.warning_at, b.warning_file = tonumber(warn_at), warn_file
      local cut_ms = hangup_at * 1000 - (outcome.early_ms or 500)
      local talk = outcome.talk_ms or 1000
      if talk >= cut_ms then
        billmsec, cause = cut_ms, "ALLOTTED_TIMEOUT"
      else
        billmsec, cause = talk, "NORMAL_CLEARING"
      end
      b.billmsec = billmsec
      vars.originate_disposition = "SUCCESS"
      vars.bridge_hangup_cause = cause
      w.answered = true
    elseif outcome.result == "busy" then
      vars.originate_disposition, vars.DIALSTATUS = "USER_BUSY", "BUSY"
      vars.last_bridge_proto_specific_hangup_cause, cause = "sip:486", "USER_BUSY"
    elseif outcome.result == "unreachable" then
      vars.originate_disposition, vars.DIALSTATUS = "NORMAL_TEMPORARY_FAILURE", "CHANUNAVAIL"
      vars.last_bridge_proto_specific_hangup_cause, cause = "sip:503", "NORMAL_TEMPORARY_FAILURE"
    elseif outcome.result == "no_answer" then
      vars.originate_disposition, vars.DIALSTATUS = "NO_ANSWER", "NOANSWER"
      cause = "NO_ANSWER"
    else
      error("unknown scripted bridge result " .. tostring(outcome.result))
    end
    if outcome.caller_hangs_up then ready = false end
    if outcome.gateway then
      assert(outcome.gateway == gw, "expected a bridge via " .. outcome.gateway .. ", got " .. gw)
    end
    local hook_cmd = dvars.api_reporting_hook
    if hook_cmd then
      local hook = {
        command = hook_cmd,
        headers = { variable_billmsec = string.format("%d", billmsec), variable_billsec = string.format("%d", math.ceil(billmsec / 1000)), variable_hangup_cause = cause },
      }
      local when = outcome.hook or "before"
      if when == "before" then run_hook(hook) elseif when == "after" then w.pending_hooks[#w.pending_hooks + 1] = hook end
    end
  end

  local session = {}
  function session:answer() w.answered = true; return ONE end
  function session:ready() return ready end
  function session:getVariable(name) return vars[name] end
  function session:setVariable(name, value)
    assert(type(value) == "string", "setVariable needs a string value for " .. name)
    if value == "" then vars[name] = nil else vars[name] = value end
  end
  function session:streamFile(path)
    if not ready then return 0.0 end
    record_file(path)
    return ONE
  end
  function session:sleep(ms)
    assert(type(ms) == "number" and ms >= 0, "sleep needs milliseconds")
    w.sleeps[#w.sleeps + 1] = ms -- recorded, not waited
    return ONE
  end
  function session:flushDigits() return ONE end
  function session:hangup(cause)
    if w.hangup_cause == nil then w.hangup_cause = cause or "NORMAL_CLEARING" end
    ready = false
  end
  function session:execute(app, data)
    w.apps[#w.apps + 1] = { app = app, data = data }
    if app == "bridge" then return bridge(data) end
    error("execute('" .. app .. "') is not modelled by the fake")
  end
  function session:playAndGetDigits(min, max, tries, timeout, terminators, prompt, bad, regex)
    assert(type(timeout) == "number" and type(terminators) == "string" and type(regex) == "string")
    for _ = 1, tries do
      if not ready then return "" end
      play_list(prompt)
      if not ready then return "" end
      local entry = table.remove(dtmf, 1)
      assert(entry ~= nil, "DTMF script exhausted at prompt " .. tostring(w.prompts[#w.prompts]))
      if type(entry) == "table" and entry.hangup then
        ready = false
        return entry.typed or ""
      end
      assert(type(entry) == "string", "DTMF entries are strings or {hangup=true}")
      if #entry >= min and #entry <= max and entry:match("^%d+$") then return entry end
      -- FreeSWITCH plays the bad-input file after every failed try, a timeout included.
      play_list(bad)
    end
    return ""
  end
  w.session = strict("session", session)

  local api = {}
  function api:executeString(cmd)
    w.api_calls[#w.api_calls + 1] = cmd
    local name, args = cmd:match("^(%S+)%s*(.*)$")
    if name == "create_uuid" then
      uuid_n = uuid_n + 1
      return string.format("00000000-0000-4000-8000-%012d", uuid_n)
    elseif name == "distributor" then
      local list, excluded = args:match("^(%S+)%s*(.*)$")
      local nodes = (opts.distributor or {})[list]
      if not nodes then return "-err" end
      local skip = {}
      for e in excluded:gmatch("%S+") do skip[e] = true end
      for _, n in ipairs(nodes) do
        if not skip[n] then return n end
      end
      return "-err"
    end
    error("API command '" .. tostring(name) .. "' is not modelled by the fake")
  end

  w.freeswitch = strict("freeswitch", {
    consoleLog = function(level, msg) w.logs[#w.logs + 1] = level .. ": " .. msg end,
    API = function() return strict("API", api) end,
    Dbh = function(dsn) return fake_dbh.open(dsn, w.sql_log, function(level, line) w.logs[#w.logs + 1] = level .. ": " .. line end) end,
    getGlobalVariable = function(name) return globals[name] end,
    msleep = function() flush_hooks() end,
  })
  w.vars = vars
  w.is_ready = function() return ready end
  return w
end

--- Runs an entry script (dist-lua/NAME.lua, or opts.script_dir/NAME.lua) on a fresh world, as
--- mod_lua would. Returns the world.
function M.run(bundle, opts)
  local w = M.new(opts)
  local saved = { session = _G.session, freeswitch = _G.freeswitch, argv = _G.argv, env = _G.env }
  _G.freeswitch = w.freeswitch
  _G.session = w.session
  _G.argv = { [0] = bundle .. ".lua" }
  _G.env = nil
  local ok, err = pcall(dofile, w.script_dir .. "/" .. bundle .. ".lua")
  if ok then w.flush_hooks() end
  _G.session, _G.freeswitch, _G.argv, _G.env = saved.session, saved.freeswitch, saved.argv, saved.env
  if not ok then
    if type(err) == "table" then err = tostring(err.message) .. "\n" .. tostring(err.stack) end
    error(tostring(err) .. "\nlog:\n" .. table.concat(w.logs, ""), 0)
  end
  return w
end

return M
