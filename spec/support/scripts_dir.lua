-- A FreeSWITCH scripts folder for the specs and the benchmarks: the entry loaders and bundles of
-- dist-lua installed as the README installs them, optionally with their bytecode made by
-- ccard/compile.lua run in this Lua, as `ccard fs compile` has FreeSWITCH run it.
local M = {}

M.ENTRIES = { "answered", "callingcard", "retail", "settle" }

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

function M.write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

--- A new empty folder with a ccard/ subfolder (or `dir` made so); returns its path.
function M.folder(dir)
  if not dir then
    dir = os.tmpname()
    os.remove(dir)
  end
  assert(os.execute("mkdir -p '" .. dir .. "/ccard'"))
  return dir
end

--- Runs DIR/ccard/compile.lua as FreeSWITCH's `lua` API does (argv set, answer on stream); returns the answer.
function M.compile_api(dir, ...)
  local out, saved = {}, { stream = _G.stream, argv = _G.argv }
  _G.stream = { write = function(_, s) out[#out + 1] = s end }
  _G.argv = { [0] = "ccard/compile.lua", ... }
  local ok, err = pcall(dofile, dir .. "/ccard/compile.lua")
  _G.stream, _G.argv = saved.stream, saved.argv
  if not ok then error(err, 0) end
  return table.concat(out)
end

--- The bytes of a hex string.
function M.unhex(hex)
  return (hex:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end))
end

--- The build a loader's text runs (12 hex digits).
function M.build_of(loader, name)
  return assert(loader:match(name .. "%.([0-9a-f]+)%.luac"), name .. ".lua is not a ccard loader")
end

--- Installs every entry's loader and bundle, and ccard/compile.lua, in `dir` (default: a new
--- temporary folder); with `compiled`, also each bundle's bytecode as `ccard fs compile` saves
--- it. Returns the folder.
function M.install(dir, compiled)
  dir = M.folder(dir)
  M.write(dir .. "/ccard/compile.lua", M.read("dist-lua/ccard/compile.lua"))
  for _, name in ipairs(M.ENTRIES) do
    local loader = M.read("dist-lua/" .. name .. ".lua")
    M.write(dir .. "/" .. name .. ".lua", loader)
    M.write(dir .. "/ccard/" .. name .. ".lua", M.read("dist-lua/ccard/" .. name .. ".lua"))
    if compiled then
      local answer = M.compile_api(dir, "dump", name)
      local hex = assert(answer:match("^%+OK Lua 5%.%d (%x+)\n$"), "compile.lua answered: " .. answer:sub(1, 80))
      M.write(dir .. "/ccard/" .. name .. "." .. M.build_of(loader, name) .. ".luac", M.unhex(hex))
    end
  end
  return dir
end

return M
