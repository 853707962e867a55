local ____lualib = require("lualib_bundle")
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____numbers = require("domain.numbers")
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____sql = require("domain.sql")
local MAX_PREFIX_DIGITS_OF_T = ____sql.MAX_PREFIX_DIGITS_OF_T
local TARIFF_COLUMNS = ____sql.TARIFF_COLUMNS
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____tariff = require("domain.tariff")
local callCost = ____tariff.callCost
local ____ledger = require("ivr.store.ledger")
local appendLedger = ____ledger.appendLedger
local ____rates = require("ivr.store.rates")
local lookupRateRow = ____rates.lookupRateRow
local rateFromRow = ____rates.rateFromRow
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local optInt = ____rows.optInt
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local lockForUpdate = ____tx.lockForUpdate
local withTransaction = ____tx.withTransaction
local function existing(sql, uuid)
    local c = first(sql:rows("SELECT account_id, answered_ms, cost_micros, balance_after_micros FROM cdrs WHERE uuid = " .. sqlText(uuid)))
    if c == nil then
        return nil
    end
    return {
        uuid = uuid,
        accountId = int(c, "account_id"),
        answeredMs = int(c, "answered_ms"),
        costMicros = int(c, "cost_micros"),
        balanceAfterMicros = int(c, "balance_after_micros"),
        alreadySettled = true
    }
end
--- The settled CDR of a UUID, if any (read-only).
function ____exports.findSettlement(sql, uuid)
    return existing(sql, uuid)
end
--- What the vendor charges for the call: the gateway's cost table, priced with the same tariff function.
local function vendorCost(sql, tableId, maxPrefixDigits, destination, answeredMs)
    if tableId == nil then
        return {costMicros = 0}
    end
    if answeredMs == 0 then
        return {costMicros = 0, tableId = tableId}
    end
    local r = lookupRateRow(
        sql,
        tableId,
        destination,
        maxPrefixDigits,
        TARIFF_COLUMNS
    )
    return {
        costMicros = r == nil and 0 or callCost(
            rateFromRow(r),
            answeredMs
        ),
        tableId = tableId
    }
end
--- Failure codes: UNKNOWN_CALL (no hold and no CDR for this UUID), ACCOUNT_NOT_FOUND.
function ____exports.settle(sql, sqlite, nowSeconds, req)
    return withTransaction(
        sql,
        {sqlite = sqlite},
        function()
            lockForUpdate(
                sql,
                {sqlite = sqlite},
                "SELECT a.id FROM holds h JOIN accounts a ON a.id = h.account_id WHERE h.uuid = " .. sqlText(req.uuid)
            )
            local h = first(sql:rows((((("SELECT h.*, a.balance_micros, g.cost_table_id, " .. "(SELECT ") .. MAX_PREFIX_DIGITS_OF_T) .. " FROM rate_tables t WHERE t.id = g.cost_table_id) AS cost_max_prefix_digits ") .. "FROM holds h JOIN accounts a ON a.id = h.account_id LEFT JOIN gateways g ON g.name = h.gateway WHERE h.uuid = ") .. sqlText(req.uuid)))
            if h == nil then
                local done = existing(sql, req.uuid)
                return {
                    value = done == nil and fail("UNKNOWN_CALL") or ok(done),
                    rollback = true
                }
            end
            local accountId = int(h, "account_id")
            local account = {balanceMicros = int(h, "balance_micros")}
            local held = int(h, "amount_micros")
            local cost = callCost(
                rateFromRow(h),
                req.answeredMs
            )
            local charged = cost < held and cost or held
            local after = account.balanceMicros - charged
            local destination = text(h, "destination")
            local gateway = text(h, "gateway")
            local vendor = vendorCost(
                sql,
                optInt(h, "cost_table_id"),
                optInt(h, "cost_max_prefix_digits") or MAX_PREFIX_DIGITS,
                destination,
                req.answeredMs
            )
            local changed = sql:exec((((((("UPDATE accounts SET balance_micros = balance_micros - " .. sqlInt(charged)) .. ", held_micros = held_micros - ") .. sqlInt(held)) .. " WHERE id = ") .. sqlInt(accountId)) .. " AND held_micros >= ") .. sqlInt(held))
            if changed ~= 1 then
                error(
                    __TS__New(
                        Error,
                        (("settle: account " .. sqlInt(accountId)) .. " does not hold ") .. sqlInt(held)
                    ),
                    0
                )
            end
            sql:exec(((("INSERT INTO cdrs (uuid, account_id, card_id, product_id, ani, dnis, destination, prefix, rate_table_id, cost_table_id, gateway, " .. "rate_per_minute_micros, granted_seconds, answered_ms, cost_micros, vendor_cost_micros, balance_before_micros, ") .. "balance_after_micros, hangup_cause, disposition, started_at, settled_at) VALUES (") .. table.concat(
                {
                    sqlText(req.uuid),
                    sqlInt(accountId),
                    h.card_id == nil and "NULL" or sqlInt(int(h, "card_id")),
                    sqlInt(int(h, "product_id")),
                    sqlText(text(h, "ani")),
                    sqlText(text(h, "dnis")),
                    sqlText(destination),
                    sqlText(text(h, "prefix")),
                    sqlInt(int(h, "rate_table_id")),
                    vendor.tableId == nil and "NULL" or sqlInt(vendor.tableId),
                    sqlText(gateway),
                    sqlInt(int(h, "rate_per_minute_micros")),
                    sqlInt(int(h, "granted_seconds")),
                    sqlInt(req.answeredMs),
                    sqlInt(charged),
                    sqlInt(vendor.costMicros),
                    sqlInt(account.balanceMicros),
                    sqlInt(after),
                    sqlText(req.cause),
                    sqlText(req.disposition),
                    sqlInt(int(h, "created_at")),
                    sqlInt(nowSeconds)
                },
                ", "
            )) .. ")")
            if req.answeredMs > 0 then
                appendLedger(sql, {
                    accountId = accountId,
                    reason = "call",
                    amountMicros = -charged,
                    beforeMicros = account.balanceMicros,
                    afterMicros = after,
                    ref = req.uuid,
                    atSeconds = nowSeconds
                })
            end
            sql:exec("DELETE FROM holds WHERE uuid = " .. sqlText(req.uuid))
            return {value = ok({
                uuid = req.uuid,
                accountId = accountId,
                answeredMs = req.answeredMs,
                costMicros = charged,
                balanceAfterMicros = after,
                alreadySettled = false
            })}
        end
    )
end
return ____exports
