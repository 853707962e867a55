local ____exports = {}
--- Letters, digits and _ . - only, 1 to 64 of them.
function ____exports.isPlainName(s)
    if #s > 64 then
        return false
    end
    local at = string.find(s, "^[0-9A-Za-z_.-]+$")
    return at ~= nil
end
--- A call UUID as the switch makes them (create_uuid): 32 to 64 plain characters.
function ____exports.isCallUuid(uuid)
    return uuid ~= nil and #uuid >= 32 and ____exports.isPlainName(uuid)
end
return ____exports
