local ____lualib = require("lualib_bundle")
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local ____tokens = require("domain.tokens")
local isPlainToken = ____tokens.isPlainToken
--- Longest billmsec accepted: 9 digits (over 48 h is a malformed event).
____exports.MAX_BILLMSEC_DIGITS = 9
--- The file a call's evidence is spooled in, inside the spool folder.
function ____exports.spoolFileName(uuid)
    return uuid .. ".hook"
end
function ____exports.spoolText(hook)
    return ((((((("uuid=" .. hook.uuid) .. "\nbillmsec=") .. intStr(hook.evidence.answeredMs)) .. "\ncause=") .. hook.evidence.cause) .. "\nat=") .. intStr(hook.atSeconds)) .. "\n"
end
--- The evidence of a spool file's text, or undefined when it is not one ccard wrote.
function ____exports.parseSpool(text)
    local fields = {}
    for ____, line in ipairs(__TS__StringSplit(text, "\n")) do
        do
            if line == "" then
                goto __continue5
            end
            local eq = (string.find(line, "=", nil, true) or 0) - 1
            if eq <= 0 then
                return nil
            end
            fields[__TS__StringSubstring(line, 0, eq)] = __TS__StringSubstring(line, eq + 1)
        end
        ::__continue5::
    end
    local uuid = fields.uuid
    local ms = fields.billmsec
    local cause = fields.cause
    local at = fields.at
    if uuid == nil or not isPlainToken(uuid) then
        return nil
    end
    if ms == nil or not isDigits(ms) or #ms > ____exports.MAX_BILLMSEC_DIGITS then
        return nil
    end
    if cause == nil or cause ~= "" and not isPlainToken(cause) then
        return nil
    end
    if at == nil or not isDigits(at) or #at > 12 then
        return nil
    end
    local answeredMs = digitsValue(ms)
    return {
        uuid = uuid,
        evidence = {answeredMs = answeredMs, cause = cause, disposition = answeredMs > 0 and "ANSWER" or cause, estimated = false},
        atSeconds = digitsValue(at)
    }
end
return ____exports
