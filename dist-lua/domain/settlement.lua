local ____exports = {}
local ____numbers = require("domain.numbers")
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____bands = require("domain.bands")
local storedPlan = ____bands.storedPlan
local storedPrices = ____bands.storedPrices
local ____call_price = require("domain.call_price")
local liveTimeline = ____call_price.liveTimeline
local recordedTimeline = ____call_price.recordedTimeline
local ____intmath = require("domain.intmath")
local ceilDiv = ____intmath.ceilDiv
local ____tariff = require("domain.tariff")
local billedByBand = ____tariff.billedByBand
local callCost = ____tariff.callCost
local formatBandSeconds = ____tariff.formatBandSeconds
local ____rate_sql = require("domain.rate_sql")
local MAX_PREFIX_DIGITS_OF_T = ____rate_sql.MAX_PREFIX_DIGITS_OF_T
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
--- The instant a call's vendor deck is read at: its answer when marked, else when its hold was placed.
function ____exports.callStartedAt(call)
    return call.answeredAt or call.createdAt
end
--- Ledger reasons of call charges, and of a hold released without a call to bill (amount 0).
____exports.CALL_REASON = "call"
____exports.ESTIMATED_CALL_REASON = "call_estimated"
____exports.HOLD_REAPED_REASON = "hold_reaped"
local RATE_COLUMNS = {
    "rate_per_minute_micros",
    "connect_fee_micros",
    "disconnect_fee_micros",
    "initial_seconds",
    "increment_seconds",
    "grace_seconds",
    "minimum_cost_micros"
}
--- The hold of a UUID and its gateway's cost table, in one read.
function ____exports.heldCallSql(uuid)
    return "SELECT h.uuid, h.account_id, h.destination, h.amount_micros, h.granted_seconds, h.created_at, h.answered_at, h." .. table.concat(RATE_COLUMNS, ", h.") .. ", h.bands, h.band_changes, g.cost_table_id, " .. MAX_PREFIX_DIGITS_OF_T .. " AS cost_max_prefix_digits, t.band_rules AS cost_band_rules, t.band_offsets AS cost_band_offsets FROM holds h LEFT JOIN gateways g ON g.name = h.gateway LEFT JOIN rate_tables t ON t.id = g.cost_table_id WHERE h.uuid = " .. sqlText(uuid)
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
        destination = r:text("destination"),
        rate = ____exports.rateOf(r),
        bandPrices = r:text("bands"),
        bandChanges = r:text("band_changes"),
        amountMicros = r:int("amount_micros"),
        grantedSeconds = r:int("granted_seconds"),
        createdAt = r:int("created_at"),
        answeredAt = r:optInt("answered_at"),
        costTableId = r:optInt("cost_table_id"),
        costMaxPrefixDigits = r:optInt("cost_max_prefix_digits") or MAX_PREFIX_DIGITS,
        costPlan = storedPlan(
            r:text("cost_band_rules"),
            r:text("cost_band_offsets")
        )
    }
end
--- The timeline a hold's call is priced on (undefined: unbanded).
function ____exports.heldTimeline(call)
    return recordedTimeline(
        call.rate,
        call.bandPrices,
        call.bandChanges,
        ____exports.callStartedAt(call)
    )
end
--- What a vendor's rate row (TARIFF_COLUMNS of its cost table's deck) charges for `billed` ms of
-- a call that started at `startedAt`, banded by the cost table's plan when it has one.
function ____exports.vendorPrice(row, plan, startedAt, billed)
    local rate = ____exports.rateOf(row)
    return callCost(
        rate,
        billed,
        liveTimeline(
            {
                rate = rate,
                plan = plan,
                prices = storedPrices(row:text("bands"))
            },
            startedAt,
            ceilDiv(billed, 1000)
        )
    )
end
--- The answered time a call is charged for: what the callee reported, at most the grant.
function ____exports.billedMs(grantedSeconds, answeredMs)
    local cap = grantedSeconds * 1000
    return answeredMs < cap and answeredMs or cap
end
--- The best evidence for an answered call whose callee leg never reported (the switch died, or
-- its hook failed and left nothing to retry): the time since the answer mark, at least a second
-- (it was answered) and at most the grant, so never more than the hold. Without an answer mark
-- the call was not answered.
function ____exports.estimatedEvidence(call, nowSeconds)
    if call.answeredAt == nil then
        return {answeredMs = 0, cause = "", disposition = "NOT_ANSWERED", estimated = false}
    end
    local sinceAnswer = nowSeconds > call.answeredAt and (nowSeconds - call.answeredAt) * 1000 or 0
    return {
        answeredMs = ____exports.billedMs(call.grantedSeconds, sinceAnswer > 1000 and sinceAnswer or 1000),
        cause = "",
        disposition = "ESTIMATED",
        estimated = true
    }
