local ____exports = {}
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local isDigits = ____intmath.isDigits
local ____dialstring = require("ivr.dialstring")
local isSafeToken = ____dialstring.isSafeToken
local ____settle = require("ivr.store.settle")
local settle = ____settle.settle
--- Longest billmsec accepted: 48 h (anything longer is a malformed event).
local MAX_BILLMSEC_DIGITS = 9
function ____exports.runSettleHook(deps, uuid, header)
    if uuid == nil or #uuid < 32 or #uuid > 64 or not isSafeToken(uuid) then
        deps.log:error("settle.lua needs the call UUID as its argument")
        return false
    end
    local raw = header("variable_billmsec")
    local answeredMs = raw ~= nil and isDigits(raw) and #raw <= MAX_BILLMSEC_DIGITS and digitsValue(raw) or 0
    local causeRaw = header("variable_hangup_cause") or header("Hangup-Cause") or ""
    local cause = isSafeToken(causeRaw) and causeRaw or ""
    local disposition = answeredMs > 0 and "ANSWER" or cause
    local r = settle(
        deps.sql,
        deps.sqlite,
        deps.clock:nowSeconds(),
        {uuid = uuid, answeredMs = answeredMs, cause = cause, disposition = disposition}
    )
    if not r.ok then
        deps.log:warning((("settle " .. uuid) .. ": ") .. r.code)
        return false
    end
    if not r.value.alreadySettled then
        deps.log:info(((("settled " .. uuid) .. ": ") .. tostring(raw)) .. " ms")
    end
    return true
end
return ____exports
