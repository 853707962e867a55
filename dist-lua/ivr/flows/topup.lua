local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local ____vouchers = require("ivr.store.vouchers")
local redeemVoucher = ____vouchers.redeemVoucher
local voucherByPin = ____vouchers.voucherByPin
local ____authenticate = require("ivr.flows.authenticate")
local countPinFailure = ____authenticate.countPinFailure
local REFUSAL_PROMPT = {VOUCHER_USED = "voucher_used", VOUCHER_EXPIRED = "voucher_expired", VOUCHER_BLOCKED = "voucher_blocked", VOUCHER_CURRENCY = "voucher_currency"}
--- Voucher PINs are card PINs: 4 to 18 digits.
local MIN_PIN = 4
local MAX_PIN = 18
--- One redemption attempt; "DONE" (back to the destination prompt), or why the call ends.
function ____exports.topUp(deps, voice, product, who, ani, dnis)
    local pin = deps.call:readDigits({
        minDigits = MIN_PIN,
        maxDigits = MAX_PIN,
        tries = 1,
        timeoutMs = deps.settings.pinTimeoutMs,
        prompt = voice:say({"enter_voucher"}),
        badPrompt = voice:say({"voucher_invalid"}),
        terminators = "#"
    })
    if pin == nil then
        return "HUNG_UP"
    end
    if pin == "" then
        return "DONE"
    end
    local ____isDigits_result_0
    if isDigits(pin) then
        ____isDigits_result_0 = voucherByPin(deps.sql, pin)
    else
        ____isDigits_result_0 = nil
    end
    local voucher = ____isDigits_result_0
    if voucher == nil then
        local failed = countPinFailure(
            deps,
            voice,
            product,
            ani,
            dnis,
            "VOUCHER",
            "voucher_invalid"
        )
        return failed == "TRY_AGAIN" and "DONE" or failed
    end
    local r = redeemVoucher(
        deps.sql,
        voucher,
        who.account,
        deps.clock:nowSeconds()
    )
    if not r.ok then
        deps.log:info("VOUCHER_REFUSED " .. r.code .. " voucher=" .. voucher.card.serial .. " card=" .. who.card.serial)
        return deps.call:play(voice:say({REFUSAL_PROMPT[r.code]})) and "DONE" or "HUNG_UP"
    end
    deps.log:info("VOUCHER_REDEEMED voucher=" .. voucher.card.serial .. " card=" .. who.card.serial .. " micros=" .. intStr(r.value.amountMicros))
    who.account.balanceMicros = r.value.balanceAfterMicros
    return deps.call:play({table.unpack(voice:say({"voucher_added"}))}) and "DONE" or "HUNG_UP"
end
return ____exports
