local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
--- The window the caps count over.
____exports.CAP_WINDOW_SECONDS = 86400
function ____exports.hasCaps(caps)
    return caps.calls > 0 or caps.moneyMicros > 0
end
--- SQL: the account's CDRs in the window, `what` of them (COUNT(*) or a SUM).
local function inWindow(what, accountId, nowSeconds, answeredOnly)
    return "(SELECT " .. what .. " FROM cdrs c WHERE c.account_id = " .. accountId .. " AND c.started_at > " .. sqlInt(nowSeconds - ____exports.CAP_WINDOW_SECONDS) .. (answeredOnly and " AND c.answered_ms > 0" or "") .. ")"
end
--- What the caps leave an account at `nowSeconds`: undefined when one is reached (no call may
-- start), else the money they still allow (undefined: no money cap). One read.
function ____exports.capRoom(sql, accountId, caps, nowSeconds)
    local id = sqlInt(accountId)
    local r = first(sql:rows("SELECT " .. inWindow("COUNT(*)", id, nowSeconds, true) .. " AS calls, " .. inWindow("COALESCE(SUM(c.cost_micros), 0)", id, nowSeconds, false) .. " AS spent, (SELECT COUNT(*) FROM holds h WHERE h.account_id = " .. id .. ") AS live, a.held_micros FROM accounts a WHERE a.id = " .. id))
    if r == nil then
        return {}
    end
    if caps.calls > 0 and int(r, "calls") + int(r, "live") >= caps.calls then
        return nil
    end
    if caps.moneyMicros == 0 then
        return {}
    end
    local room = caps.moneyMicros - int(r, "spent") - int(r, "held_micros")
    return room > 0 and ({moneyMicros = room}) or nil
end
--- The caps as conditions of placeHold's UPDATE of the account row (`amount` the money it
-- reserves): "" without caps.
function ____exports.capGuards(accountId, caps, nowSeconds, amount)
    local id = sqlInt(accountId)
    local sql = ""
    if caps.calls > 0 then
        sql = sql .. " AND " .. inWindow("COUNT(*)", id, nowSeconds, true) .. " + (SELECT COUNT(*) FROM holds h WHERE h.account_id = " .. id .. ") < " .. sqlInt(caps.calls)
    end
    if caps.moneyMicros > 0 then
        sql = sql .. " AND " .. inWindow("COALESCE(SUM(c.cost_micros), 0)", id, nowSeconds, false) .. " + held_micros + " .. sqlInt(amount) .. " <= " .. sqlInt(caps.moneyMicros)
    end
    return sql
end
return ____exports