end
local function optSql(n)
    return n == nil and "NULL" or sqlInt(n)
end
--- A ledger row for the account, its balance read (after the change) by the INSERT itself.
local function ledgerWrite(accountId, reason, amountMicros, ref, nowSeconds)
    return {
        sql = "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) SELECT a.id, " .. table.concat(
            {
                sqlText(reason),
                sqlInt(amountMicros),
                "a.balance_micros - " .. sqlInt(amountMicros),
                "a.balance_micros",
                sqlText(ref),
                sqlInt(nowSeconds)
            },
            ", "
        ) .. " FROM accounts a WHERE a.id = " .. sqlInt(accountId),
        rows = 1
    }
end
--- The writes that settle `call` on `evidence`: debit the cost and release the hold (the guard),
-- one CDR built from the hold row itself, one ledger row for an answered call (a free one too,
-- amount 0, so each answered CDR has exactly one), the hold row deleted. vendorCostMicros: what
-- the gateway's cost table charges for the same billed time.
function ____exports.planSettlement(call, evidence, vendorCostMicros, nowSeconds)
    local billed = ____exports.billedMs(call.grantedSeconds, evidence.answeredMs)
    local timeline = ____exports.heldTimeline(call)
    local cost = callCost(call.rate, billed, timeline)
    local bandsBilled = timeline == nil and "NULL" or sqlText(formatBandSeconds(billedByBand(call.rate, billed, timeline)))
    local uuid = sqlText(call.uuid)
    local writes = {
        {
            sql = "UPDATE accounts SET balance_micros = balance_micros - " .. sqlInt(cost) .. ", held_micros = held_micros - " .. sqlInt(call.amountMicros) .. " WHERE id = " .. sqlInt(call.accountId) .. " AND held_micros >= " .. sqlInt(call.amountMicros) .. " AND EXISTS (SELECT 1 FROM holds WHERE uuid = " .. uuid .. ")",
            rows = 1
        },
        {
            sql = "INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, gateway, " .. table.concat(RATE_COLUMNS, ", ") .. ", bands, band_changes, bands_billed, granted_seconds, hold_micros, answered_at, started_at, cost_table_id, answered_ms, billed_ms, estimated, cost_micros, vendor_cost_micros, balance_before_micros, balance_after_micros, hangup_cause, disposition, settled_at) SELECT h.uuid, h.account_id, h.card_id, h.product_id, h.ani, h.dnis, h.destination, h.prefix, h.rate_table_id, h.gateway, h." .. table.concat(RATE_COLUMNS, ", h.") .. ", h.bands, h.band_changes, " .. bandsBilled .. ", h.granted_seconds, h.amount_micros, h.answered_at, h.created_at, " .. table.concat(
                {
                    optSql(call.costTableId),
                    sqlInt(evidence.answeredMs),
                    sqlInt(billed),
                    evidence.estimated and "1" or "0",
                    sqlInt(cost),
                    sqlInt(vendorCostMicros),
                    "a.balance_micros + " .. sqlInt(cost),
                    "a.balance_micros",
                    sqlText(evidence.cause),
                    sqlText(evidence.disposition),
                    sqlInt(nowSeconds)
                },
                ", "
            ) .. " FROM holds h JOIN accounts a ON a.id = h.account_id WHERE h.uuid = " .. uuid,
            rows = 1
        }
    }
    if billed > 0 then
        writes[#writes + 1] = ledgerWrite(
            call.accountId,
            evidence.estimated and ____exports.ESTIMATED_CALL_REASON or ____exports.CALL_REASON,
            -cost,
            call.uuid,
            nowSeconds
        )
    end
    writes[#writes + 1] = {sql = "DELETE FROM holds WHERE uuid = " .. uuid, rows = 1}
    return {billedMs = billed, costMicros = cost, writes = writes}
end
--- The writes that release a hold whose call was never answered (its settlement never came and
-- there is no answer mark): the hold row deleted (the guard), the account holding that much
-- less, a ledger note of amount 0. The balance is never touched: money reserved is given back,
-- never taken. The guard is the DELETE itself because the answer mark is written without the
-- account's lock (src/ivr/store/answer_mark.ts): on PostgreSQL a guard that only reads the hold
-- (EXISTS …) can miss a mark committed after it, and the release would then delete an answered
-- call's hold. The DELETE takes the hold row's lock, waits for a mark being written and then
-- finds it; a mark written after it finds no hold.
function ____exports.planRelease(call, nowSeconds)
    return {
        {
            sql = "DELETE FROM holds WHERE uuid = " .. sqlText(call.uuid) .. " AND answered_at IS NULL",
            rows = 1
        },
        {
            sql = "UPDATE accounts SET held_micros = held_micros - " .. sqlInt(call.amountMicros) .. " WHERE id = " .. sqlInt(call.accountId) .. " AND held_micros >= " .. sqlInt(call.amountMicros),
            rows = 1
        },
        ledgerWrite(
            call.accountId,
            ____exports.HOLD_REAPED_REASON,
            0,
            call.uuid,
            nowSeconds
        )
    }
end
--- Ledger reason of the money given back when an estimated call's real figures arrive.
____exports.ESTIMATE_CORRECTED_REASON = "estimate_corrected"
--- The estimated CDR of a UUID (or nothing when it has none, or a real one).
function ____exports.estimatedCdrSql(uuid)
    return "SELECT c.uuid, c.account_id, c.destination, c.granted_seconds, c.billed_ms, c.cost_micros, c.cost_table_id, COALESCE(c.answered_at, c.started_at) AS started_at, c.bands, c.band_changes, t.band_rules AS cost_band_rules, t.band_offsets AS cost_band_offsets, c." .. table.concat(RATE_COLUMNS, ", c.") .. " FROM cdrs c LEFT JOIN rate_tables t ON t.id = c.cost_table_id WHERE c.estimated = 1 AND c.uuid = " .. sqlText(uuid)
end
function ____exports.estimatedCdrOf(r)
    local rate = ____exports.rateOf(r)
    local startedAt = r:int("started_at")
    return {
        uuid = r:text("uuid"),
        accountId = r:int("account_id"),
        destination = r:text("destination"),
        grantedSeconds = r:int("granted_seconds"),
        rate = rate,
        billedMs = r:int("billed_ms"),
        costMicros = r:int("cost_micros"),
        costTableId = r:optInt("cost_table_id"),
        costPlan = storedPlan(
            r:text("cost_band_rules"),
            r:text("cost_band_offsets")
        ),
        startedAt = startedAt,
        timeline = recordedTimeline(
            rate,
            r:text("bands"),
            r:text("band_changes"),
            startedAt
        )
    }
end
--- The writes that correct an estimated CDR once the callee leg's own figures arrive (a spooled
-- hook applied after another node's reaper estimated the call): the CDR takes the real answered
-- time and cost, and the account gets back what the estimate took too much, in an
-- 'estimate_corrected' ledger row (of 0 when nothing comes back, so every correction is in the
-- ledger). Never more than the estimate is charged afterwards: the hold that covered it is gone,
-- so a real time dearer than the estimate keeps the estimate's billed time and cost beside its
-- real answered time. The guard is the CDR still being estimated.
function ____exports.planCorrection(cdr, evidence, vendorCostMicros, nowSeconds)
    local realBilled = ____exports.billedMs(cdr.grantedSeconds, evidence.answeredMs)
    local real = callCost(cdr.rate, realBilled, cdr.timeline)
    local cheaper = real <= cdr.costMicros
    local billed = cheaper and realBilled or cdr.billedMs
    local cost = cheaper and real or cdr.costMicros
    local refund = cdr.costMicros - cost
    local bandsBilled = cdr.timeline == nil and "" or ", bands_billed = " .. sqlText(formatBandSeconds(billedByBand(cdr.rate, billed, cdr.timeline)))
    local writes = {{
        sql = "UPDATE cdrs SET answered_ms = " .. sqlInt(evidence.answeredMs) .. ", billed_ms = " .. sqlInt(billed) .. ", cost_micros = " .. sqlInt(cost) .. bandsBilled .. ", vendor_cost_micros = " .. sqlInt(vendorCostMicros) .. ", estimated = 0, hangup_cause = " .. sqlText(evidence.cause) .. ", disposition = " .. sqlText(evidence.disposition) .. " WHERE uuid = " .. sqlText(cdr.uuid) .. " AND estimated = 1",
        rows = 1
    }}
    if refund > 0 then
        writes[#writes + 1] = {
            sql = "UPDATE accounts SET balance_micros = balance_micros + " .. sqlInt(refund) .. " WHERE id = " .. sqlInt(cdr.accountId),
            rows = 1
        }
    end
    writes[#writes + 1] = ledgerWrite(
        cdr.accountId,
        ____exports.ESTIMATE_CORRECTED_REASON,
        refund,
        cdr.uuid,
        nowSeconds
    )
    return {billedMs = billed, costMicros = cost, writes = writes}
end
return ____exports
