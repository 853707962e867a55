local ____exports = {}
local ____result = require("domain.result")
local fail = ____result.fail
local ok = ____result.ok
local ____settlement = require("domain.settlement")
local estimatedEvidence = ____settlement.estimatedEvidence
local planRelease = ____settlement.planRelease
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____call_price = require("domain.call_price")
local grantFor = ____call_price.grantFor
local ____cutoff = require("ivr.cutoff")
local cutoffSeconds = ____cutoff.cutoffSeconds
local ____settle = require("ivr.store.settle")
local heldCall = ____settle.heldCall
local settleHeld = ____settle.settleHeld
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local runPlan = ____tx.runPlan
local ____caps = require("ivr.store.caps")
local capGuards = ____caps.capGuards
local capRoom = ____caps.capRoom
local hasCaps = ____caps.hasCaps
local ____accounts = require("ivr.store.accounts")
local holdCountColumns = ____accounts.holdCountColumns
local holdCounts = ____accounts.holdCounts
--- The money a new call on the account may be granted against: balance − held, and no more than
-- the product's money cap leaves; CAP_REACHED when a cap allows no call at all. `capped`: the
-- cap, not the balance, is what limits it.
function ____exports.spendable(sql, account, caps, nowSeconds)
    local available = account.balanceMicros - account.heldMicros
    if not hasCaps(caps) then
        return ok({micros = available, capped = false})
    end
    local room = capRoom(sql, account.id, caps, nowSeconds)
    if room == nil then
        return fail("CAP_REACHED")
    end
    if room.moneyMicros ~= nil and room.moneyMicros < available then
        return ok({micros = room.moneyMicros, capped = true})
    end
    return ok({micros = available, capped = false})
end
--- Ends a hold past its expiry, each in a short transaction of its own: a call whose callee
-- answered (the mark answered.lua wrote) is billed from the answer and the grant, as an
-- estimated CDR; any other is released. undefined when another settlement ended it first.
local function reapHeld(sql, call, nowSeconds)
    local evidence = estimatedEvidence(call, nowSeconds)
    if evidence.estimated then
        local ____temp_0
        if settleHeld(sql, nowSeconds, call, evidence) == nil then
            ____temp_0 = nil
        else
            ____temp_0 = "estimated"
        end
        return ____temp_0
    end
    return runPlan(
        sql,
        call.accountId,
        planRelease(call, nowSeconds)
    ) and "released" or nil
end
--- Settles what the account's earlier calls left behind, before the money available is read:
-- each hold with spooled hook evidence is settled from it, each hold past its expiry is reaped.
-- One read when there is nothing to do (callers skip it for an account that holds no money:
-- a zero-amount hold left behind is reaped by placeHold or `ccard holds reap`). Returns how many
-- holds it ended.
function ____exports.settleLeftovers(sql, spool, accountId, nowSeconds)
    local ended = 0
    for ____, h in ipairs(sql:rows("SELECT uuid, expires_at FROM holds WHERE account_id = " .. sqlInt(accountId))) do
        do
            local uuid = text(h, "uuid")
            local hook = spool:read(uuid)
            if hook == nil and int(h, "expires_at") > nowSeconds then
                goto __continue9
            end
            local call = heldCall(sql, uuid)
            if call == nil then
                goto __continue9
            end
            local ____temp_1
            if hook ~= nil then
                ____temp_1 = settleHeld(sql, nowSeconds, call, hook.evidence) ~= nil
            else
                ____temp_1 = reapHeld(sql, call, nowSeconds) ~= nil
            end
            local done = ____temp_1
            if done then
                ended = ended + 1
            end
            if hook ~= nil then
                spool:remove(uuid)
            end
        end
        ::__continue9::
    end
    return ended
end
local function accountState(sql, accountId, nowSeconds)
    local row = first(sql:rows("SELECT a.balance_micros, a.held_micros, a.state, " .. holdCountColumns(nowSeconds) .. " FROM accounts a WHERE a.id = " .. sqlInt(accountId)))
    if row == nil then
        return nil
    end
    local holds = holdCounts(row)
    return {
        balanceMicros = int(row, "balance_micros"),
        heldMicros = int(row, "held_micros"),
        state = text(row, "state"),
        live = holds.live,
        stale = holds.stale
    }
