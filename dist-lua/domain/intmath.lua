local ____lualib = require("lualib_bundle")
local __TS__NumberToFixed = ____lualib.__TS__NumberToFixed
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local ____exports = {}
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- 2^53 - 1: the largest integer a double holds exactly.
____exports.MAX_EXACT_INT = 9007199254740991
--- True when n is a whole number within ±(2^53 - 1).
function ____exports.isExactInt(n)
    return n == math.floor(n) and n <= ____exports.MAX_EXACT_INT and n >= -____exports.MAX_EXACT_INT
end
--- floor(a / b) for integers, b > 0. The float quotient can be one off near 2^53,
-- so the result is corrected with exact multiplications.
function ____exports.floorDiv(a, b)
    local q = math.floor(a / b)
    while q * b > a do
        q = q - 1
    end
    while (q + 1) * b <= a do
        q = q + 1
    end
    return q
end
--- ceil(a / b) for integers, b > 0.
function ____exports.ceilDiv(a, b)
    return -____exports.floorDiv(-a, b)
end
--- Decimal text of an integer, without exponent or ".0" on any runtime (Lua 5.2 prints
-- 1e14 as "1e+14" and Lua 5.3 prints 5.0 as "5.0"). Every integer that becomes text goes
-- through here. toFixed(0) is exact below 2^53 in JavaScript and is string.format("%.0f")
-- in Lua; zero is spelled out because C prints -0 as "-0".
function ____exports.intStr(n)
    if not ____exports.isExactInt(n) then
        bug("intStr: not an exact integer")
    end
    if n == 0 then
        return "0"
    end
    return __TS__NumberToFixed(n, 0)
end
--- Left-pads the decimal text of a non-negative integer with zeros to width.
function ____exports.zeroPad(n, width)
    local s = ____exports.intStr(n)
    while #s < width do
        s = "0" .. s
    end
    return s
end
--- True when every character of s is an ASCII digit (and s is not empty).
function ____exports.isDigits(s)
    if #s == 0 then
        return false
    end
    do
        local i = 0
        while i < #s do
            local c = __TS__StringCharCodeAt(s, i)
            if c < 48 or c > 57 then
                return false
            end
            i = i + 1
        end
    end
    return true
end
--- The integer value of an all-digit string (caller checks isDigits and length ≤ 15).
function ____exports.digitsValue(s)
    local v = 0
    do
        local i = 0
        while i < #s do
            v = v * 10 + (__TS__StringCharCodeAt(s, i) - 48)
            i = i + 1
        end
    end
    return v
end
return ____exports
