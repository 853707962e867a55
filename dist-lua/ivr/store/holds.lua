local ____exports = {}
local ____result = require("domain.result")
local fail = ____result.fail
local ok = ____result.ok
local ____settlement = require("domain.settlement")
local estimatedEvidence = ____settlement.estimatedEvidence
local heldCallOf = ____settlement.heldCallOf
local heldCallSql = ____settlement.heldCallSql
local planRelease = ____settlement.planRelease
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____tariff = require("domain.tariff")
local callCost = ____tariff.callCost
local maxTalkSeconds = ____tariff.maxTalkSeconds
local ____cutoff = require("ivr.cutoff")
local cutoffSeconds = ____cutoff.cutoffSeconds
local ____settle = require("ivr.store.settle")
local settleHeld = ____settle.settleHeld
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local reader = ____rows.reader
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local lockAccount = ____tx.lockAccount
local withTransaction = ____tx.withTransaction
local write = ____tx.write
--- Ends a hold past its expiry, inside a transaction that locked its account: a call whose
-- callee answered (the mark answered.lua wrote) is billed from the answer and the grant, as
-- an estimated CDR; any other is released.
function ____exports.reapHeld(sql, call, nowSeconds)
    local evidence = estimatedEvidence(call, nowSeconds)
    if evidence.estimated then
        settleHeld(sql, nowSeconds, call, evidence)
        return "estimated"
    end
    for ____, w in ipairs(planRelease(call, nowSeconds)) do
        write(sql, w)
    end
    return "released"
end
--- Reaps the account's expired holds; call inside a transaction that locked the account. Returns how many.
local function reapExpired(sql, accountId, nowSeconds)
    local expired = sql:rows((("SELECT uuid FROM holds WHERE account_id = " .. sqlInt(accountId)) .. " AND expires_at <= ") .. sqlInt(nowSeconds))
    for ____, e in ipairs(expired) do
        local h = first(sql:rows(heldCallSql(text(e, "uuid"))))
        if h ~= nil then
            ____exports.reapHeld(
                sql,
                heldCallOf(reader(h)),
                nowSeconds
            )
        end
    end
    return #expired
end
--- Settles what the account's earlier calls left behind, before the money available is read:
-- each hold with spooled hook evidence is settled from it, each hold past its expiry is reaped.
-- One read when there is nothing to do; otherwise one short transaction. Returns how many holds
-- it ended.
function ____exports.settleLeftovers(sql, spool, accountId, nowSeconds)
    local spooled = {}
    local expired = 0
    for ____, h in ipairs(sql:rows("SELECT uuid, expires_at FROM holds WHERE account_id = " .. sqlInt(accountId))) do
        local hook = spool:read(text(h, "uuid"))
        if hook ~= nil then
            spooled[#spooled + 1] = hook
        elseif int(h, "expires_at") <= nowSeconds then
            expired = expired + 1
        end
    end
    if #spooled == 0 and expired == 0 then
        return 0
    end
    local ended = withTransaction(
        sql,
        function()
            lockAccount(sql, accountId)
            local n = 0
            for ____, hook in ipairs(spooled) do
                do
                    local h = first(sql:rows(heldCallSql(hook.uuid)))
                    if h == nil then
                        goto __continue17
                    end
                    settleHeld(
                        sql,
                        nowSeconds,
                        heldCallOf(reader(h)),
                        hook.evidence
                    )
                    n = n + 1
                end
                ::__continue17::
            end
            return {value = n + reapExpired(sql, accountId, nowSeconds)}
        end
    )
    for ____, hook in ipairs(spooled) do
        spool:remove(hook.uuid)
    end
    return ended
end
--- Places the hold for one call attempt.
function ____exports.placeHold(sql, nowSeconds, req)
    return withTransaction(
        sql,
        function()
            local id = sqlInt(req.accountId)
            lockAccount(sql, req.accountId)
            local function read()
                local row = first(sql:rows(((((("SELECT a.balance_micros, a.held_micros, a.state, " .. "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, ") .. "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= ") .. sqlInt(nowSeconds)) .. ") AS stale ") .. "FROM accounts a WHERE a.id = ") .. id))
                if row == nil then
                    return nil
                end
                return {
                    balanceMicros = int(row, "balance_micros"),
                    heldMicros = int(row, "held_micros"),
                    state = text(row, "state"),
                    live = int(row, "live"),
                    stale = int(row, "stale")
                }
            end
            local account = read()
            if account ~= nil and account.stale > 0 then
                reapExpired(sql, req.accountId, nowSeconds)
                account = read()
            end
            if account == nil then
                return {value = fail("ACCOUNT_NOT_FOUND")}
            end
            if account.state ~= "active" then
                return {value = fail("ACCOUNT_NOT_ACTIVE")}
            end
            if account.live >= req.maxConcurrentCalls then
                return {value = fail("TOO_MANY_CALLS")}
            end
            local granted = maxTalkSeconds(req.rate, account.balanceMicros - account.heldMicros, req.capSeconds)
            local cutoff = cutoffSeconds(granted)
            if cutoff <= req.rate.graceSeconds then
                return {value = fail("INSUFFICIENT_CREDIT")}
            end
            local amount = callCost(req.rate, granted * 1000)
            local changed = sql:exec((((("UPDATE accounts SET held_micros = held_micros + " .. sqlInt(amount)) .. " WHERE id = ") .. id) .. " AND state = 'active' AND balance_micros - held_micros >= ") .. sqlInt(amount))
            if changed ~= 1 then
                return {
                    value = fail("INSUFFICIENT_CREDIT"),
                    rollback = true
                }
            end
            local r = req.rate
            write(
                sql,
                {
                    sql = ((("INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " .. "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, ") .. "grace_seconds, minimum_cost_micros, gateway, created_at, expires_at) VALUES (") .. table.concat(
                        {
                            sqlText(req.uuid),
                            id,
                            req.cardId == nil and "NULL" or sqlInt(req.cardId),
                            sqlInt(req.productId),
                            sqlInt(amount),
                            sqlInt(granted),
                            sqlText(req.ani),
                            sqlText(req.dnis),
                            sqlText(req.destination),
                            sqlText(req.prefix),
                            sqlInt(req.rateTableId),
                            sqlInt(r.ratePerMinuteMicros),
                            sqlInt(r.connectFeeMicros),
                            sqlInt(r.disconnectFeeMicros),
                            sqlInt(r.initialSeconds),
                            sqlInt(r.incrementSeconds),
                            sqlInt(r.graceSeconds),
                            sqlInt(r.minimumCostMicros),
                            sqlText(req.gateway),
                            sqlInt(nowSeconds),
                            sqlInt(nowSeconds + granted + req.expiryMarginSeconds)
                        },
                        ", "
                    )) .. ")",
                    rows = 1
                }
            )
            return {value = ok({grantedSeconds = granted, cutoffSeconds = cutoff, amountMicros = amount, balanceMicros = account.balanceMicros})}
        end
    )
end
return ____exports
