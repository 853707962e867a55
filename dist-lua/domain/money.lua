local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local MAX_EXACT_INT = ____intmath.MAX_EXACT_INT
local digitsValue = ____intmath.digitsValue
local floorDiv = ____intmath.floorDiv
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local zeroPad = ____intmath.zeroPad
local ____bug = require("domain.bug")
local bug = ____bug.bug
____exports.MICROS_PER_UNIT = 1000000
--- Most integer digits accepted by parseMoney: 999,999,999.999999 units < 2^53 micro-units.
local MAX_UNIT_DIGITS = 9
function ____exports.parseMoney(text, options)
    if #text == 0 then
        return fail("EMPTY_AMOUNT")
    end
    local body = text
    local negative = false
    if __TS__StringStartsWith(body, "-") then
        negative = true
        body = __TS__StringSubstring(body, 1)
    elseif __TS__StringStartsWith(body, "+") then
        body = __TS__StringSubstring(body, 1)
    end
    local dot = (string.find(body, ".", nil, true) or 0) - 1
    local whole = dot >= 0 and __TS__StringSubstring(body, 0, dot) or body
    local frac = dot >= 0 and __TS__StringSubstring(body, dot + 1) or ""
    if #whole == 0 or not isDigits(whole) then
        return fail("INVALID_AMOUNT")
    end
    if dot >= 0 and not isDigits(frac) then
        return fail("INVALID_AMOUNT")
    end
    if #frac > 6 then
        return fail("TOO_MANY_DECIMALS")
    end
    local lead = 0
    while lead < #whole - 1 and __TS__StringCharCodeAt(whole, lead) == 48 do
        lead = lead + 1
    end
    local significant = __TS__StringSubstring(whole, lead)
    if #significant > MAX_UNIT_DIGITS then
        return fail("AMOUNT_TOO_LARGE")
    end
    local fracPadded = frac
    while #fracPadded < 6 do
        fracPadded = fracPadded .. "0"
    end
    local micros = digitsValue(significant) * ____exports.MICROS_PER_UNIT + digitsValue(fracPadded)
    if negative and micros ~= 0 and (options and options.allowNegative) ~= true then
        return fail("NEGATIVE_AMOUNT")
    end
    return ok(negative and micros ~= 0 and -micros or micros)
end
--- ISO 4217 minor units of the currencies that do not use 2.
local MINOR_UNITS = {
    JPY = 0,
    KRW = 0,
    CLP = 0,
    VND = 0,
    XAF = 0,
    XOF = 0,
    BHD = 3,
    KWD = 3,
    OMR = 3,
    JOD = 3,
    TND = 3
}
--- Decimal places shown for a currency (ISO 4217 minor units); 2 when unknown.
function ____exports.currencyDecimals(currency)
    local d = MINOR_UNITS[currency]
    return d == nil and 2 or d
end
--- Splits micro-units into units and minor units for display or speech (truncated toward zero).
function ____exports.splitMoney(micros, decimals)
    if decimals < 0 or decimals > 6 or math.floor(decimals) ~= decimals then
        bug("splitMoney: decimals must be an integer from 0 to 6")
    end
    if math.abs(micros) > MAX_EXACT_INT or math.floor(micros) ~= micros then
        bug("splitMoney: micros must be an exact integer")
    end
    local negative = micros < 0
    local abs = negative and -micros or micros
    local units = floorDiv(abs, ____exports.MICROS_PER_UNIT)
    local step = ____exports.MICROS_PER_UNIT
    do
        local i = 0
        while i < decimals do
            step = floorDiv(step, 10)
            i = i + 1
        end
    end
    local minor = floorDiv(abs - units * ____exports.MICROS_PER_UNIT, step)
    return {negative = negative, units = units, minor = minor, decimals = decimals}
end
--- "12.34" style text with the given decimals, truncated toward zero ("-0.50" keeps its sign).
function ____exports.formatMoney(micros, decimals)
    local p = ____exports.splitMoney(micros, decimals)
    local sign = p.negative and (p.units > 0 or p.minor > 0) and "-" or ""
    if decimals == 0 then
        return sign .. intStr(p.units)
    end
    return sign .. intStr(p.units) .. "." .. zeroPad(p.minor, decimals)
end
--- Exact six-decimal text of an amount ("0.012300"), for CSV exports and round trips.
function ____exports.formatMicros(micros)
    return ____exports.formatMoney(micros, 6)
end
return ____exports
