local ____exports = {}
local preparePgsqlLookups, lookupText
local ____numbers = require("domain.numbers")
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____rate_sql = require("domain.rate_sql")
local CALL_RATE_COLUMNS = ____rate_sql.CALL_RATE_COLUMNS
local PGSQL_LOOKUPS = ____rate_sql.PGSQL_LOOKUPS
local PGSQL_LOOKUPS_PREPARED = ____rate_sql.PGSQL_LOOKUPS_PREPARED
local TARIFF_COLUMNS = ____rate_sql.TARIFF_COLUMNS
local blockedLookupSql = ____rate_sql.blockedLookupSql
local pgsqlLookupSetup = ____rate_sql.pgsqlLookupSetup
local rateLookupExecute = ____rate_sql.rateLookupExecute
local rateLookupSql = ____rate_sql.rateLookupSql
local ____sql = require("domain.sql")
local sqlText = ____sql.sqlText
local ____bands = require("domain.bands")
local storedPrices = ____bands.storedPrices
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
local text = ____rows.text
function preparePgsqlLookups(sql)
    local r = first(sql:rows(PGSQL_LOOKUPS_PREPARED))
    if r ~= nil and int(r, "n") == PGSQL_LOOKUPS then
        return
    end
    sql:exec(pgsqlLookupSetup())
end
function lookupText(sql, kind, tableId, e164, at, maxPrefixDigits)
    if sql.dialect == "pgsql" then
        sql:once(
            "rate lookups",
            function() return preparePgsqlLookups(sql) end
        )
        return rateLookupExecute(
            kind,
            tableId,
            e164,
            at,
            maxPrefixDigits
        )
    end
    return rateLookupSql(
        tableId,
        e164,
        at,
        maxPrefixDigits,
        kind == "call" and CALL_RATE_COLUMNS or TARIFF_COLUMNS
    )
end
function ____exports.rateFromRow(r)
    return {
        ratePerMinuteMicros = int(r, "rate_per_minute_micros"),
        connectFeeMicros = int(r, "connect_fee_micros"),
        disconnectFeeMicros = int(r, "disconnect_fee_micros"),
        initialSeconds = int(r, "initial_seconds"),
        incrementSeconds = int(r, "increment_seconds"),
        graceSeconds = int(r, "grace_seconds"),
        minimumCostMicros = int(r, "minimum_cost_micros")
    }
end
--- The row of the longest prefix of an E.164 number in the deck a table has in force at epoch
-- second `at`, or undefined. `maxPrefixDigits`: the table's longest prefix as read earlier
-- (fewer candidates); when a deck with longer prefixes was loaded since, the bounded query finds
-- nothing and the lookup runs again with every prefix of the number.
function ____exports.lookupRateRow(sql, tableId, e164, at, maxPrefixDigits, kind)
    local r = first(sql:rows(lookupText(
        sql,
        kind,
        tableId,
        e164,
        at,
        maxPrefixDigits
    )))
    if r ~= nil or maxPrefixDigits >= #e164 then
        return r
    end
    return first(sql:rows(lookupText(
        sql,
        kind,
        tableId,
        e164,
        at,
        MAX_PREFIX_DIGITS
    )))
end
--- The rate for an E.164 number in a table at epoch second `at`, or undefined when no prefix matches (bound: see lookupRateRow).
function ____exports.findRate(sql, tableId, e164, at, maxPrefixDigits)
    if maxPrefixDigits == nil then
        maxPrefixDigits = MAX_PREFIX_DIGITS
    end
    local r = ____exports.lookupRateRow(
        sql,
        tableId,
        e164,
        at,
        maxPrefixDigits,
        "call"
    )
    if r == nil then
        return nil
    end
    return {
        prefix = text(r, "prefix"),
        route = text(r, "route"),
        rate = ____exports.rateFromRow(r),
        bandPrices = storedPrices(text(r, "bands"))
    }
end
--- True when the product blocks the E.164 number (blocked_prefixes); no query for a product that blocks nothing.
function ____exports.isBlocked(sql, product, e164)
    return product.blocksDestinations and first(sql:rows(blockedLookupSql(product.id, e164))) ~= nil
end
--- An enabled gateway by its FreeSWITCH name.
function ____exports.gatewayByName(sql, name)
    local r = first(sql:rows("SELECT g.name, g.dial_prefix, t.name AS cost_table FROM gateways g LEFT JOIN rate_tables t ON t.id = g.cost_table_id WHERE g.enabled = 1 AND g.name = " .. sqlText(name)))
    local ____temp_0
    if r == nil then
        ____temp_0 = nil
    else
        ____temp_0 = {
            name = text(r, "name"),
            dialPrefix = text(r, "dial_prefix"),
            costTable = text(r, "cost_table")
        }
    end
    return ____temp_0
end
--- How many gateways a call to this route may try: its max_attempts, but never more than the
-- enabled gateways it has, the nodes of its mod_distributor list (asking mod_distributor once
-- every node is excluded makes it loop and skews its next picks). 1 when the route is unknown.
function ____exports.routeAttempts(sql, route)
    local r = first(sql:rows("SELECT r.max_attempts, (SELECT COUNT(*) FROM route_gateways x JOIN gateways g ON g.id = x.gateway_id AND g.enabled = 1 WHERE x.route_id = r.id) AS gateways FROM routes r WHERE r.name = " .. sqlText(route)))
    if r == nil then
        return 1
    end
    local max = int(r, "max_attempts")
    local gateways = int(r, "gateways")
    return gateways < max and gateways or max
end
return ____exports
