-- Loads the shared JSON vectors in spec/fixtures (the same files node:test reads).
local json = require("dkjson")

local M = {}

function M.load(name)
  local path = "spec/fixtures/" .. name .. ".json"
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  local value, _, err = json.decode(text, 1, json.null)
  if err then error(path .. ": " .. err) end
  return value
end

return M
