local ____lualib = require("lualib_bundle")
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local isExactInt = ____intmath.isExactInt
--- A quoted SQL string literal. Refuses NUL and anything over 4,096 characters (caller bug).
function ____exports.sqlText(value)
    if #value > 4096 then
        error(
            __TS__New(Error, "sqlText: value too long"),
            0
        )
    end
    if (string.find(value, "\0", nil, true) or 0) - 1 >= 0 then
        error(
            __TS__New(Error, "sqlText: NUL in value"),
            0
        )
    end
    return ("'" .. ((string.find(value, "'", nil, true) or 0) - 1 < 0 and value or table.concat(
        __TS__StringSplit(value, "'"),
        "''"
    ))) .. "'"
end
--- An integer literal (exact, no exponent, no ".0").
function ____exports.sqlInt(value)
    if not isExactInt(value) then
        error(
            __TS__New(Error, "sqlInt: not an exact integer"),
            0
        )
    end
    return intStr(value)
end
return ____exports
