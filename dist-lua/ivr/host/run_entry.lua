local ____lualib = require("lualib_bundle")
local __TS__InstanceOf = ____lualib.__TS__InstanceOf
local ____exports = {}
local ____ports = require("ivr.ports")
local StoreFailure = ____ports.StoreFailure
local raisedText = ____ports.raisedText
local ____dbh_sql = require("ivr.host.dbh_sql")
local dbhSql = ____dbh_sql.dbhSql
local ____fs_api = require("ivr.host.fs_api")
local fsApi = ____fs_api.fsApi
local ____log = require("ivr.host.log")
local fsLog = ____log.fsLog
local osClock = ____log.osClock
local ____session_call = require("ivr.host.session_call")
local sessionCall = ____session_call.sessionCall
local ____spool_files = require("ivr.host.spool_files")
local spoolFiles = ____spool_files.spoolFiles
local ____settings = require("ivr.settings")
local readSettings = ____settings.readSettings
local function raised(e)
    return {
        error = e,
        stack = debug.traceback(nil, 2)
    }
end
--- Runs a call flow with the host's adapters. voiceFor builds the flow's prompts: each entry
-- passes its own, so a bundle carries speech only when its flow speaks numbers.
function ____exports.runCallEntry(tag, voiceFor, flow)
    local log = fsLog(tag)
    if session == nil then
        log:error(tag .. ".lua must run from the dialplan (lua " .. tag .. ".lua), with a channel")
        return
    end
    local s = session
    local call = sessionCall(s)
    local settings = readSettings(
        function(n) return call:variable(n) end,
        function(n) return freeswitch.getGlobalVariable(n) end,
        function(m) return log:warning(m) end
    )
    local sql = dbhSql(settings.dsn)
    local deps = {
        call = call,
        sql = sql,
        spool = spoolFiles(settings.spoolDir, log),
        api = fsApi(),
        clock = osClock(),
        log = log,
        settings = settings,
        voiceFor = function(____, language) return voiceFor(settings.soundsDir, language) end
    }
    local ok, thrown = xpcall(
        function() return flow(deps) end,
        raised
    )
    pcall(function() return sql:release() end)
    if ok then
        return
    end
    local failure = thrown
    local unavailable = __TS__InstanceOf(failure.error, StoreFailure)
    log:error((unavailable and "database failure: " or "internal error: ") .. raisedText(failure.error) .. "\n" .. failure.stack)
    if s:ready() then
        pcall(function() return call:play(deps:voiceFor("en"):say({"service_unavailable"})) end)
        call:hangup(unavailable and "SERVICE_UNAVAILABLE" or "NORMAL_TEMPORARY_FAILURE")
    end
end
return ____exports
