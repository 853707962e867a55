local ____exports = {}
local ____numbers = require("domain.numbers")
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____tariff = require("domain.tariff")
local callCost = ____tariff.callCost
local ____sql = require("domain.sql")
local MAX_PREFIX_DIGITS_OF_T = ____sql.MAX_PREFIX_DIGITS_OF_T
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
--- Ledger reasons of call charges.
____exports.CALL_REASON = "call"
____exports.ESTIMATED_CALL_REASON = "call_estimated"
--- The hold of a UUID, its account's balance and its gateway's cost table, in one read.
function ____exports.heldCallSql(uuid)
    return (((("SELECT h.*, a.balance_micros, g.cost_table_id, " .. "(SELECT ") .. MAX_PREFIX_DIGITS_OF_T) .. " FROM rate_tables t WHERE t.id = g.cost_table_id) AS cost_max_prefix_digits ") .. "FROM holds h JOIN accounts a ON a.id = h.account_id LEFT JOIN gateways g ON g.name = h.gateway WHERE h.uuid = ") .. sqlText(uuid)
end
--- The rate a holds (or cdrs) row recorded.
function ____exports.rateOf(r)
    return {
        ratePerMinuteMicros = r:int("rate_per_minute_micros"),
        connectFeeMicros = r:int("connect_fee_micros"),
        disconnectFeeMicros = r:int("disconnect_fee_micros"),
        initialSeconds = r:int("initial_seconds"),
        incrementSeconds = r:int("increment_seconds"),
        graceSeconds = r:int("grace_seconds"),
        minimumCostMicros = r:int("minimum_cost_micros")
    }
end
function ____exports.heldCallOf(r)
    return {
        uuid = r:text("uuid"),
        accountId = r:int("account_id"),
        cardId = r:optInt("card_id"),
        productId = r:int("product_id"),
        ani = r:text("ani"),
        dnis = r:text("dnis"),
        destination = r:text("destination"),
        prefix = r:text("prefix"),
        rateTableId = r:int("rate_table_id"),
        gateway = r:text("gateway"),
        rate = ____exports.rateOf(r),
        amountMicros = r:int("amount_micros"),
        grantedSeconds = r:int("granted_seconds"),
        createdAt = r:int("created_at"),
        answeredAt = r:optInt("answered_at"),
        balanceMicros = r:int("balance_micros"),
        costTableId = r:optInt("cost_table_id"),
        costMaxPrefixDigits = r:optInt("cost_max_prefix_digits") or MAX_PREFIX_DIGITS
    }
end
--- The answered time a call is charged for: what the callee reported, at most the grant.
function ____exports.billedMs(grantedSeconds, answeredMs)
    local cap = grantedSeconds * 1000
    return answeredMs < cap and answeredMs or cap
end
--- The best evidence for an answered call whose callee leg never reported (the switch died, or
-- its hook failed and left nothing to retry): the time since the answer mark, at most the
-- grant, so never more than the hold. Without an answer mark the call was not answered.
function ____exports.estimatedEvidence(call, nowSeconds)
    if call.answeredAt == nil then
        return {answeredMs = 0, cause = "", disposition = "NOT_ANSWERED", estimated = false}
    end
    local sinceAnswer = nowSeconds > call.answeredAt and (nowSeconds - call.answeredAt) * 1000 or 0
    return {
        answeredMs = ____exports.billedMs(call.grantedSeconds, sinceAnswer),
        cause = "",
        disposition = "ESTIMATED",
        estimated = true
    }
end
local function optSql(n)
    return n == nil and "NULL" or sqlInt(n)
