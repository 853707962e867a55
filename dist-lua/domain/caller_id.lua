local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local ____intmath = require("domain.intmath")
local isDigits = ____intmath.isDigits
--- Longest number accepted from the network (E.164 is 15; dial plans may add a prefix).
____exports.MAX_NETWORK_DIGITS = 20
--- The digits of a presented number (without "+"), or undefined when it is not a plain number.
function ____exports.sanitizeNetworkNumber(raw)
    if raw == nil then
        return nil
    end
    local body = __TS__StringStartsWith(raw, "+") and __TS__StringSubstring(raw, 1) or raw
    if #body == 0 or #body > ____exports.MAX_NETWORK_DIGITS or not isDigits(body) then
        return nil
    end
    return body
end
return ____exports
