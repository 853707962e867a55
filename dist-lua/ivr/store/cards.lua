local ____exports = {}
local ____card_policy = require("domain.card_policy")
local maintenanceDue = ____card_policy.maintenanceDue
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____accounts = require("ivr.store.accounts")
local accountById = ____accounts.accountById
local ____ledger = require("ivr.store.ledger")
local appendLedger = ____ledger.appendLedger
local ____tx = require("ivr.store.tx")
local lockAccount = ____tx.lockAccount
local withTransaction = ____tx.withTransaction
local function optSql(n)
    return n == nil and "NULL" or sqlInt(n)
end
--- Marks a "new" card active (only if still new: a concurrent first call activates once).
function ____exports.activateCard(sql, card, a)
    sql:exec("UPDATE cards SET state = 'active', first_used_at = " .. sqlInt(a.firstUsedAt) .. ", expires_at = " .. optSql(a.expiresAt) .. ", fees_paid_until = " .. optSql(a.feesPaidUntil) .. " WHERE id = " .. sqlInt(card.id) .. " AND state = 'new'")
end
--- Charges the maintenance fees due, at most the money available (never an overdraft), with a
-- ledger row. The account is read first; the transaction holds only the writes, each guarded by
-- what was read (a concurrent call that paid the fee, or changed the money, makes this one
-- charge nothing). Returns the amount charged (0 when nothing was due).
function ____exports.chargeMaintenance(sql, card, policy, nowSeconds)
    local due = maintenanceDue(card, policy, nowSeconds)
    if due == nil then
        return 0
    end
    local account = accountById(sql, card.accountId)
    if account == nil then
        return 0
    end
    local available = account.balanceMicros - account.heldMicros
    local charge = due.amountMicros < available and due.amountMicros or (available > 0 and available or 0)
    local charged = withTransaction(
        sql,
        function()
            lockAccount(sql, account.id)
            local moved = sql:exec("UPDATE cards SET fees_paid_until = " .. sqlInt(due.paidUntil) .. " WHERE id = " .. sqlInt(card.id) .. " AND fees_paid_until = " .. sqlInt(card.feesPaidUntil or 0))
            if moved ~= 1 then
                return {value = false, rollback = true}
            end
            if charge > 0 then
                local changed = sql:exec("UPDATE accounts SET balance_micros = balance_micros - " .. sqlInt(charge) .. " WHERE id = " .. sqlInt(account.id) .. " AND balance_micros = " .. sqlInt(account.balanceMicros) .. " AND balance_micros - held_micros >= " .. sqlInt(charge))
                if changed ~= 1 then
                    return {value = false, rollback = true}
                end
                appendLedger(sql, {
                    accountId = account.id,
                    reason = "maintenance_fee",
                    amountMicros = -charge,
                    beforeMicros = account.balanceMicros,
                    afterMicros = account.balanceMicros - charge,
                    ref = "card " .. card.serial,
                    atSeconds = nowSeconds
                })
            end
            return {value = true}
        end
    )
    if not charged then
        return 0
    end
    card.feesPaidUntil = due.paidUntil
    return charge
end
--- Remembers the language a card's caller chose (one of the catalogue's; no write when unchanged).
function ____exports.rememberLanguage(sql, card, language)
    if card.language == language then
        return
    end
    sql:exec("UPDATE cards SET language = " .. sqlText(language) .. " WHERE id = " .. sqlInt(card.id))
end
return ____exports
