-- One caller process for the voucher race: redeems one voucher PIN onto one card's account
-- through the IVR's own store (dbhSql over the fake Dbh, redeemVoucher), as a call would.
-- usage: lua voucher_worker.lua DSN VOUCHER_PIN CARD_PIN
-- Prints REDEEMED micros | REFUSED code | ERROR text.
package.path = "dist-lua/?.lua;spec/?.lua;" .. package.path
local fake_dbh = require("support.fake_dbh")
freeswitch = { Dbh = function(dsn) return fake_dbh.open(dsn) end } -- luacheck: ignore 111

local db, voucher_pin, card_pin = arg[1], arg[2], arg[3]
assert(db and voucher_pin and card_pin, "usage: voucher_worker.lua DSN VOUCHER_PIN CARD_PIN")
local sql = require("ivr.host.dbh_sql").dbhSql(db)
local vouchers = require("ivr.store.vouchers")
local card = require("ivr.store.accounts").cardByPin(sql, card_pin)
local ok, err = pcall(function()
  local voucher = assert(vouchers.voucherByPin(sql, voucher_pin), "no voucher")
  local r = vouchers.redeemVoucher(sql, voucher, card.account, os.time())
  if r.ok then print("REDEEMED " .. string.format("%d", r.value.amountMicros)) else print("REFUSED " .. r.code) end
end)
if not ok then print("ERROR " .. (type(err) == "table" and tostring(err.message) or tostring(err))) end
sql.release()
