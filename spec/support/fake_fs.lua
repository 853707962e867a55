-- A fake FreeSWITCH host for the IVR specs, faithful to docs/freeswitch.md (what the engine
-- relies on from FreeSWITCH 1.10's source and a real switch): getVariable is nil when unset
-- and setVariable(name, "") unsets; SWIG ints are floats on 5.3; playAndGetDigits returns ""
-- on timeout (after playing the bad-input file) and, on hangup mid-entry, the digits typed so
-- far with ready() false. Anything not modelled raises.
--
-- bridge models switch_ivr_originate and the callee leg:
-- - a leg is created (originated_legs names it on the caller's channel) unless the gateway
--   cannot make one ("no_channel": no leg, no hook);
-- - early media (a 183 with SDP) ends originate with SUCCESS unless the dial string has
--   ignore_early_media or bridge_early_media; then only an answer does, and originate_timeout
--   limits the ringing after early media too (NO_ANSWER at the timeout);
-- - the caller hanging up while the callee rings or answers cancels originate
--   (ORIGINATOR_CANCEL), even though the callee may have answered;
-- - api_on_answer runs answered.lua (as luarun: no session, no env) when the callee answers;
-- - execute_on_answer's sched_hangup +N runs on FreeSWITCH's scheduler: due at the whole second
--   floor(t) + N, run by a thread that wakes every 500 ms (switch_scheduler.c), so the callee is
--   cut between N − 1 and N + 0.5 s after its answer, as a real switch measured;
-- - the callee leg's api_reporting_hook runs settle.lua with an event holding variable_billmsec,
--   before or after bridge returns, for every leg created, answered or not.
-- Every script runs as in a new lua_State (run_script): none of ccard's modules loaded or
-- preloaded, and what it loads gone after it.
local fake_dbh = require("support.fake_dbh")

local M = {}

-- create_uuid's counter, shared by every world of a busted run: UUIDs are unique across calls, as a switch's are.
local uuid_n = 0

local function strict(name, t)
  return setmetatable(t, {
    __index = function(_, k) error(name .. ": '" .. tostring(k) .. "' is not modelled by the fake", 2) end,
  })
end

local ONE = 1.0 -- SWIG returns C ints as floats on Lua 5.3 (and 1 on 5.2)

-- mod_lua runs each script in a lua_State of its own: a bundle must find none of another
-- bundle's modules and leave none behind. So the modules bundles preload are set aside for the
-- script's run and put back after it (a hook runs inside a call, whose modules it must not see
-- or change). Modules a spec or a bench script required from dist-lua itself stay loaded.
local function set_aside()
  local kept = { loaded = {}, preload = {} }
  for name, f in pairs(package.preload) do
    kept.preload[name], kept.loaded[name] = f, package.loaded[name]
  end
  for name in pairs(kept.preload) do
    package.preload[name], package.loaded[name] = nil, nil
  end
  return kept
end

--- pcall(dofile, path) as in a new lua_State (see set_aside).
local function run_script(path)
  local kept = set_aside()
  local ok, err = pcall(dofile, path)
  set_aside() -- the modules the script's bundle defined go with its state
  for name, f in pairs(kept.preload) do
    package.preload[name], package.loaded[name] = f, kept.loaded[name]
  end
  return ok, err
end

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
---   distributor = { LIST = { "gw1", "gw2" } } (first node not excluded is chosen); distributor = false: no mod_distributor
---   bridges = list of outcomes for successive bridges:
---     result = "answer" | "busy" | "unreachable" | "no_answer" | "no_channel"
---     ring_ms = time from the INVITE to the answer or the failure (default 2000)
---     early_media_ms = a 183 with SDP arrives this long after the INVITE (before ring_ms)
---     talk_ms = how long an answered callee talks before hanging up (default 1000)
---     caller_hangs_up = the caller hangs up mid-call (answer) or while it rings (the rest)
---     caller_drops_at_answer = the caller hangs up just as the callee answers (answer only)
---     hook = "before" | "after" | "never" | "fail": when settle.lua runs, relative to bridge
---            returning ("after": at the script's next sleep or its end); "never": the switch
---            died; "fail": it runs while the database is unusable
---     answer_mark = false: answered.lua never runs (default: it runs at the answer)
---     sched = { answer_ms, exec_delay_ms, phase_ms, pass_ms }: the scheduler's timing (see cut_off)
---     gateway = the gateway the bridge must go through
---     during = function run while the call is up
---     raise = an error the bridge raises under the script
---     real_time = the callee talks talk_ms of real time (the benchmarks)
---   uuid_prefix = 8 hex digits that start every UUID of this process (benchmark workers share a database)
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

  -- Runs an API script as mod_lua does (`lua` or `luarun`): no session; env = the event, if any.
  local function run_api_script(command, headers, global_overrides)
    local how, script, arg = command:match("^(%S+) (%S+) (%S+)$")
    assert(how == "lua" or how == "luarun", "API hooks run lua or luarun, got " .. command)
    local saved = { session = _G.session, env = _G.env, argv = _G.argv }
    local saved_globals = {}
    for k, v in pairs(global_overrides or {}) do saved_globals[k] = globals[k]; globals[k] = v end
    _G.session = nil
    _G.env = headers and strict("Event", { getHeader = function(_, name) return headers[name] end }) or nil
    _G.argv = { [0] = script, arg }
    local ok, err = run_script(w.script_dir .. "/" .. script)
    for k in pairs(global_overrides or {}) do globals[k] = saved_globals[k] end
    _G.session, _G.env, _G.argv = saved.session, saved.env, saved.argv
    if not ok then error(script .. " raised: " .. tostring(err)) end
  end

  local function run_hook(hook)
    assert(hook.command:match("^lua settle%.lua %S+$"), "reporting hook should run lua settle.lua UUID, got " .. hook.command)
    -- A failing hook: the database is unusable while it runs (locked past the retries, PostgreSQL down).
    local overrides = hook.fail and { ccard_dsn = "sqlite:///nonexistent/ccard-down.db" } or nil
    run_api_script(hook.command, hook.headers, overrides)
    w.hooks_run = (w.hooks_run or 0) + 1
  end

  local function flush_hooks()
    local pending = w.pending_hooks
    w.pending_hooks = {}
    for _, h in ipairs(pending) do run_hook(h) end
  end
  w.flush_hooks = flush_hooks

  -- Whether originate returns on early media: early_ok is on unless the dial string turns it off
  -- (switch_ivr_originate: ignore_early_media true/consume/ring_ready, bridge_early_media true).
  local function early_ok(dvars)
    local truthy = { ["true"] = true, yes = true, on = true, ["1"] = true }
    local ignore = dvars.ignore_early_media
    if ignore and (truthy[ignore] or ignore == "consume" or ignore == "ring_ready") then return false end
    if dvars.bridge_early_media and truthy[dvars.bridge_early_media] then return false end
    return true
  end

  local SECOND_BASE_MS = 1700000000000 -- an epoch in ms: whole seconds fall on multiples of 1000

  -- When sched_hangup +N cuts the callee, in ms after its answer: the answer falls answer_ms into
  -- a second; the app runs exec_delay_ms later and the task is due at that second (floored) + N;
  -- the scheduler wakes at phase_ms + k × 500 ms and the hang-up takes pass_ms.
  local function cut_off(n, sched)
    sched = sched or {}
    local answer = SECOND_BASE_MS + (sched.answer_ms or 500)
    local due = math.floor((answer + (sched.exec_delay_ms or 2)) / 1000) * 1000 + n * 1000
    local phase = sched.phase_ms or 250
    local wake = math.ceil((due - phase) / 500) * 500 + phase
    return wake + (sched.pass_ms or 1) - answer
  end
  M.cut_off = cut_off

  local function bridge(data)
    local outcome = table.remove(bridges, 1)
    assert(outcome, "unexpected bridge (no scripted outcome): " .. data)
    if outcome.raise then error(outcome.raise) end -- the host failing under the script
    if outcome.during then outcome.during() end -- the world changing while the call is up
    local dvars, gw, number = M.parse_dial_string(data)
    local b = { data = data, vars = dvars, gateway = gw, number = number, outcome = outcome, at_ms = fake_dbh.now_ms() }
    w.bridges[#w.bridges + 1] = b
    assert(vars.continue_on_fail == "true", "bridge without continue_on_fail=true")
    if outcome.gateway then
      assert(outcome.gateway == gw, "expected a bridge via " .. outcome.gateway .. ", got " .. gw)
    end
    -- Originate clears these on the caller's channel when it starts.
    for _, k in ipairs({ "originate_disposition", "DIALSTATUS", "bridge_hangup_cause", "last_bridge_proto_specific_hangup_cause", "originated_legs" }) do
      vars[k] = nil
    end
    b.ringback = vars.transfer_ringback or vars.ringback
    local result = outcome.result
    local FAILURE = {
      busy = { "USER_BUSY", "BUSY", "sip:486" },
      unreachable = { "NORMAL_TEMPORARY_FAILURE", "CHANUNAVAIL", "sip:503" },
      no_answer = { "NO_ANSWER", "NOANSWER", nil },
    }
    assert(result == "answer" or result == "no_channel" or FAILURE[result], "unknown scripted bridge result " .. tostring(result))
    if result == "no_channel" then
      -- switch_core_session_outgoing_channel failed: no leg, so no hook and nothing in originated_legs.
      vars.originate_disposition, vars.DIALSTATUS = "GATEWAY_DOWN", "CHANUNAVAIL"
      if outcome.caller_hangs_up then ready = false end
      return
    end
    local uuid = assert(dvars.origination_uuid, "dial string without origination_uuid")
    vars.originated_legs = uuid .. ";Outbound Call;" .. number

    local timeout_ms = (tonumber(dvars.originate_timeout) or 60) * 1000
    local ring_ms = outcome.ring_ms or 2000
    local early = outcome.early_media_ms ~= nil and outcome.early_media_ms < ring_ms
    local waits_for_answer = not early_ok(dvars)
    b.early_media_heard = early and dvars.bridge_early_media == "true"
    local answers = result == "answer"
    local fail = FAILURE[result]
    -- Originate's own ring limit: only while it waits, and with early_ok it stops waiting at the 183.
    local timed_out = ring_ms > timeout_ms and (waits_for_answer or not early or outcome.early_media_ms > timeout_ms)
    if timed_out then
      answers, fail = false, FAILURE.no_answer
    end
    local billmsec, cause
    local answered_leg = false
    if answers then
      answered_leg = true
      w.answered = true
      if outcome.answer_mark ~= false and dvars.api_on_answer then
        run_api_script(dvars.api_on_answer, nil)
        b.answer_marked = true
      end
      if outcome.real_time then fake_dbh.sleep_ms(outcome.talk_ms or 1000) end
      if outcome.caller_drops_at_answer then
        -- Originate sees the caller gone after the callee answered: IDX_CANCEL hangs the callee up.
        ready = false
        billmsec, cause = outcome.talk_ms or 40, "ORIGINATOR_CANCEL"
        vars.originate_disposition, vars.DIALSTATUS = "ORIGINATOR_CANCEL", "CANCEL"
      else
        local hangup_at = tonumber((dvars.execute_on_answer or ""):match("^sched_hangup %+(%d+) ALLOTTED_TIMEOUT$"))
        assert(hangup_at, "answered bridge without execute_on_answer='sched_hangup +N ALLOTTED_TIMEOUT'")
        b.sched_hangup = hangup_at
        local warn_at, warn_file = (dvars.execute_on_answer_2 or ""):match("^sched_broadcast %+(%d+) playback::(%S+) bleg$")
        b.warning_at, b.warning_file = tonumber(warn_at), warn_file
        local cut_ms = cut_off(hangup_at, outcome.sched)
        local talk = outcome.talk_ms or 1000
        if talk >= cut_ms then
          billmsec, cause = cut_ms, "ALLOTTED_TIMEOUT"
        else
          billmsec, cause = talk, "NORMAL_CLEARING"
        end
        if b.warning_at and talk > cut_off(b.warning_at, outcome.sched) then b.warning_played_ms = cut_off(b.warning_at, outcome.sched) end
        vars.originate_disposition = "SUCCESS"
        vars.bridge_hangup_cause = cause
        if outcome.caller_hangs_up then ready = false end
      end
    else
      billmsec, cause = 0, fail[1]
      if outcome.caller_hangs_up then
        ready = false
        cause = "ORIGINATOR_CANCEL"
        vars.originate_disposition, vars.DIALSTATUS = "ORIGINATOR_CANCEL", "CANCEL"
      elseif early and not waits_for_answer then
        -- Originate returned SUCCESS on the 183; the bridge carried the early media until the failure.
        vars.originate_disposition, vars.bridge_hangup_cause = "SUCCESS", cause
      else
        vars.originate_disposition, vars.DIALSTATUS = fail[1], fail[2]
        vars.last_bridge_proto_specific_hangup_cause = fail[3]
      end
    end
    b.billmsec = billmsec
    b.answered_leg = answered_leg
    local hook_cmd = dvars.api_reporting_hook
    if hook_cmd and outcome.hook ~= "never" then
      local hook = {
        command = hook_cmd, fail = outcome.hook == "fail",
        headers = {
          variable_billmsec = string.format("%d", billmsec), variable_billsec = string.format("%d", math.ceil(billmsec / 1000)),
          variable_hangup_cause = cause, variable_originating_leg_uuid = "caller-" .. uuid,
        },
      }
      if outcome.hook == "after" then w.pending_hooks[#w.pending_hooks + 1] = hook else run_hook(hook) end
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
    w.sleeps[#w.sleeps + 1] = ms -- recorded, not waited; time passes, so pending hooks run
    flush_hooks()
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
      return string.format("%s-0000-4000-8000-%012d", opts.uuid_prefix or "00000000", uuid_n)
    elseif name == "distributor" then
      if opts.distributor == false then return "-ERR distributor Command not found!\n" end
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
    msleep = function(ms)
      w.msleeps = (w.msleeps or 0) + 1
      assert(w.msleeps < 1000, "msleep called " .. w.msleeps .. " times: a wait that never ends")
      assert(type(ms) == "number", "msleep needs milliseconds")
      flush_hooks()
    end,
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
  local ok, err = run_script(w.script_dir .. "/" .. bundle .. ".lua")
  if ok then w.flush_hooks() end
  _G.session, _G.freeswitch, _G.argv, _G.env = saved.session, saved.freeswitch, saved.argv, saved.env
  if not ok then
    if type(err) == "table" then err = tostring(err.message) .. "\n" .. tostring(err.stack) end
    error(tostring(err) .. "\nlog:\n" .. table.concat(w.logs, ""), 0)
  end
  return w
end

return M
