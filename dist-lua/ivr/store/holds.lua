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
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____tariff = require("domain.tariff")
local callCost = ____tariff.callCost
local maxTalkSeconds = ____tariff.maxTalkSeconds
local ____accounts = require("ivr.store.accounts")
local accountById = ____accounts.accountById
local ____ledger = require("ivr.store.ledger")
local appendLedger = ____ledger.appendLedger
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local lockForUpdate = ____tx.lockForUpdate
local withTransaction = ____tx.withTransaction
--- Releases this account's holds whose expiry has passed, each with a ledger note; call inside a
-- write transaction. Each hold is claimed by deleting it first and released only if that delete
-- took it, so two concurrent reapers (PostgreSQL's plain BEGIN) never release one hold twice.
-- Returns how many it released.
function ____exports.reapAccountHolds(sql, accountId, nowSeconds)
    local stale = sql:rows((("SELECT uuid, amount_micros FROM holds WHERE account_id = " .. sqlInt(accountId)) .. " AND expires_at <= ") .. sqlInt(nowSeconds))
    local released = 0
    for ____, h in ipairs(stale) do
        do
            local uuid = text(h, "uuid")
            if sql:exec((("DELETE FROM holds WHERE uuid = " .. sqlText(uuid)) .. " AND expires_at <= ") .. sqlInt(nowSeconds)) ~= 1 then
                goto __continue3
            end
            local amount = int(h, "amount_micros")
            sql:exec((("UPDATE accounts SET held_micros = held_micros - " .. sqlInt(amount)) .. " WHERE id = ") .. sqlInt(accountId))
            local account = accountById(sql, accountId)
            if account == nil then
                error(
                    __TS__New(
                        Error,
                        ("reaping: account " .. sqlInt(accountId)) .. " vanished"
                    ),
                    0
                )
            end
            appendLedger(sql, {
                accountId = accountId,
                reason = "hold_reaped",
                amountMicros = 0,
                beforeMicros = account.balanceMicros,
                afterMicros = account.balanceMicros,
                ref = uuid,
                atSeconds = nowSeconds
            })
            released = released + 1
        end
        ::__continue3::
    end
    return released
end
--- Reaps the account's expired holds in a short transaction of its own, only when there are any.
function ____exports.reapStaleHolds(sql, sqlite, accountId, nowSeconds)
    local r = first(sql:rows((("SELECT COUNT(*) AS n FROM holds WHERE account_id = " .. sqlInt(accountId)) .. " AND expires_at <= ") .. sqlInt(nowSeconds)))
    if r == nil or int(r, "n") == 0 then
        return 0
    end
    return withTransaction(
        sql,
        {sqlite = sqlite},
        function()
            lockForUpdate(
                sql,
                {sqlite = sqlite},
                "SELECT id FROM accounts WHERE id = " .. sqlInt(accountId)
            )
            return {value = ____exports.reapAccountHolds(sql, accountId, nowSeconds)}
        end
    )
end
--- Places the hold for one call attempt. Failure codes: ACCOUNT_NOT_FOUND, ACCOUNT_NOT_ACTIVE,
-- TOO_MANY_CALLS, INSUFFICIENT_CREDIT (not even past the grace period fits).
function ____exports.placeHold(sql, sqlite, nowSeconds, req)
    return withTransaction(
        sql,
        {sqlite = sqlite},
        function()
            local id = sqlInt(req.accountId)
            lockForUpdate(sql, {sqlite = sqlite}, "SELECT id FROM accounts WHERE id = " .. id)
            local row = first(sql:rows(((((("SELECT a.balance_micros, a.held_micros, a.state, " .. "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, ") .. "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= ") .. sqlInt(nowSeconds)) .. ") AS stale ") .. "FROM accounts a WHERE a.id = ") .. id))
            if row == nil then
                return {value = fail("ACCOUNT_NOT_FOUND")}
            end
            local account = {
                balanceMicros = int(row, "balance_micros"),
                heldMicros = int(row, "held_micros"),
                state = text(row, "state")
            }
            local live = int(row, "live")
            local stale = int(row, "stale")
            if stale > 0 then
                ____exports.reapAccountHolds(sql, req.accountId, nowSeconds)
                local after = accountById(sql, req.accountId)
                if after == nil then
                    return {value = fail("ACCOUNT_NOT_FOUND")}
                end
                account = after
                live = live - stale
            end
            if account.state ~= "active" then
                return {value = fail("ACCOUNT_NOT_ACTIVE")}
            end
            if live >= req.maxConcurrentCalls then
                return {value = fail("TOO_MANY_CALLS")}
            end
            local granted = maxTalkSeconds(req.rate, account.balanceMicros - account.heldMicros, req.capSeconds)
            if granted <= req.rate.graceSeconds then
                return {value = fail("INSUFFICIENT_CREDIT")}
            end
            local amount = callCost(req.rate, granted * 1000)
            local changed = sql:exec((((("UPDATE accounts SET held_micros = held_micros + " .. sqlInt(amount)) .. " WHERE id = ") .. sqlInt(req.accountId)) .. " AND state = 'active' AND balance_micros - held_micros >= ") .. sqlInt(amount))
            if changed ~= 1 then
                return {
                    value = fail("INSUFFICIENT_CREDIT"),
                    rollback = true
                }
            end
            local r = req.rate
            sql:exec(((("INSERT INTO holds (uuid, account_id, card_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " .. "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, ") .. "grace_seconds, minimum_cost_micros, gateway, created_at, expires_at) VALUES (") .. table.concat(
                {
                    sqlText(req.uuid),
                    sqlInt(req.accountId),
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
            )) .. ")")
            return {value = ok({grantedSeconds = granted, amountMicros = amount, balanceMicros = account.balanceMicros})}
        end
    )
end
return ____exports