end
--- Reaps the account's expired holds (each in its own transaction).
local function reapExpired(sql, accountId, nowSeconds)
    for ____, e in ipairs(sql:rows("SELECT uuid FROM holds WHERE account_id = " .. sqlInt(accountId) .. " AND expires_at <= " .. sqlInt(nowSeconds))) do
        local call = heldCall(
            sql,
            text(e, "uuid")
        )
        if call ~= nil then
            reapHeld(sql, call, nowSeconds)
        end
    end
end
--- Reads before the write and races after it: a refused write is tried again on what it met, this many times.
local HOLD_TRIES = 3
--- Places the hold for one call attempt. The account is read, the grant priced, and only then
-- the write transaction taken: one conditional UPDATE (still active, the money still there,
-- fewer live holds than the product allows, all checked in the statement itself) and the hold's
-- INSERT. A concurrent call that changed the account makes the UPDATE change nothing; it is then
-- read again and priced again. req.account, when given, stands in for the first read.
function ____exports.placeHold(sql, nowSeconds, req)
    local id = sqlInt(req.accountId)
    local known = req.account
    local tries = known == nil and HOLD_TRIES or HOLD_TRIES + 1
    do
        local attempt = 1
        while attempt <= tries do
            local account = known or accountState(sql, req.accountId, nowSeconds)
            known = nil
            if account ~= nil and account.stale > 0 then
                reapExpired(sql, req.accountId, nowSeconds)
                account = accountState(sql, req.accountId, nowSeconds)
            end
            if account == nil then
                return fail("ACCOUNT_NOT_FOUND")
            end
            if account.state ~= "active" then
                return fail("ACCOUNT_NOT_ACTIVE")
            end
            if account.live >= req.maxConcurrentCalls then
                return fail("TOO_MANY_CALLS")
            end
            local money = ____exports.spendable(sql, {id = req.accountId, balanceMicros = account.balanceMicros, heldMicros = account.heldMicros}, req.caps, nowSeconds)
            if not money.ok then
                return fail(money.code)
            end
            local grant = grantFor(
                req.price,
                money.value.micros,
                req.capSeconds,
                nowSeconds,
                req.ringSeconds
            )
            local granted = grant.grantedSeconds
            local cutoff = cutoffSeconds(granted)
            local r = req.price.rate
            if cutoff <= r.graceSeconds then
                return fail(money.value.capped and "CAP_REACHED" or "INSUFFICIENT_CREDIT")
            end
            local amount = grant.amountMicros
            local placed = runPlan(
                sql,
                req.accountId,
                {
                    {
                        sql = "UPDATE accounts SET held_micros = held_micros + " .. sqlInt(amount) .. " WHERE id = " .. id .. " AND state = 'active' AND balance_micros - held_micros >= " .. sqlInt(amount) .. " AND (SELECT COUNT(*) FROM holds WHERE account_id = " .. id .. ") < " .. sqlInt(req.maxConcurrentCalls) .. capGuards(req.accountId, req.caps, nowSeconds, amount),
                        rows = 1
                    },
                    {
                        sql = "INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, bands, band_changes, gateway, created_at, expires_at) VALUES (" .. table.concat(
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
                                sqlText(grant.bandPrices),
                                sqlText(grant.bandChanges),
                                sqlText(req.gateway),
                                sqlInt(nowSeconds),
                                sqlInt(nowSeconds + granted + req.expiryMarginSeconds)
                            },
                            ", "
                        ) .. ")",
                        rows = 1
                    }
                }
            )
            if placed then
                return ok({grantedSeconds = granted, cutoffSeconds = cutoff, amountMicros = amount, balanceMicros = account.balanceMicros})
            end
            attempt = attempt + 1
        end
    end
    return fail("INSUFFICIENT_CREDIT")
end
return ____exports
