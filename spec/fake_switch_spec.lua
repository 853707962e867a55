-- The fake switch runs every script as in a lua_State of its own, as mod_lua does
-- (spec/support/fake_fs.lua, run_script): what a script's bundle preloads is its own, unseen by a
-- hook that runs inside it and gone after it; what the process has loaded stays shared.
local fake_fs = require("support.fake_fs")
local scripts_dir = require("support.scripts_dir")

local OUTER = [[
package.preload["ivr.probe"] = function() return { owner = "outer" } end
PROBE.outer_first = require("ivr.probe")
PROBE.run_inner()
PROBE.outer_after = require("ivr.probe")
PROBE.outer_dbh = require("support.fake_dbh")
]]

local INNER = [[
PROBE.inner_saw_loaded, PROBE.inner_saw_preload = package.loaded["ivr.probe"], package.preload["ivr.probe"]
package.preload["ivr.probe"] = function() return { owner = "inner" } end
PROBE.inner = require("ivr.probe")
PROBE.shared = require("probe_shared")
]]

describe("the fake switch's scripts", function()
  local dir, path, probe -- probe: what the scripts saw, as the global PROBE they write to

  before_each(function()
    dir = scripts_dir.folder()
    scripts_dir.write(dir .. "/outer.lua", OUTER)
    scripts_dir.write(dir .. "/inner.lua", INNER)
    scripts_dir.write(dir .. "/probe_shared.lua", "return { shared = true }")
    path = package.path
    package.path = dir .. "/?.lua;" .. package.path
    probe = { run_inner = function() fake_fs.run("inner", { script_dir = dir }) end }
    _G.PROBE = probe
  end)

  after_each(function()
    package.path, _G.PROBE = path, nil
    package.loaded["probe_shared"] = nil
  end)

  it("keep what their bundle preloads to themselves, a script run inside another included", function()
    fake_fs.run("outer", { script_dir = dir })
    assert.are.equal("outer", probe.outer_first.owner)
    assert.is_nil(probe.inner_saw_loaded)
    assert.is_nil(probe.inner_saw_preload)
    assert.are.equal("inner", probe.inner.owner)
    assert.are.equal(probe.outer_first, probe.outer_after)
    assert.is_nil(package.loaded["ivr.probe"])
    assert.is_nil(package.preload["ivr.probe"])
  end)

  it("define their bundle's modules afresh on every run", function()
    fake_fs.run("outer", { script_dir = dir })
    local first = probe.outer_first
    fake_fs.run("outer", { script_dir = dir })
    assert.are_not.equal(first, probe.outer_first)
  end)

  it("share the modules of the process, and leave loaded any other module they load", function()
    fake_fs.run("outer", { script_dir = dir })
    assert.are.equal(require("support.fake_dbh"), probe.outer_dbh)
    assert.are.equal(probe.shared, package.loaded["probe_shared"])
  end)
end)
