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
--- A comma-separated list of quoted literals for an IN (…) clause; never empty.
function ____exports.sqlTextList(values)
    if #values == 0 then
        error(
            __TS__New(Error, "sqlTextList: empty list"),
            0
        )
    end
    local parts = {}
    for ____, v in ipairs(values) do
        parts[#parts + 1] = ____exports.sqlText(v)
    end
    return table.concat(parts, ", ")
end
--- Columns of a rate row as the IVR and the CLI read them.
____exports.RATE_COLUMNS = "r.prefix, r.destination, r.rate_per_minute_micros, r.connect_fee_micros, r.disconnect_fee_micros, " .. "r.initial_seconds, r.increment_seconds, r.grace_seconds, r.minimum_cost_micros, r.route"
--- The rate lookup: the longest of the number's prefixes present in the table's active deck,
-- one indexed probe per candidate on the (table_id, version, prefix) primary key — never a
-- LIKE scan. `prefixes` come from domain/numbers (digits only), all prefixes of one number, so
-- the longest match is also the greatest in text order: ORDER BY prefix DESC reads it straight
-- off the index, with no sort step.
function ____exports.rateLookupSql(tableId, prefixes)
    return (((((((("SELECT " .. ____exports.RATE_COLUMNS) .. " FROM rate_tables t JOIN rates r") .. " ON r.table_id = t.id AND r.version = t.active_version") .. " WHERE t.id = ") .. ____exports.sqlInt(tableId)) .. " AND r.prefix IN (") .. ____exports.sqlTextList(prefixes)) .. ")") .. " ORDER BY r.prefix DESC LIMIT 1"
end
return ____exports
