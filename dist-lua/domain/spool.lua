local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
--- Longest billmsec accepted: 9 digits (over 48 h is a malformed event).
____exports.MAX_BILLMSEC_DIGITS = 9
--- The file a call's evidence is spooled in, inside the spool folder.
function ____exports.spoolFileName(uuid)
    return uuid .. ".hook"
end
--- Letters, digits and _ . - only, 1 to 64 of them: what a UUID and a cause name are written with.
local function isPlainToken(s)
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
function ____exports.spoolText(hook)
    return "uuid=" .. hook.uuid .. "\nbillmsec=" .. intStr(hook.evidence.answeredMs) .. "\ncause=" .. hook.evidence.cause .. "\nat=" .. intStr(hook.atSeconds) .. "\n"
end
--- The evidence of a spool file's text, or undefined when it is not one ccard wrote.
function ____exports.parseSpool(text)
    local fields = {}
    for ____, line in ipairs(__TS__StringSplit(text, "\n")) do
        do
            if line == "" then
                goto __continue10
            end
            local eq = (string.find(line, "=", nil, true) or 0) - 1
            if eq <= 0 then
                return nil
            end
            fields[__TS__StringSubstring(line, 0, eq)] = __TS__StringSubstring(line, eq + 1)
        end
        ::__continue10::
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
