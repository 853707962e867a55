local ____lualib = require("lualib_bundle")
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local ____exports = {}
local rateCandidates
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local isExactInt = ____intmath.isExactInt
local ____numbers = require("domain.numbers")
local E164_MAX_DIGITS = ____numbers.E164_MAX_DIGITS
local MAX_PREFIX_DIGITS = ____numbers.MAX_PREFIX_DIGITS
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____bug = require("domain.bug")
local bug = ____bug.bug
function rateCandidates(e164, maxPrefixDigits)
    if #e164 > E164_MAX_DIGITS or not isDigits(e164) then
        bug("rateLookupSql: not an E.164 number")
    end
    if not isExactInt(maxPrefixDigits) or maxPrefixDigits < 1 then
        bug("rateLookupSql: bad prefix length bound")
    end
    local bounded = maxPrefixDigits < #e164
    local top = bounded and maxPrefixDigits or #e164
    local candidates = {}
    do
        local n = top
        while n >= 1 do
            candidates[#candidates + 1] = __TS__StringSubstring(e164, 0, n)
            n = n - 1
        end
    end
    return {
        bound = bounded and top or 0,
        list = "'" .. table.concat(candidates, "', '") .. "'"
    }
end
--- The tariff columns of a rate row, its band prices (domain/bands.ts) with them.
____exports.TARIFF_COLUMNS = "r.rate_per_minute_micros, r.connect_fee_micros, r.disconnect_fee_micros, r.initial_seconds, r.increment_seconds, r.grace_seconds, r.minimum_cost_micros, r.bands"
--- Columns of a rate row as the IVR reads it to rate a call (the destination's name it never needs).
____exports.CALL_RATE_COLUMNS = "r.prefix, r.route, " .. ____exports.TARIFF_COLUMNS
--- Columns of a rate row as the CLI shows it.
____exports.RATE_COLUMNS = "r.prefix, r.destination, r.route, " .. ____exports.TARIFF_COLUMNS
--- The deck version in force at instant `at` of table `tableId` (SQL text of each, literals or
-- placeholders): the
-- one with the latest effective_at not after it, ties to the higher version (rate_versions,
-- schema migration 4). A deck scheduled ahead takes over at its instant with no process run then.
function ____exports.versionInForce(tableId, at)
    return "(SELECT x.version FROM rate_versions x WHERE x.table_id = " .. tableId .. " AND x.effective_at <= " .. at .. " ORDER BY x.effective_at DESC, x.version DESC LIMIT 1)"
end
local function rateLookupFrom(tableId, at)
    return " FROM rate_versions v JOIN rates r ON r.table_id = v.table_id AND r.version = v.version WHERE v.table_id = " .. tableId .. " AND v.version = " .. ____exports.versionInForce(tableId, at)
end
--- The rate lookup: the longest prefix of an E.164 number (digits only, as domain/numbers gives
-- it) present in the table's deck in force at epoch second `at` — one indexed probe per
-- candidate on the (table_id, version, prefix) primary key, never a LIKE scan, after the
-- version is picked from the table's few rate_versions rows. The candidates are the number's
-- prefixes, so the longest match is also the greatest in text order: ORDER BY prefix DESC
-- reads it straight off the index, with no sort step. Refuses anything but 1–15 digits (the
-- number is checked once; its prefixes need no quoting).
-- `columns`: CALL_RATE_COLUMNS (the IVR), RATE_COLUMNS (the CLI) or TARIFF_COLUMNS.
-- `maxPrefixDigits`, the bound read earlier with the product (MAX_PREFIX_DIGITS_OF_T), drops
-- the candidates no prefix of the deck is that long for. A deck loaded since may have longer
-- prefixes, so the query also requires that the version it picks is no longer than the bound:
-- when it returns no row, look up again without the bound.
function ____exports.rateLookupSql(tableId, e164, at, maxPrefixDigits, columns)
    if maxPrefixDigits == nil then
        maxPrefixDigits = MAX_PREFIX_DIGITS
    end
    if columns == nil then
        columns = ____exports.CALL_RATE_COLUMNS
    end
    local ____rateCandidates_result_0 = rateCandidates(e164, maxPrefixDigits)
    local bound = ____rateCandidates_result_0.bound
    local list = ____rateCandidates_result_0.list
    local guard = bound > 0 and " AND v.max_prefix_digits <= " .. sqlInt(bound) or ""
    return "SELECT " .. columns .. rateLookupFrom(
        sqlInt(tableId),
        sqlInt(at)
    ) .. guard .. " AND r.prefix IN (" .. list .. ") ORDER BY r.prefix DESC LIMIT 1"
end
--- Whether a product blocks the E.164 number: any prefix of it in blocked_prefixes, one indexed
-- IN probe on the (product_id, prefix) primary key (a row with x when it does).
function ____exports.blockedLookupSql(productId, e164)
    return "SELECT 1 AS x FROM blocked_prefixes WHERE product_id = " .. sqlInt(productId) .. " AND prefix IN (" .. rateCandidates(e164, MAX_PREFIX_DIGITS).list .. ") LIMIT 1"
end
local LOOKUP_COLUMNS = {call = ____exports.CALL_RATE_COLUMNS, tariff = ____exports.TARIFF_COLUMNS}
--- The prepared statements' names carry the parameter list's generation: a connection an older
-- ccard prepared (FreeSWITCH keeps pooled handles across scripts) holds none of these names, so
-- it is set up afresh rather than sent an EXECUTE its statements do not take.
local PREPARED_PREFIX = "ccard_rate2_"
--- What rateLookupSql asks, with the table, the bound (0: none), the candidates and the instant as parameters.
local function prepareRateLookup(kind)
    return "PREPARE " .. PREPARED_PREFIX .. kind .. "(bigint, int, text[], bigint) AS SELECT " .. LOOKUP_COLUMNS[kind] .. rateLookupFrom("$1", "$4") .. " AND ($2 = 0 OR v.max_prefix_digits <= $2) AND r.prefix = ANY($3) ORDER BY r.prefix DESC LIMIT 1"
end
--- How many of the lookups a PostgreSQL connection has prepared (a row with n).
____exports.PGSQL_LOOKUPS_PREPARED = "SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE name IN ('" .. PREPARED_PREFIX .. "call', '" .. PREPARED_PREFIX .. "tariff')"
--- The count PGSQL_LOOKUPS_PREPARED gives on a connection that needs no setup.
____exports.PGSQL_LOOKUPS = 2
--- Prepares the lookups on a PostgreSQL connection, from scratch, with generic plans (the
-- connection is FreeSWITCH's pooled handle for this DSN: no other prepared statement is ours to
-- keep). Built when asked: most scripts never prepare.
function ____exports.pgsqlLookupSetup()
    return "DEALLOCATE ALL; SET plan_cache_mode = force_generic_plan; " .. prepareRateLookup("call") .. "; " .. prepareRateLookup("tariff")
end
--- rateLookupSql on a connection that ran pgsqlLookupSetup: the same lookup, the same row.
function ____exports.rateLookupExecute(kind, tableId, e164, at, maxPrefixDigits)
    local ____rateCandidates_result_1 = rateCandidates(e164, maxPrefixDigits)
    local bound = ____rateCandidates_result_1.bound
    local list = ____rateCandidates_result_1.list
    return "EXECUTE " .. PREPARED_PREFIX .. kind .. "(" .. sqlInt(tableId) .. ", " .. sqlInt(bound) .. ", ARRAY[" .. list .. "], " .. sqlInt(at) .. ")"
end
--- The bound to pass to rateLookupSql, read with a rate table row `t`: the longest prefix of any
-- of its loaded versions (in force, pending or superseded), 15 when it has none.
____exports.MAX_PREFIX_DIGITS_OF_T = "COALESCE((SELECT MAX(v.max_prefix_digits) FROM rate_versions v WHERE v.table_id = t.id), " .. intStr(MAX_PREFIX_DIGITS) .. ")"
return ____exports
