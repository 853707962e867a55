local ____lualib = require("lualib_bundle")
local __TS__SparseArrayNew = ____lualib.__TS__SparseArrayNew
local __TS__SparseArrayPush = ____lualib.__TS__SparseArrayPush
local __TS__SparseArraySpread = ____lualib.__TS__SparseArraySpread
local ____exports = {}
local ____numbers = require("domain.numbers")
local normaliseNumber = ____numbers.normaliseNumber
local ____rates = require("ivr.store.rates")
local findRate = ____rates.findRate
local isBlocked = ____rates.isBlocked
--- Asks for a destination until one is valid and rated, at most ccard_destination_tries times;
-- VOUCHER_KEY when the caller entered the product's voucher key instead.
function ____exports.readDestination(deps, voice, product, lead)
    local ____array_0 = __TS__SparseArrayNew(table.unpack(lead))
    __TS__SparseArrayPush(
        ____array_0,
        table.unpack(voice:say({"enter_destination"}))
    )
    local prompt = {__TS__SparseArraySpread(____array_0)}
    do
        local attempt = 1
        while attempt <= deps.settings.destinationTries do
            do
                local raw = deps.call:readDigits({
                    minDigits = 1,
                    maxDigits = 20,
                    tries = 1,
                    timeoutMs = deps.settings.digitTimeoutMs,
                    prompt = prompt,
                    badPrompt = voice:say({"invalid_number"}),
                    terminators = "#"
                })
                if raw == nil then
                    return {ok = false, code = "HUNG_UP"}
                end
                prompt = voice:say({"enter_destination"})
                if raw == "" then
                    goto __continue4
                end
                if product.voucherKey ~= "" and raw == product.voucherKey then
                    return {ok = false, code = "VOUCHER_KEY"}
                end
                local e164 = normaliseNumber(raw, product.dialRules)
                if not e164.ok then
                    if not deps.call:play(voice:say({"invalid_number"})) then
                        return {ok = false, code = "HUNG_UP"}
                    end
                    goto __continue4
                end
                if isBlocked(deps.sql, product, e164.value) then
                    deps.log:info("DESTINATION_BLOCKED: " .. e164.value .. " is blocked for product " .. product.name)
                    if not deps.call:play(voice:say({"destination_barred"})) then
                        return {ok = false, code = "HUNG_UP"}
                    end
                    goto __continue4
                end
                local rated = findRate(
                    deps.sql,
                    product.rateTableId,
                    e164.value,
                    deps.clock:nowSeconds(),
                    product.rateMaxPrefixDigits
                )
                if rated == nil then
                    deps.log:info("no rate for " .. e164.value .. " in table of product " .. product.name)
                    if not deps.call:play(voice:say({"destination_unavailable"})) then
                        return {ok = false, code = "HUNG_UP"}
                    end
                    goto __continue4
                end
                return {ok = true, e164 = e164.value, rated = rated}
            end
            ::__continue4::
            attempt = attempt + 1
        end
    end
    return {ok = false, code = "NO_VALID_DESTINATION"}
end
return ____exports