end
--- The writes that settle `call` on `evidence`: debit the cost and release the hold (guarded so
-- the account must still hold it), one CDR, one ledger row for an answered call, the hold row
-- deleted. Every answered call gets its ledger row, a free one too (amount 0), so each answered
-- CDR has exactly one. vendorCostMicros: what the gateway's cost table charges for the same answered time.
function ____exports.planSettlement(call, evidence, vendorCostMicros, nowSeconds)
    local billed = ____exports.billedMs(call.grantedSeconds, evidence.answeredMs)
    local cost = callCost(call.rate, billed)
    local after = call.balanceMicros - cost
    local r = call.rate
    local writes = {
        {
            sql = (((((("UPDATE accounts SET balance_micros = balance_micros - " .. sqlInt(cost)) .. ", held_micros = held_micros - ") .. sqlInt(call.amountMicros)) .. " WHERE id = ") .. sqlInt(call.accountId)) .. " AND held_micros >= ") .. sqlInt(call.amountMicros),
            rows = 1
        },
        {
            sql = (((("INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, cost_table_id, gateway, " .. "rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, ") .. "minimum_cost_micros, granted_seconds, hold_micros, answered_at, answered_ms, billed_ms, estimated, cost_micros, vendor_cost_micros, ") .. "balance_before_micros, balance_after_micros, hangup_cause, disposition, started_at, settled_at) VALUES (") .. table.concat(
                {
                    sqlText(call.uuid),
                    sqlInt(call.accountId),
                    optSql(call.cardId),
                    sqlInt(call.productId),
                    sqlText(call.ani),
                    sqlText(call.dnis),
                    sqlText(call.destination),
                    sqlText(call.prefix),
                    sqlInt(call.rateTableId),
                    optSql(call.costTableId),
                    sqlText(call.gateway),
                    sqlInt(r.ratePerMinuteMicros),
                    sqlInt(r.connectFeeMicros),
                    sqlInt(r.disconnectFeeMicros),
                    sqlInt(r.initialSeconds),
                    sqlInt(r.incrementSeconds),
                    sqlInt(r.graceSeconds),
                    sqlInt(r.minimumCostMicros),
                    sqlInt(call.grantedSeconds),
                    sqlInt(call.amountMicros),
                    optSql(call.answeredAt),
                    sqlInt(evidence.answeredMs),
                    sqlInt(billed),
                    evidence.estimated and "1" or "0",
                    sqlInt(cost),
                    sqlInt(vendorCostMicros),
                    sqlInt(call.balanceMicros),
                    sqlInt(after),
                    sqlText(evidence.cause),
                    sqlText(evidence.disposition),
                    sqlInt(call.createdAt),
                    sqlInt(nowSeconds)
                },
                ", "
            )) .. ")",
            rows = 1
        }
    }
    if billed > 0 then
        writes[#writes + 1] = {
            sql = ("INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" .. table.concat(
                {
                    sqlInt(call.accountId),
                    sqlText(evidence.estimated and ____exports.ESTIMATED_CALL_REASON or ____exports.CALL_REASON),
                    sqlInt(-cost),
                    sqlInt(call.balanceMicros),
                    sqlInt(after),
                    sqlText(call.uuid),
                    sqlInt(nowSeconds)
                },
                ", "
            )) .. ")",
            rows = 1
        }
    end
    writes[#writes + 1] = {
        sql = "DELETE FROM holds WHERE uuid = " .. sqlText(call.uuid),
        rows = 1
    }
    return {billedMs = billed, costMicros = cost, balanceAfterMicros = after, writes = writes}
end
--- Ledger reason of a hold released without a call to bill (amount 0).
____exports.HOLD_REAPED_REASON = "hold_reaped"
--- The writes that release a hold whose call was never answered (its settlement never came and
-- there is no answer mark): the account holds that much less, a ledger note of amount 0, the
-- hold row deleted. The balance is never touched: money reserved is given back, never taken.
function ____exports.planRelease(call, nowSeconds)
    return {
        {
            sql = (((("UPDATE accounts SET held_micros = held_micros - " .. sqlInt(call.amountMicros)) .. " WHERE id = ") .. sqlInt(call.accountId)) .. " AND held_micros >= ") .. sqlInt(call.amountMicros),
            rows = 1
        },
        {
            sql = ("INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" .. table.concat(
                {
                    sqlInt(call.accountId),
                    sqlText(____exports.HOLD_REAPED_REASON),
                    "0",
                    sqlInt(call.balanceMicros),
                    sqlInt(call.balanceMicros),
                    sqlText(call.uuid),
                    sqlInt(nowSeconds)
                },
                ", "
            )) .. ")",
            rows = 1
        },
        {
            sql = "DELETE FROM holds WHERE uuid = " .. sqlText(call.uuid),
            rows = 1
        }
    }
end
return ____exports
