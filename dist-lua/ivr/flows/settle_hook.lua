local ____exports = {}
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local ____spool = require("domain.spool")
local MAX_BILLMSEC_DIGITS = ____spool.MAX_BILLMSEC_DIGITS
local spoolFileName = ____spool.spoolFileName
local ____tokens = require("ivr.tokens")
local isCallUuid = ____tokens.isCallUuid
local isPlainName = ____tokens.isPlainName
local ____ports = require("ivr.ports")
local raisedText = ____ports.raisedText
local ____settle = require("ivr.store.settle")
local settle = ____settle.settle
--- What the callee leg's event says of the call.
local function hookEvidence(header)
    local raw = header("variable_billmsec")
    local answeredMs = raw ~= nil and isDigits(raw) and #raw <= MAX_BILLMSEC_DIGITS and digitsValue(raw) or 0
    local causeRaw = header("variable_hangup_cause") or header("Hangup-Cause") or ""
    local cause = isPlainName(causeRaw) and causeRaw or ""
    return {answeredMs = answeredMs, cause = cause, disposition = answeredMs > 0 and "ANSWER" or cause, estimated = false}
end
--- Returns true when the call is settled (now or before).
function ____exports.runSettleHook(deps, uuid, header)
    if not isCallUuid(uuid) then
        deps.log:error("settle.lua needs the call UUID as its argument")
        return false
    end
    local evidence = hookEvidence(header)
    local now = deps.clock:nowSeconds()
    local ran, result = pcall(function() return settle(deps.sql, now, uuid, evidence) end)
    if ran then
        if not result.ok then
            deps.log:warning("settle " .. uuid .. ": " .. result.code)
            return false
        end
        if not result.value.alreadySettled then
            deps.log:info("settled " .. uuid .. ": " .. intStr(evidence.answeredMs) .. " ms")
        end
        return true
    end
    local facts = "billmsec=" .. intStr(evidence.answeredMs) .. " cause=" .. evidence.cause
    local spooled = deps.spool:save({uuid = uuid, evidence = evidence, atSeconds = now})
    deps.log:error("settle " .. uuid .. " failed (" .. raisedText(result) .. "); " .. facts .. (spooled and ": spooled as " .. spoolFileName(uuid) .. ", settled by the next call on the account or 'ccard holds reap'" or ": NOT spooled, settle it by hand from these figures"))
    return false
end
return ____exports
