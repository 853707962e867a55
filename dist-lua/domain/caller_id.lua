local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local ____intmath = require("domain.intmath")
local isDigits = ____intmath.isDigits
--- Longest number accepted from the network (E.164 is 15; dial plans may add a prefix).
____exports.MAX_NETWORK_DIGITS = 20
--- A presented number, or undefined when it is not a plain number (digits, optional leading "+").
function ____exports.sanitizeNetworkNumber(raw)
    if raw == nil then
        return nil
    end
    local plus = __TS__StringStartsWith(raw, "+")
    local body = plus and __TS__StringSubstring(raw, 1) or raw
    if #body == 0 or #body > ____exports.MAX_NETWORK_DIGITS or not isDigits(body) then
        return nil
    end
    return {text = plus and "+" .. body or body, digits = body}
end
return ____exports
