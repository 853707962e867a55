local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local ____exports = {}
local function trimEnd(s)
    local ____end = #s
    while ____end > 0 do
        local c = __TS__StringCharCodeAt(s, ____end - 1)
        if c ~= 10 and c ~= 13 and c ~= 32 then
            break
        end
        ____end = ____end - 1
    end
    return __TS__StringSubstring(s, 0, ____end)
end
function ____exports.fsApi()
    local api = freeswitch.API()
    return {execute = function(____, command, args)
        local reply = trimEnd(api:executeString(args == "" and command or command .. " " .. args))
        if __TS__StringStartsWith(reply, "-ERR") or __TS__StringStartsWith(reply, "-err") or __TS__StringStartsWith(reply, "-USAGE") then
            return {ok = false, error = reply}
        end
        return {ok = true, body = reply}
    end}
end
return ____exports
