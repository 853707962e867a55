local ____exports = {}
local ____bug = require("domain.bug")
local bug = ____bug.bug
function ____exports.int(row, column)
    local v = row[column]
    local ____temp_0
    if v == nil then
        ____temp_0 = nil
    else
        ____temp_0 = tonumber(v)
    end
    local n = ____temp_0
    if n == nil or n ~= math.floor(n) then
        bug("column " .. column .. " is not an integer")
    end
    return n
end
function ____exports.optInt(row, column)
    local ____temp_1
    if row[column] == nil then
        ____temp_1 = nil
    else
        ____temp_1 = ____exports.int(row, column)
    end
    return ____temp_1
end
function ____exports.text(row, column)
    return row[column] or ""
end
--- The only row of a result, or undefined.
function ____exports.first(rows)
    return #rows > 0 and rows[1] or nil
end
--- A row as domain code reads it (src/domain/settlement.ts).
function ____exports.reader(row)
    return {
        int = function(____, c) return ____exports.int(row, c) end,
        optInt = function(____, c) return ____exports.optInt(row, c) end,
        text = function(____, c) return ____exports.text(row, c) end
    }
end
return ____exports
