local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local isDigits = ____intmath.isDigits
--- International dialling with "+", "00" or "011" only; nothing is assumed national.
____exports.DEFAULT_DIAL_RULES = {internationalPrefixes = {"00", "011"}, nationalPrefix = "", countryCode = "", nationalNumberLength = 0}
--- E.164 allows at most 15 digits; shorter than 7 is no reachable international number.
____exports.E164_MIN_DIGITS = 7
____exports.E164_MAX_DIGITS = 15
--- Longest raw input considered at all (anything longer is refused before any work).
local MAX_INPUT_CHARS = 32
function ____exports.normaliseNumber(raw, rules)
    if #raw == 0 then
        return fail("EMPTY_NUMBER")
    end
    if #raw > MAX_INPUT_CHARS then
        return fail("NUMBER_TOO_LONG")
    end
    local plus = false
    local body = raw
    if __TS__StringStartsWith(body, "+") then
        plus = true
        body = __TS__StringSubstring(body, 1)
    end
    if not isDigits(body) then
        return fail(#body == 0 and "EMPTY_NUMBER" or "INVALID_NUMBER")
    end
    local e164
    if plus then
        e164 = body
    else
        for ____, p in ipairs(rules.internationalPrefixes) do
            if #p > 0 and __TS__StringStartsWith(body, p) then
                e164 = __TS__StringSubstring(body, #p)
                break
            end
        end
        if e164 == nil and #rules.countryCode > 0 then
            local np = rules.nationalPrefix
            if #np > 0 and __TS__StringStartsWith(body, np) then
                e164 = rules.countryCode .. __TS__StringSubstring(body, #np)
            elseif rules.nationalNumberLength > 0 and #body == rules.nationalNumberLength then
                e164 = rules.countryCode .. body
            end
        end
        if e164 == nil then
            e164 = body
        end
    end
    if #e164 < ____exports.E164_MIN_DIGITS then
        return fail("NUMBER_TOO_SHORT")
    end
    if #e164 > ____exports.E164_MAX_DIGITS then
        return fail("NUMBER_TOO_LONG")
    end
    if __TS__StringStartsWith(e164, "0") then
        return fail("NO_COUNTRY_CODE")
    end
    return ok(e164)
end
--- Longest rate prefix the store accepts (and so the longest candidate a lookup needs).
____exports.MAX_PREFIX_DIGITS = 15
return ____exports
