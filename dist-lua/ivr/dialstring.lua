local ____lualib = require("lualib_bundle")
local __TS__ObjectEntries = ____lualib.__TS__ObjectEntries
local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local ____bug = require("domain.bug")
local bug = ____bug.bug
____exports.WARNING_LEAD_SECONDS = 60
--- Characters allowed in a gateway name or dial prefix (from the operator's database).
function ____exports.isSafeToken(s)
    if #s == 0 or #s > 64 then
        return false
    end
    local at = string.find(s, "^[0-9A-Za-z_.%-]+$")
    return at ~= nil
end
--- Lua pattern of the characters that could break out of a dial-string value: bytes 0–31 , ' { } [ ] ^.
local UNSAFE_IN_VALUE = "[" .. string.char(0) .. "-" .. string.char(31) .. ",'{}%[%]%^]"
--- A value that cannot break out of {…} or '…' in a dial string: no control character, , ' { } [ ] ^.
function ____exports.isSafeValue(s)
    local at = string.find(s, UNSAFE_IN_VALUE)
    return at == nil
end
function ____exports.buildDialString(d)
    if not ____exports.isSafeToken(d.gateway) then
        bug("bad gateway name")
    end
    if d.dialPrefix ~= "" and not ____exports.isSafeToken(d.dialPrefix) then
        bug("bad dial prefix")
    end
    if not ____exports.isSafeValue(d.warningFile) or not ____exports.isSafeValue(d.uuid) then
        bug("bad dial string value")
    end
    if d.cutoffSeconds < 1 then
        bug("cut-off must be at least 1 s")
    end
    local vars = {
        "origination_uuid=" .. d.uuid,
        "originate_timeout=" .. intStr(d.ringTimeoutSeconds),
        d.earlyMedia == "pass" and "bridge_early_media=true" or "ignore_early_media=true",
        "api_on_answer='luarun answered.lua " .. d.uuid .. "'",
        "api_reporting_hook='lua settle.lua " .. d.uuid .. "'",
        "execute_on_answer='sched_hangup +" .. intStr(d.cutoffSeconds) .. " ALLOTTED_TIMEOUT'"
    }
    if d.cutoffSeconds > ____exports.WARNING_LEAD_SECONDS then
        vars[#vars + 1] = "execute_on_answer_2='sched_broadcast +" .. intStr(d.cutoffSeconds - ____exports.WARNING_LEAD_SECONDS) .. " playback::" .. d.warningFile .. " bleg'"
    end
    for ____, ____value in ipairs(__TS__ObjectEntries(d.tags)) do
        local k = ____value[1]
        local v = ____value[2]
        if not ____exports.isSafeToken(k) or not ____exports.isSafeValue(v) then
            bug("bad tag")
        end
        vars[#vars + 1] = k .. "=" .. v
    end
    return "{" .. table.concat(vars, ",") .. "}sofia/gateway/" .. d.gateway .. "/" .. d.dialPrefix .. d.e164
end
return ____exports
