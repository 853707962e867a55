local ____exports = {}
local ____result = require("domain.result")
local fail = ____result.fail
local ok = ____result.ok
local ____settlement = require("domain.settlement")
local billedMs = ____settlement.billedMs
local callStartedAt = ____settlement.callStartedAt
local heldCallOf = ____settlement.heldCallOf
local heldCallSql = ____settlement.heldCallSql
local planSettlement = ____settlement.planSettlement
local vendorPrice = ____settlement.vendorPrice
local ____sql = require("domain.sql")
local sqlText = ____sql.sqlText
local ____rates = require("ivr.store.rates")
local lookupRateRow = ____rates.lookupRateRow
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local optInt = ____rows.optInt
local reader = ____rows.reader
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local runPlan = ____tx.runPlan
--- The settled CDR of a UUID, if any (read-only).
function ____exports.findSettlement(sql, uuid)
    local c = first(sql:rows("SELECT c.account_id, c.answered_ms, c.cost_micros, c.vendor_cost_micros, c.rate_per_minute_micros, c.balance_before_micros, c.balance_after_micros, c.gateway, c.estimated, r.name AS rate_table, v.name AS cost_table FROM cdrs c LEFT JOIN rate_tables r ON r.id = c.rate_table_id LEFT JOIN rate_tables v ON v.id = c.cost_table_id WHERE c.uuid = " .. sqlText(uuid)))
    if c == nil then
        return nil
    end
    return {
        uuid = uuid,
        accountId = int(c, "account_id"),
        answeredMs = int(c, "answered_ms"),
        costMicros = int(c, "cost_micros"),
        vendorCostMicros = int(c, "vendor_cost_micros"),
        ratePerMinuteMicros = int(c, "rate_per_minute_micros"),
        balanceBeforeMicros = int(c, "balance_before_micros"),
        balanceAfterMicros = int(c, "balance_after_micros"),
        gateway = text(c, "gateway"),
        rateTable = text(c, "rate_table"),
        costTable = text(c, "cost_table"),
        estimated = int(c, "estimated") == 1
    }
end
--- A hold as settlement reads it (outside any transaction: its fields do not change).
function ____exports.heldCall(sql, uuid)
    local h = first(sql:rows(heldCallSql(uuid)))
    local ____temp_0
    if h == nil then
        ____temp_0 = nil
    else
        ____temp_0 = heldCallOf(reader(h))
    end
    return ____temp_0
end
--- What the vendor charges for the billed time: the gateway's cost table (its deck in force when
-- the call started), priced with the same tariff function.
local function vendorCost(sql, call, billed)
    if call.costTableId == nil or billed == 0 then
        return 0
    end
    local r = lookupRateRow(
        sql,
        call.costTableId,
        call.destination,
        callStartedAt(call),
        call.costMaxPrefixDigits,
        "tariff"
    )
    return r == nil and 0 or vendorPrice(
        reader(r),
        call.costPlan,
        callStartedAt(call),
        billed
    )
end
--- Settles a hold read with heldCall; false when another settlement ended it first.
function ____exports.settleHeld(sql, nowSeconds, call, evidence)
    local plan = planSettlement(
        call,
        evidence,
        vendorCost(
            sql,
            call,
            billedMs(call.grantedSeconds, evidence.answeredMs)
        ),
        nowSeconds
    )
    if not runPlan(sql, call.accountId, plan.writes) then
        return nil
    end
    return {costMicros = plan.costMicros, billedMs = plan.billedMs, alreadySettled = false}
end
--- Settles a call from the callee leg's evidence. Failure codes: UNKNOWN_CALL (no hold and no CDR for this UUID).
function ____exports.settle(sql, nowSeconds, uuid, evidence)
    local call = ____exports.heldCall(sql, uuid)
    local ____temp_1
    if call == nil then
        ____temp_1 = nil
    else
        ____temp_1 = ____exports.settleHeld(sql, nowSeconds, call, evidence)
    end
    local settled = ____temp_1
    if settled ~= nil then
        return ok(settled)
    end
    local done = first(sql:rows("SELECT cost_micros, billed_ms, answered_ms FROM cdrs WHERE uuid = " .. sqlText(uuid)))
    if done == nil then
        return fail("UNKNOWN_CALL")
    end
    return ok({
        costMicros = int(done, "cost_micros"),
        billedMs = optInt(done, "billed_ms") or int(done, "answered_ms"),
        alreadySettled = true
    })
end
return ____exports
