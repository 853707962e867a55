local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local optInt = ____rows.optInt
local text = ____rows.text
local ACCOUNT_COLUMNS = "a.id, a.product_id, a.kind, a.currency, a.balance_micros, a.held_micros, a.state"
local CARD_COLUMNS = "c.id AS card_id, c.serial, c.account_id, c.product_id AS card_product_id, c.state AS card_state, " .. "c.created_at, c.first_used_at, c.expires_at, c.fees_paid_until"
local function toAccount(r)
    return {
        id = int(r, "id"),
        productId = int(r, "product_id"),
        kind = text(r, "kind"),
        currency = text(r, "currency"),
        balanceMicros = int(r, "balance_micros"),
        heldMicros = int(r, "held_micros"),
        state = text(r, "state")
    }
end
local function toCard(r)
    return {
        id = int(r, "card_id"),
        serial = text(r, "serial"),
        accountId = int(r, "account_id"),
        productId = int(r, "card_product_id"),
        state = text(r, "card_state"),
        createdAt = int(r, "created_at"),
        firstUsedAt = optInt(r, "first_used_at"),
        expiresAt = optInt(r, "expires_at"),
        feesPaidUntil = optInt(r, "fees_paid_until")
    }
end
function ____exports.accountById(sql, id)
    local r = first(sql:rows((("SELECT " .. ACCOUNT_COLUMNS) .. " FROM accounts a WHERE a.id = ") .. sqlInt(id)))
    local ____temp_0
    if r == nil then
        ____temp_0 = nil
    else
        ____temp_0 = toAccount(r)
    end
    return ____temp_0
end
--- The card with this PIN (validated digits) and its account.
function ____exports.cardByPin(sql, pin)
    local r = first(sql:rows((((("SELECT " .. CARD_COLUMNS) .. ", ") .. ACCOUNT_COLUMNS) .. " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.pin = ") .. sqlText(pin)))
    local ____temp_1
    if r == nil then
        ____temp_1 = nil
    else
        ____temp_1 = {
            card = toCard(r),
            account = toAccount(r)
        }
    end
    return ____temp_1
end
--- A card and its account, re-read (between calls of one session).
function ____exports.cardAccountById(sql, cardId)
    local r = first(sql:rows((((("SELECT " .. CARD_COLUMNS) .. ", ") .. ACCOUNT_COLUMNS) .. " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.id = ") .. sqlInt(cardId)))
    local ____temp_2
    if r == nil then
        ____temp_2 = nil
    else
        ____temp_2 = {
            card = toCard(r),
            account = toAccount(r)
        }
    end
    return ____temp_2
end
--- The account a caller ID (E.164 digits) is mapped to, with its card when it is a card account.
function ____exports.accountByCli(sql, cli)
    local r = first(sql:rows(((((("SELECT " .. ACCOUNT_COLUMNS) .. ", ") .. CARD_COLUMNS) .. " FROM cli_map m JOIN accounts a ON a.id = m.account_id ") .. "LEFT JOIN cards c ON c.account_id = a.id WHERE m.cli = ") .. sqlText(cli)))
    if r == nil then
        return nil
    end
    local ____toAccount_result_4 = toAccount(r)
    local ____temp_3
    if r.card_id == nil then
        ____temp_3 = nil
    else
        ____temp_3 = toCard(r)
    end
    return {account = ____toAccount_result_4, card = ____temp_3}
end
return ____exports
