-- ccard/compile.lua: run by `ccard fs compile` through FreeSWITCH's `lua` API, so the ccard
-- bundles are compiled by the very Lua that mod_lua runs them with. Answers on the API stream:
--   lua ccard/compile.lua dump NAME   → "+OK <_VERSION> <bytecode of ccard/NAME.lua in hex>"
--   lua ccard/compile.lua try FILE    → "+OK <_VERSION>" when ccard/FILE loads as bytecode here
-- and "-ERR <reason>" otherwise. It writes no file: the CLI saves the bytecode it is sent.
-- The bytecode carries no debug information (Lua 5.3's string.dump strips it when asked; Lua
-- 5.2's cannot, so strip52 below drops it), which halves what every call has to load.
local dir = (debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local function answer(text) stream:write(text .. "\n") end

-- A Lua 5.2 binary chunk without its debug sections (source name, line numbers, local and
-- upvalue names), as `luac -s` writes it. The format (ldump.c): an 18-byte header giving the
-- byte order and the sizes of int, size_t, Instruction and lua_Number; then each function as
-- line defined, last line (ints), parameters, vararg, stack size (bytes), code, constants
-- followed by the nested functions, upvalues (two bytes each), and the debug sections.
local function strip52(s)
  local little, int_size, size_t_size, instr_size, num_size = s:byte(7) == 1, s:byte(8), s:byte(9), s:byte(10), s:byte(11)
  local pos, out = 19, { s:sub(1, 18) }
  local function uint(n)
    local v = 0
    for i = 1, n do v = v * 256 + s:byte(little and pos + n - i or pos + i - 1) end
    pos = pos + n
    return v
  end
  local function skip(n) pos = pos + n end -- n is read (and pos moved past it) first
  local function skip_string() skip(uint(size_t_size)) end
  local function copy_from(start) out[#out + 1] = s:sub(start, pos - 1) end
  local no_debug = string.rep("\0", size_t_size + 3 * int_size) -- no source, no lines, locals or upvalue names
  local function proto()
    local start = pos
    pos = pos + 2 * int_size + 3
    skip(uint(int_size) * instr_size)
    for _ = 1, uint(int_size) do
      local t = s:byte(pos)
      pos = pos + 1
      if t == 1 then pos = pos + 1
      elseif t == 3 then pos = pos + num_size
      elseif t == 4 then skip_string()
      elseif t ~= 0 then error("constant of type " .. tostring(t)) end
    end
    local nested = uint(int_size)
    copy_from(start)
    for _ = 1, nested do proto() end
    start = pos
    skip(2 * uint(int_size))
    copy_from(start)
    skip_string()
    skip(uint(int_size) * int_size)
    for _ = 1, uint(int_size) do skip_string(); pos = pos + 2 * int_size end
    for _ = 1, uint(int_size) do skip_string() end
    out[#out + 1] = no_debug
  end
  proto()
  if pos ~= #s + 1 then error("unexpected bytes at the end") end
  return table.concat(out)
end

-- The chunk's bytecode without debug information; unstripped if stripping fails to load.
local function bytecode(chunk)
  local full = string.dump(chunk, true)
  if _VERSION ~= "Lua 5.2" then return full end
  local ok, stripped = pcall(strip52, full)
  if ok and load(stripped, "=stripped", "b") then return stripped end
  return full
end

local what, name = argv[1], argv[2]
if what == "dump" and type(name) == "string" and name:match("^[a-z]+$") then
  local chunk, err = loadfile(dir .. name .. ".lua", "t")
  if not chunk then
    answer("-ERR " .. tostring(err))
  else
    local hex = bytecode(chunk):gsub(".", function(c) return string.format("%02x", c:byte()) end)
    answer("+OK " .. _VERSION .. " " .. hex)
  end
elseif what == "try" and type(name) == "string" and name:match("^[a-z]+%.[0-9a-f]+%.luac$") then
  local chunk, err = loadfile(dir .. name, "b")
  answer(chunk and ("+OK " .. _VERSION) or ("-ERR " .. tostring(err)))
else
  answer("-ERR usage: lua ccard/compile.lua dump NAME | try NAME.BUILD.luac")
end
