local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local ____exports = {}
--- Letters, digits and _ . - only, 1 to 64 of them.
function ____exports.isPlainToken(s)
    if #s == 0 or #s > 64 then
        return false
    end
    do
        local i = 0
        while i < #s do
            local c = __TS__StringCharCodeAt(s, i)
            local ok = c >= 48 and c <= 57 or c >= 65 and c <= 90 or c >= 97 and c <= 122 or c == 95 or c == 46 or c == 45
            if not ok then
                return false
            end
            i = i + 1
        end
    end
    return true
end
--- A call UUID as the switch makes them (create_uuid): 32 to 64 plain characters.
function ____exports.isCallUuid(uuid)
    return uuid ~= nil and #uuid >= 32 and ____exports.isPlainToken(uuid)
end
return ____exports
