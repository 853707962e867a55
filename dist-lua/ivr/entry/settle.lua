local ____exports = {}
local ____dbh_sql = require("ivr.host.dbh_sql")
local dbhSql = ____dbh_sql.dbhSql
local ____log = require("ivr.host.log")
local fsLog = ____log.fsLog
local osClock = ____log.osClock
local ____spool_files = require("ivr.host.spool_files")
local spoolFiles = ____spool_files.spoolFiles
local ____settle_hook = require("ivr.flows.settle_hook")
local runSettleHook = ____settle_hook.runSettleHook
local ____settings = require("ivr.settings")
local DEFAULT_DSN = ____settings.DEFAULT_DSN
local readSpoolDir = ____settings.readSpoolDir
local ____ports = require("ivr.ports")
local raisedText = ____ports.raisedText
function ____exports.main()
    local log = fsLog("settle")
    local event = env
    if event == nil then
        log:error("settle.lua runs as a reporting hook (lua API script with an event), not from the dialplan")
        return
    end
    local function global(name)
        return freeswitch.getGlobalVariable(name)
    end
    local sql = dbhSql(global("ccard_dsn") or DEFAULT_DSN)
    local spool = spoolFiles(
        readSpoolDir(
            global,
            function(m) return log:warning(m) end
        ),
        log
    )
    local ____temp_0
    if argv == nil then
        ____temp_0 = nil
    else
        ____temp_0 = argv[1]
    end
    local uuid = ____temp_0
    local ok, err = pcall(function() return runSettleHook(
        {
            sql = sql,
            spool = spool,
            clock = osClock(),
            log = log
        },
        uuid,
        function(h) return event:getHeader(h) end
    ) end)
    pcall(function() return sql:release() end)
    if not ok then
        log:error("settle " .. (uuid or "?") .. " failed: " .. raisedText(err))
    end
end
return ____exports
