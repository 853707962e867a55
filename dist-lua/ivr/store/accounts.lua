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
local CARD_COLUMNS = "c.id AS card_id, c.serial, c.account_id, c.product_id AS card_product_id, c.state AS card_state, c.created_at, c.first_used_at, c.expires_at, c.fees_paid_until, c.language AS card_language"
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
    local ____int_result_1 = int(r, "card_id")
    local ____text_result_2 = text(r, "serial")
    local ____int_result_3 = int(r, "account_id")
    local ____int_result_4 = int(r, "card_product_id")
    local ____text_result_5 = text(r, "card_state")
    local ____int_result_6 = int(r, "created_at")
    local ____optInt_result_7 = optInt(r, "first_used_at")
    local ____optInt_result_8 = optInt(r, "expires_at")
    local ____optInt_result_9 = optInt(r, "fees_paid_until")
    local ____temp_0
    if r.card_language == nil or r.card_language == "" then
        ____temp_0 = nil
    else
        ____temp_0 = r.card_language
    end
    return {
        id = ____int_result_1,
        serial = ____text_result_2,
        accountId = ____int_result_3,
        productId = ____int_result_4,
        state = ____text_result_5,
        createdAt = ____int_result_6,
        firstUsedAt = ____optInt_result_7,
        expiresAt = ____optInt_result_8,
        feesPaidUntil = ____optInt_result_9,
        language = ____temp_0
    }
end
--- Columns counting the holds of the account aliased `a`, as of nowSeconds (read as holdCounts).
function ____exports.holdCountColumns(nowSeconds)
    return "(SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id) AS live, (SELECT COUNT(*) FROM holds h WHERE h.account_id = a.id AND h.expires_at <= " .. sqlInt(nowSeconds) .. ") AS stale"
end
function ____exports.holdCounts(r)
    return {
        live = int(r, "live"),
        stale = int(r, "stale")
    }
end
function ____exports.accountById(sql, id)
    local r = first(sql:rows("SELECT " .. ACCOUNT_COLUMNS .. " FROM accounts a WHERE a.id = " .. sqlInt(id)))
    local ____temp_10
    if r == nil then
        ____temp_10 = nil
    else
        ____temp_10 = toAccount(r)
    end
    return ____temp_10
end
--- The card with this PIN (validated digits) and its account.
function ____exports.cardByPin(sql, pin)
    local r = first(sql:rows("SELECT " .. CARD_COLUMNS .. ", " .. ACCOUNT_COLUMNS .. " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.pin = " .. sqlText(pin)))
    local ____temp_11
    if r == nil then
        ____temp_11 = nil
    else
        ____temp_11 = {
            card = toCard(r),
            account = toAccount(r)
        }
    end
    return ____temp_11
end
--- A card and its account, re-read (between calls of one session).
function ____exports.cardAccountById(sql, cardId)
    local r = first(sql:rows("SELECT " .. CARD_COLUMNS .. ", " .. ACCOUNT_COLUMNS .. " FROM cards c JOIN accounts a ON a.id = c.account_id WHERE c.id = " .. sqlInt(cardId)))
    local ____temp_12
    if r == nil then
        ____temp_12 = nil
    else
        ____temp_12 = {
            card = toCard(r),
            account = toAccount(r)
        }
    end
    return ____temp_12
end
--- The account a caller ID (E.164 digits) is mapped to, with its card when it is a card account,
-- and its hold counts as of nowSeconds: what placeHold would read next, in the same statement.
function ____exports.accountByCli(sql, cli, nowSeconds)
    local r = first(sql:rows("SELECT " .. ACCOUNT_COLUMNS .. ", " .. CARD_COLUMNS .. ", " .. ____exports.holdCountColumns(nowSeconds) .. " FROM cli_map m JOIN accounts a ON a.id = m.account_id LEFT JOIN cards c ON c.account_id = a.id WHERE m.cli = " .. sqlText(cli)))
    if r == nil then
        return nil
    end
    local ____toAccount_result_14 = toAccount(r)
    local ____temp_13
    if r.card_id == nil then
        ____temp_13 = nil
    else
        ____temp_13 = toCard(r)
    end
    return {
        account = ____toAccount_result_14,
        card = ____temp_13,
        holds = ____exports.holdCounts(r)
    }
end
return ____exports
