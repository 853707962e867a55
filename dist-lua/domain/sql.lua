local ____lualib = require("lualib_bundle")
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local isExactInt = ____intmath.isExactInt
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- A quoted SQL string literal. Refuses NUL and anything over 4,096 characters (caller bug).
function ____exports.sqlText(value)
    if #value > 4096 then
        bug("sqlText: value too long")
    end
    if (string.find(value, "\0", nil, true) or 0) - 1 >= 0 then
        bug("sqlText: NUL in value")
    end
    return "'" .. ((string.find(value, "'", nil, true) or 0) - 1 < 0 and value or table.concat(
        __TS__StringSplit(value, "'"),
        "''"
    )) .. "'"
end
--- An integer literal (exact, no exponent, no ".0").
function ____exports.sqlInt(value)
    if not isExactInt(value) then
        bug("sqlInt: not an exact integer")
    end
    return intStr(value)
end
return ____exports
