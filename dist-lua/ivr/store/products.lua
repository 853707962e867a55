local ____lualib = require("lualib_bundle")
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____numbers = require("domain.numbers")
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____bands = require("domain.bands")
local storedPlan = ____bands.storedPlan
local ____rate_sql = require("domain.rate_sql")
local MAX_PREFIX_DIGITS_OF_T = ____rate_sql.MAX_PREFIX_DIGITS_OF_T
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local optInt = ____rows.optInt
local text = ____rows.text
local COLUMNS = "p.id, p.name, p.kind, p.language, p.currency, p.rate_table_id, p.connect_fee_micros, p.disconnect_fee_micros, p.max_concurrent_calls, p.pin_length, p.pin_max_tries, p.expiry_kind, p.expiry_days, p.maintenance_fee_micros, p.maintenance_every_days, p.max_call_seconds, p.international_prefixes, p.national_prefix, p.country_code, p.national_number_length, p.lockout_failures, p.lockout_window_seconds, p.language_menu, p.vouchers, p.voucher_key, p.announce_rate, p.announce_call_cost, p.cap_calls, p.cap_money_micros, EXISTS (SELECT 1 FROM blocked_prefixes b WHERE b.product_id = p.id) AS blocks, t.name AS rate_table_name, t.band_rules, t.band_offsets, " .. MAX_PREFIX_DIGITS_OF_T .. " AS rate_max_prefix_digits"
--- A product with its rate table (t).
local PRODUCT_TABLES = "products p JOIN rate_tables t ON t.id = p.rate_table_id"
--- An SQL boolean as Dbh gives it: 1 on SQLite, t on PostgreSQL.
local function truthy(v)
    return v == "1" or v == "t" or v == "true"
end
local function splitList(s)
    local out = {}
    for ____, part in ipairs(__TS__StringSplit(s, ",")) do
        if part ~= "" then
            out[#out + 1] = part
        end
    end
    return out
end
local function toProduct(r)
    return {
        id = int(r, "id"),
        name = text(r, "name"),
        kind = text(r, "kind"),
        language = text(r, "language"),
        currency = text(r, "currency"),
        rateTableId = int(r, "rate_table_id"),
        rateTableName = text(r, "rate_table_name"),
        rateMaxPrefixDigits = optInt(r, "rate_max_prefix_digits") or MAX_PREFIX_DIGITS,
        bandPlan = storedPlan(
            text(r, "band_rules"),
            text(r, "band_offsets")
        ),
        connectFeeMicros = int(r, "connect_fee_micros"),
        disconnectFeeMicros = int(r, "disconnect_fee_micros"),
        maxConcurrentCalls = int(r, "max_concurrent_calls"),
        pinLength = int(r, "pin_length"),
        pinMaxTries = int(r, "pin_max_tries"),
        expiryKind = text(r, "expiry_kind"),
        expiryDays = optInt(r, "expiry_days"),
        maintenanceFeeMicros = int(r, "maintenance_fee_micros"),
        maintenanceEveryDays = int(r, "maintenance_every_days"),
        maxCallSeconds = int(r, "max_call_seconds"),
        dialRules = {
            internationalPrefixes = splitList(text(r, "international_prefixes")),
            nationalPrefix = text(r, "national_prefix"),
            countryCode = text(r, "country_code"),
            nationalNumberLength = int(r, "national_number_length")
        },
        lockoutFailures = int(r, "lockout_failures"),
        lockoutWindowSeconds = int(r, "lockout_window_seconds"),
        languageMenu = splitList(text(r, "language_menu")),
        vouchers = int(r, "vouchers") == 1,
        voucherKey = text(r, "voucher_key"),
        announceRate = int(r, "announce_rate") == 1,
        announceCallCost = int(r, "announce_call_cost") == 1,
        caps = {
            calls = int(r, "cap_calls"),
            moneyMicros = int(r, "cap_money_micros")
        },
        blocksDestinations = truthy(text(r, "blocks")),
        balanceOnly = text(r, "purpose") == "balance"
    }
end
--- The product an access number (validated digits) belongs to.
function ____exports.productByDnis(sql, dnis)
    local r = first(sql:rows("SELECT " .. COLUMNS .. ", n.purpose FROM access_numbers n JOIN products p ON p.id = n.product_id JOIN rate_tables t ON t.id = p.rate_table_id WHERE n.dnis = " .. sqlText(dnis)))
    local ____temp_0
    if r == nil then
        ____temp_0 = nil
    else
        ____temp_0 = toProduct(r)
    end
    return ____temp_0
end
function ____exports.productById(sql, id)
    local r = first(sql:rows("SELECT " .. COLUMNS .. " FROM " .. PRODUCT_TABLES .. " WHERE p.id = " .. sqlInt(id)))
    local ____temp_1
    if r == nil then
        ____temp_1 = nil
    else
        ____temp_1 = toProduct(r)
    end
    return ____temp_1
end
function ____exports.productByName(sql, name)
    local r = first(sql:rows("SELECT " .. COLUMNS .. " FROM " .. PRODUCT_TABLES .. " WHERE p.name = " .. sqlText(name)))
    local ____temp_2
    if r == nil then
        ____temp_2 = nil
    else
        ____temp_2 = toProduct(r)
    end
    return ____temp_2
end
return ____exports
