-- domain.bug as the Lua build has it (scripts/tstl_plugin.cjs): Lua's error with the message as
-- it is, not a TypeScript Error object.
local bug = require("domain.bug").bug

describe("domain.bug", function()
  it("raises its message as a plain string, with no position", function()
    local ok, err = pcall(bug, "sqlInt: not an exact integer")
    assert.are.same({ false, "sqlInt: not an exact integer" }, { ok, err })
  end)

  it("is what the domain raises on a bug", function()
    local ok, err = pcall(require("domain.sql").sqlInt, 1.5)
    assert.are.same({ false, "sqlInt: not an exact integer" }, { ok, err })
  end)
end)
