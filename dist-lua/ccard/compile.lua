-- ccard/compile.lua: run by `ccard fs compile` through FreeSWITCH's `lua` API, so the ccard
-- bundles are compiled by the very Lua that mod_lua runs them with. Answers on the API stream:
--   lua ccard/compile.lua dump NAME   → "+OK <_VERSION> <bytecode of ccard/NAME.lua in hex>"
--   lua ccard/compile.lua try FILE    → "+OK <_VERSION>" when ccard/FILE loads as bytecode here
-- and "-ERR <reason>" otherwise. It writes no file: the CLI saves the bytecode it is sent.
local dir = (debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") or "")
local function answer(text) stream:write(text .. "\n") end

local what, name = argv[1], argv[2]
if what == "dump" and type(name) == "string" and name:match("^[a-z]+$") then
  local chunk, err = loadfile(dir .. name .. ".lua", "t")
  if not chunk then
    answer("-ERR " .. tostring(err))
  else
    local hex = string.dump(chunk, true):gsub(".", function(c) return string.format("%02x", c:byte()) end)
    answer("+OK " .. _VERSION .. " " .. hex)
  end
elseif what == "try" and type(name) == "string" and name:match("^[a-z]+%.[0-9a-f]+%.luac$") then
  local chunk, err = loadfile(dir .. name, "b")
  answer(chunk and ("+OK " .. _VERSION) or ("-ERR " .. tostring(err)))
else
  answer("-ERR usage: lua ccard/compile.lua dump NAME | try NAME.BUILD.luac")
end
