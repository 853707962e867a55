local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____intmath = require("domain.intmath")
local isDigits = ____intmath.isDigits
--- playAndGetDigits plays one file: several become one file_string:// list.
local function oneFile(files)
    if #files == 0 then
        return "silence_stream://250"
    end
    if #files == 1 then
        return files[1]
    end
    return "file_string://" .. table.concat(files, "!")
end
local function nonEmpty(value)
    local ____temp_0
    if value == nil or value == "" then
        ____temp_0 = nil
    else
        ____temp_0 = value
    end
    return ____temp_0
end
--- A US ring tone (tone_stream syntax), for callers whose channel sets no ringback of its own.
local DEFAULT_RINGBACK = "%(2000,4000,440,480)"
--- The UUIDs in originated_legs: "UUID;name;number", or "ARRAY::e1|:e2" when originate created
-- several legs. Originate clears it when it starts and adds each leg it created.
local function originatedLegs(value)
    if value == nil then
        return {}
    end
    local list = __TS__StringStartsWith(value, "ARRAY::") and __TS__StringSplit(
        __TS__StringSubstring(value, 7),
        "|:"
    ) or ({value})
    local out = {}
    for ____, entry in ipairs(list) do
        local semi = (string.find(entry, ";", nil, true) or 0) - 1
        local uuid = semi >= 0 and __TS__StringSubstring(entry, 0, semi) or entry
        if uuid ~= "" then
            out[#out + 1] = uuid
        end
    end
    return out
end
function ____exports.sessionCall(s)
    return {
        answer = function()
            s:answer()
        end,
        ready = function() return s:ready() end,
        variable = function(____, name) return nonEmpty(s:getVariable(name)) end,
        setVariable = function(____, name, value) return s:setVariable(name, value) end,
        play = function(____, files)
            for ____, f in ipairs(files) do
                if not s:ready() then
                    return false
                end
                s:streamFile(f)
            end
            return s:ready()
        end,
        readDigits = function(____, o)
            if not s:ready() then
                return nil
            end
            s:flushDigits()
            local digits = s:playAndGetDigits(
                o.minDigits,
                o.maxDigits,
                o.tries,
                o.timeoutMs,
                o.terminators,
                oneFile(o.prompt),
                oneFile(o.badPrompt),
                "^\\d+$"
            )
            if not s:ready() then
                return nil
            end
            return isDigits(digits) and digits or ""
        end,
        bridge = function(____, dialString)
            s:setVariable("continue_on_fail", "true")
            s:setVariable("hangup_after_bridge", "false")
            if nonEmpty(s:getVariable("ringback")) == nil and nonEmpty(s:getVariable("transfer_ringback")) == nil then
                s:setVariable("ringback", DEFAULT_RINGBACK)
            end
            s:execute("bridge", dialString)
            local disposition = nonEmpty(s:getVariable("originate_disposition")) or ""
            local answered = disposition == "SUCCESS"
            local cause = answered and (nonEmpty(s:getVariable("bridge_hangup_cause")) or "NORMAL_CLEARING") or (disposition ~= "" and disposition or "NORMAL_TEMPORARY_FAILURE")
            return {
                disposition = disposition,
                answered = answered,
                cause = cause,
                callerUp = s:ready(),
                legs = originatedLegs(nonEmpty(s:getVariable("originated_legs")))
            }
        end,
        sleep = function(____, ms)
            s:sleep(ms)
        end,
        hangup = function(____, cause)
            if s:ready() then
                s:hangup(cause)
            end
        end
    }
end
return ____exports
