local ____exports = {}
local ____card_policy = require("domain.card_policy")
local checkCardUsable = ____card_policy.checkCardUsable
local ____result = require("domain.result")
local fail = ____result.fail
local ok = ____result.ok
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____accounts = require("ivr.store.accounts")
local cardByPin = ____accounts.cardByPin
local ____ledger = require("ivr.store.ledger")
local appendLedger = ____ledger.appendLedger
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local ____tx = require("ivr.store.tx")
local lockAccount = ____tx.lockAccount
local withTransaction = ____tx.withTransaction
local write = ____tx.write
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- Ledger reasons of a redemption: the voucher's side and the card's.
____exports.VOUCHER_REDEEMED_REASON = "voucher_redeemed"
____exports.VOUCHER_TOPUP_REASON = "voucher_topup"
--- The voucher with this PIN (a card of a voucher product), or undefined.
function ____exports.voucherByPin(sql, pin)
    local found = cardByPin(sql, pin)
    if found == nil then
        return nil
    end
    local p = first(sql:rows("SELECT vouchers FROM products WHERE id = " .. sqlInt(found.card.productId)))
    return p ~= nil and int(p, "vouchers") == 1 and found or nil
end
--- Moves the voucher's whole value onto `target` (a card's active account), or says why not.
function ____exports.redeemVoucher(sql, voucher, target, nowSeconds)
    local v = voucher.account
    if v.state == "closed" or v.balanceMicros <= 0 then
        return fail("VOUCHER_USED")
    end
    local usable = checkCardUsable(voucher.card, nowSeconds)
    if not usable.ok then
        return fail(usable.code == "CARD_EXPIRED" and "VOUCHER_EXPIRED" or "VOUCHER_BLOCKED")
    end
    if v.state ~= "active" then
        return fail("VOUCHER_BLOCKED")
    end
    if v.currency ~= target.currency then
        return fail("VOUCHER_CURRENCY")
    end
    local amount = v.balanceMicros
    local ref = voucher.card.serial
    return withTransaction(
        sql,
        function()
            lockAccount(sql, v.id < target.id and v.id or target.id)
            lockAccount(sql, v.id < target.id and target.id or v.id)
            local taken = sql:exec("UPDATE accounts SET balance_micros = 0, state = 'closed' WHERE id = " .. sqlInt(v.id) .. " AND state = 'active' AND held_micros = 0 AND balance_micros = " .. sqlInt(amount))
            if taken ~= 1 then
                return {
                    value = fail("VOUCHER_USED"),
                    rollback = true
                }
            end
            write(
                sql,
                {
                    sql = "UPDATE cards SET state = 'void' WHERE id = " .. sqlInt(voucher.card.id),
                    rows = 1
                }
            )
            local before = first(sql:rows("SELECT balance_micros FROM accounts WHERE id = " .. sqlInt(target.id) .. " AND state = 'active'"))
            if before == nil then
                bug("the card's account is gone or no longer active")
            end
            local balance = int(before, "balance_micros")
            write(
                sql,
                {
                    sql = "UPDATE accounts SET balance_micros = balance_micros + " .. sqlInt(amount) .. " WHERE id = " .. sqlInt(target.id),
                    rows = 1
                }
            )
            appendLedger(sql, {
                accountId = v.id,
                reason = ____exports.VOUCHER_REDEEMED_REASON,
                amountMicros = -amount,
                beforeMicros = amount,
                afterMicros = 0,
                ref = ref,
                atSeconds = nowSeconds
            })
            appendLedger(sql, {
                accountId = target.id,
                reason = ____exports.VOUCHER_TOPUP_REASON,
                amountMicros = amount,
                beforeMicros = balance,
                afterMicros = balance + amount,
                ref = ref,
                atSeconds = nowSeconds
            })
            return {value = ok({amountMicros = amount, balanceAfterMicros = balance + amount})}
        end
    )
end
return ____exports
