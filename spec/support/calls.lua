-- Helpers for IVR specs: place a call through an entry bundle on a seeded database.
local fake = require("support.fake_fs")
local seed = require("support.seed")

local M = {}

M.ANI = "15551230000"

--- Runs dist-lua/<bundle>.lua with sensible defaults; o as in fake_fs.new.
function M.run(bundle, db, o)
  o = o or {}
  o.db = db
  o.globals = o.globals or { ccard_dsn = seed.dsn(db), sounds_dir = "/snd", ccard_spool_dir = seed.spool_dir(db) }
  o.vars = o.vars or {}
  if o.vars.caller_id_number == nil and not o.no_ani then o.vars.caller_id_number = "+" .. M.ANI end
  if o.vars.destination_number == nil then o.vars.destination_number = seed.DNIS end
  if o.distributor == nil then o.distributor = { intl = { "gw1", "gw2" } } end
  return fake.run(bundle, o)
end

function M.card_call(db, o)
  return M.run("callingcard", db, o)
end

--- True when seq appears contiguously in list.
function M.contains(list, seq)
  for i = 1, #list - #seq + 1 do
    local all = true
    for j = 1, #seq do
      if list[i + j - 1] ~= seq[j] then
        all = false
        break
      end
    end
    if all then return true end
  end
  return false
end

function M.count(list, item)
  local n = 0
  for _, v in ipairs(list) do
    if v == item then n = n + 1 end
  end
  return n
end

return M
