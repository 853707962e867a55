local dialstring = require("ivr.dialstring")
local fake = require("support.fake_fs")

local function req(over)
  local r = {
    uuid = "0b0e7a5e-1111-4222-8333-944445555666", gateway = "gw1", dialPrefix = "", e164 = "441612345678",
    cutoffSeconds = 2999, ringTimeoutSeconds = 60, earlyMedia = "ignore", warningFile = "/snd/en/us/espeak/ccard/one_minute_left.wav",
    tags = { ccard_call = "1" },
  }
  for k, v in pairs(over or {}) do r[k] = v end
  return r
end

describe("ivr.dialstring", function()
  it("carries the cut-off, the warning, the answer mark and the settlement hook on the callee leg", function()
    local vars, gw, number = fake.parse_dial_string(dialstring.buildDialString(req()))
    assert.are.equal("gw1", gw)
    assert.are.equal("441612345678", number)
    assert.are.equal("sched_hangup +2999 ALLOTTED_TIMEOUT", vars.execute_on_answer)
    assert.are.equal("sched_broadcast +2939 playback::/snd/en/us/espeak/ccard/one_minute_left.wav bleg", vars.execute_on_answer_2)
    assert.are.equal("luarun answered.lua 0b0e7a5e-1111-4222-8333-944445555666", vars.api_on_answer)
    assert.are.equal("lua settle.lua 0b0e7a5e-1111-4222-8333-944445555666", vars.api_reporting_hook)
    assert.are.equal("0b0e7a5e-1111-4222-8333-944445555666", vars.origination_uuid)
    assert.are.equal("60", vars.originate_timeout)
  end)

  it("makes originate wait for a real answer: early media ignored, or passed to the caller, never both", function()
    local ignore = fake.parse_dial_string(dialstring.buildDialString(req()))
    assert.are.same({ "true", nil }, { ignore.ignore_early_media, ignore.bridge_early_media })
    local pass = fake.parse_dial_string(dialstring.buildDialString(req({ earlyMedia = "pass" })))
    -- ignore_early_media is parsed after bridge_early_media and would switch it off.
    assert.are.same({ nil, "true" }, { pass.ignore_early_media, pass.bridge_early_media })
  end)

  it("warns only when the call may last more than a minute, and refuses a cut-off under 1 s", function()
    assert.is_nil(fake.parse_dial_string(dialstring.buildDialString(req({ cutoffSeconds = 60 }))).execute_on_answer_2)
    assert.are.equal("sched_broadcast +1 playback::/snd/en/us/espeak/ccard/one_minute_left.wav bleg",
      fake.parse_dial_string(dialstring.buildDialString(req({ cutoffSeconds = 61 }))).execute_on_answer_2)
    local ok, err = pcall(dialstring.buildDialString, req({ cutoffSeconds = 0 }))
    assert.are.same({ false, "cut-off must be at least 1 s" }, { ok, err })
  end)

  it("prints whole seconds on Lua 5.3 too (never 3000.0)", function()
    local s = dialstring.buildDialString(req({ cutoffSeconds = 3000.0, ringTimeoutSeconds = 60.0 }))
    assert.is_nil(s:find("%.0"))
  end)

  it("puts the gateway's dial prefix before the number", function()
    local _, _, number = fake.parse_dial_string(dialstring.buildDialString(req({ dialPrefix = "00" })))
    assert.are.equal("00441612345678", number)
  end)

  it("refuses names and values that could break out of the dial string", function()
    for _, bad in ipairs({ { gateway = "gw1/x" }, { gateway = "gw'1" }, { gateway = "" }, { dialPrefix = "0,0" },
      { warningFile = "/a,b.wav" }, { tags = { ["bad key"] = "1" } }, { tags = { ok = "x}y" } } }) do
      assert.has_error(function() dialstring.buildDialString(req(bad)) end)
    end
  end)

  it("lets through exactly the safe characters, byte by byte", function()
    for b = 0, 255 do
      local c = string.char(b)
      local token = c:match("^[0-9A-Za-z]$") ~= nil or c == "-" or c == "." or c == "_"
      assert.are.equal(token, dialstring.isSafeToken("gw" .. c .. "1"), "token byte " .. b)
      local value = b >= 32 and not (",'{}[]^"):find(c, 1, true)
      assert.are.equal(value, dialstring.isSafeValue("/snd/" .. c .. ".wav"), "value byte " .. b)
    end
    assert.is_true(dialstring.isSafeToken(string.rep("a", 64)))
    assert.is_false(dialstring.isSafeToken(string.rep("a", 65)))
    assert.is_true(dialstring.isSafeValue(""))
  end)
end)
