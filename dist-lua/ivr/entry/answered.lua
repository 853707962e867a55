local ____exports = {}
local ____dbh_sql = require("ivr.host.dbh_sql")
local dbhSql = ____dbh_sql.dbhSql
local ____log = require("ivr.host.log")
local fsLog = ____log.fsLog
local ____tokens = require("ivr.tokens")
local isCallUuid = ____tokens.isCallUuid
local ____answer_mark = require("ivr.store.answer_mark")
local markAnswered = ____answer_mark.markAnswered
local ____settings = require("ivr.settings")
local DEFAULT_DSN = ____settings.DEFAULT_DSN
local ____ports = require("ivr.ports")
local raisedText = ____ports.raisedText
function ____exports.main()
    local log = fsLog("answered")
    local ____temp_0
    if argv == nil then
        ____temp_0 = nil
    else
        ____temp_0 = argv[1]
    end
    local uuid = ____temp_0
    if not isCallUuid(uuid) then
        log:error("answered.lua needs the call UUID as its argument")
        return
    end
    local sql = dbhSql(freeswitch.getGlobalVariable("ccard_dsn") or DEFAULT_DSN)
    local ok, err = pcall(function() return markAnswered(
        sql,
        uuid,
        os.time()
    ) end)
    pcall(function() return sql:release() end)
    if not ok then
        log:error("marking " .. uuid .. " answered failed (reaping would release it unbilled if its hook also fails): " .. raisedText(err))
    end
end
return ____exports
