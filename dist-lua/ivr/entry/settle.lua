local ____exports = {}
local ____dbh_sql = require("ivr.host.dbh_sql")
local dbhSql = ____dbh_sql.dbhSql
local isSqliteDsn = ____dbh_sql.isSqliteDsn
local ____log = require("ivr.host.log")
local fsLog = ____log.fsLog
local osClock = ____log.osClock
local ____settle_hook = require("ivr.flows.settle_hook")
local runSettleHook = ____settle_hook.runSettleHook
local ____settings = require("ivr.settings")
local DEFAULT_DSN = ____settings.DEFAULT_DSN
function ____exports.main()
    local log = fsLog("settle")
    local event = env
    if event == nil then
        log:error("settle.lua runs as a reporting hook (lua API script with an event), not from the dialplan")
        return
    end
    local dsn = freeswitch.getGlobalVariable("ccard_dsn") or DEFAULT_DSN
    local sql = dbhSql(dsn)
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
            sqlite = isSqliteDsn(dsn),
            clock = osClock(),
            log = log
        },
        uuid,
        function(h) return event:getHeader(h) end
    ) end)
    pcall(function() return sql:release() end)
    if not ok then
        log:error((("settle " .. (uuid or "?")) .. " failed, the hold stays until settled or reaped: ") .. tostring(err))
    end
end
return ____exports
