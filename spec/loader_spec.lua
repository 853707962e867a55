-- The scripts the dialplan runs (dist-lua/NAME.lua) are loaders: they run ccard/NAME.BUILD.luac,
-- the bundle precompiled by FreeSWITCH's own Lua through ccard/compile.lua, when it loads, and the
-- bundle's source ccard/NAME.lua otherwise.

local scripts_dir = require("support.scripts_dir")
local read, write, tmpdir = scripts_dir.read, scripts_dir.write, scripts_dir.folder

local LOADER = read("dist-lua/settle.lua")
local BUILD = scripts_dir.build_of(LOADER, "settle")

-- A scripts folder with the real loader and a stand-in bundle that says how it was loaded.
local function scripts()
  local d = tmpdir()
  write(d .. "/settle.lua", LOADER)
  write(d .. "/ccard/settle.lua", "return 'source'")
  return d
end

local function bytecode(text)
  return string.dump(assert(load(text)), true)
end

describe("entry loaders", function()
  it("name a build of 12 hex digits, the hash of the bundle they run", function()
    assert.is_truthy(BUILD)
    assert.are.equal(12, #BUILD)
    for _, name in ipairs({ "callingcard", "retail", "settle" }) do
      assert.is_truthy(read("dist-lua/" .. name .. ".lua"):find("ccard/" .. name .. ".lua", 1, true))
    end
  end)

  it("run the bundle's source when there is no bytecode", function()
    assert.are.equal("source", dofile(scripts() .. "/settle.lua"))
  end)

  it("run the bytecode of their own build", function()
    local d = scripts()
    write(d .. "/ccard/settle." .. BUILD .. ".luac", bytecode("return 'bytecode'"))
    assert.are.equal("bytecode", dofile(d .. "/settle.lua"))
  end)

  it("ignore bytecode of another build, and bytecode this Lua cannot load", function()
    local d = scripts()
    write(d .. "/ccard/settle.000000000000.luac", bytecode("return 'stale'"))
    assert.are.equal("source", dofile(d .. "/settle.lua"))
    local dump = bytecode("return 'other Lua'")
    write(d .. "/ccard/settle." .. BUILD .. ".luac", dump:sub(1, 4) .. string.char(dump:byte(5) + 1) .. dump:sub(6))
    assert.are.equal("source", dofile(d .. "/settle.lua"))
    write(d .. "/ccard/settle." .. BUILD .. ".luac", "return 'text is not bytecode'")
    assert.are.equal("source", dofile(d .. "/settle.lua"))
  end)

  it("say what is missing when the ccard folder was not installed", function()
    local d = tmpdir()
    write(d .. "/settle.lua", LOADER)
    local ok, err = pcall(dofile, d .. "/settle.lua")
    assert.is_false(ok)
    assert.matches("ccard: .*ccard/settle.lua.*install the ccard folder next to settle.lua", err)
  end)
end)

local unpack_list = table.unpack or unpack -- luacheck: ignore 113 (Lua 5.2's unpack)

describe("ccard/compile.lua", function()
  local api = scripts_dir.compile_api

  local function installed()
    local d = scripts()
    write(d .. "/ccard/compile.lua", read("dist-lua/ccard/compile.lua"))
    return d
  end

  it("dumps a bundle as hex bytecode of this Lua, which the loader then runs", function()
    local d = installed()
    local answer = api(d, "dump", "settle")
    local version, hex = answer:match("^%+OK (Lua 5%.%d) (%x+)\n$")
    assert.are.equal(_VERSION, version)
    local bytes = scripts_dir.unhex(hex)
    assert.are.equal("\27Lua", bytes:sub(1, 4))
    -- Without debug information (Lua 5.2's string.dump keeps it: compile.lua strips it itself).
    local with_debug = string.dump(assert(loadfile(d .. "/ccard/settle.lua")))
    assert.is_true(#bytes < #with_debug)
    assert.are.same({}, debug.getinfo(assert(load(bytes, "=settle", "b")), "L").activelines)
    write(d .. "/ccard/settle." .. BUILD .. ".luac", bytes)
    assert.are.equal("+OK " .. _VERSION .. "\n", api(d, "try", "settle." .. BUILD .. ".luac"))
    write(d .. "/ccard/settle.lua", "error('the source must not run')")
    assert.are.equal("source", (dofile(d .. "/settle.lua")))
  end)

  it("answers -ERR for a bundle that does not compile, bad bytecode and bad arguments", function()
    local d = installed()
    write(d .. "/ccard/settle.lua", "return (")
    assert.matches("^%-ERR .*settle.lua", api(d, "dump", "settle"))
    write(d .. "/ccard/settle.abc.luac", "not bytecode")
    assert.matches("^%-ERR ", api(d, "try", "settle.abc.luac"))
    for _, args in ipairs({ {}, { "dump" }, { "dump", "../etc" }, { "try", "../x.luac" }, { "rm", "settle" } }) do
      assert.matches("^%-ERR usage", api(d, unpack_list(args)))
    end
  end)
end)

describe("a call on precompiled scripts", function()
  local seed = require("support.seed")
  local calls = require("support.calls")

  -- Installs the real scripts in a scripts folder, compiles them with ccard/compile.lua as
  -- `ccard fs compile` does, then breaks their sources: only the bytecode can run the call.
  local function compiled_scripts()
    local d = scripts_dir.install(nil, true)
    for _, name in ipairs(scripts_dir.ENTRIES) do
      write(d .. "/ccard/" .. name .. ".lua", "error('the source of " .. name .. " ran')")
    end
    return d
  end

  it("runs and settles a card call from the bytecode alone", function()
    local db = seed.fresh()
    seed.card(db, { pin = "123456789012", balance = 5000000 })
    local w = calls.card_call(db, {
      script_dir = compiled_scripts(),
      dtmf = { "123456789012", "00441612345678", "2" },
      bridges = { { result = "answer", talk_ms = 61000, gateway = "gw1" } },
    })
    assert.are.equal(1, w.hooks_run)
    assert.are.equal(1, #seed.sql(db, "SELECT * FROM cdrs"))
    assert.are.equal(5000000 - 200000, seed.account(db, 1).balance_micros) -- 61 s in 60 s blocks at 0.10
  end)
end)

-- mod_lua loads a whole bundle into a fresh Lua state on every call, so what an entry never uses
-- costs every call (docs/benchmarks.md, "Call capacity"): the prompt catalogue and speech stay out
-- of the scripts that play no numbers, rating and settlement out of the answer mark.
describe("bundles", function()
  local function modules(name)
    local found = {}
    for m in read("dist-lua/ccard/" .. name .. ".lua"):gmatch('\npreload%["([%w_.]+)"%]') do found[m] = true end
    return found
  end

  it("carry the prompt catalogue in none of the entries, and speech only in the card calls", function()
    for _, name in ipairs(scripts_dir.ENTRIES) do
      local m = modules(name)
      assert.is_truthy(m["ivr.entry." .. name], name)
      assert.is_nil(m["domain.prompts"], name)
      assert.are.equal(name == "callingcard", m["domain.speech"] == true, name)
    end
    assert.is_truthy(modules("retail")["domain.prompt_paths"])
  end)

  it("carry of TypeScriptToLua's lualib only what their modules use, and none of its error classes", function()
    for _, name in ipairs(scripts_dir.ENTRIES) do
      local text = read("dist-lua/ccard/" .. name .. ".lua")
      assert.is_nil(text:find("____lualib.Error", 1, true), name)
      assert.is_nil(text:find("Error = Error", 1, true), name)
    end
    -- The answer mark builds no arrays from varargs, the card calls do.
    assert.is_nil(read("dist-lua/ccard/answered.lua"):find("__TS__SparseArraySpread", 1, true))
    assert.is_truthy(read("dist-lua/ccard/callingcard.lua"):find("__TS__SparseArraySpread", 1, true))
  end)

  it("keep rating and settlement out of the answer mark", function()
    local m = modules("answered")
    for _, heavy in ipairs({ "domain.settlement", "domain.tariff", "domain.rate_sql", "ivr.store.rates", "domain.band_text" }) do
      assert.is_nil(m[heavy], heavy)
    end
  end)
end)
