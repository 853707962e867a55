local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____rows = require("ivr.store.rows")
local int = ____rows.int
local text = ____rows.text
local ____tx = require("ivr.store.tx")
local withTransaction = ____tx.withTransaction
local write = ____tx.write
--- Reads the caller ID's and the access number's counters in one query.
function ____exports.lockState(sql, ani, dnis, nowSeconds)
    local where = ani == nil and "kind = 'dnis' AND key = " .. sqlText(dnis) or "(kind = 'dnis' AND key = " .. sqlText(dnis) .. ") OR (kind = 'ani' AND key = " .. sqlText(ani) .. ")"
    local locked = false
    local aniHasFailures = false
    for ____, r in ipairs(sql:rows("SELECT kind, locked_until FROM auth_failures WHERE " .. where)) do
        if int(r, "locked_until") > nowSeconds then
            locked = true
        end
        if r.kind == "ani" then
            aniHasFailures = true
        end
    end
    return {locked = locked, aniHasFailures = aniHasFailures}
end
--- The one statement that counts a failure: a key's first failure inserts its row; a later one
-- adds to it inside the window or starts a new window after it, and locks the key for a window
-- once the count reaches the policy's. The database does the arithmetic, so concurrent calls
-- never lose a count and nothing is read inside the transaction.
local function countFailureSql(k, nowSeconds)
    local now = sqlInt(nowSeconds)
    local windowStart = sqlInt(nowSeconds - k.policy.windowSeconds)
    local lockUntil = sqlInt(nowSeconds + k.policy.windowSeconds)
    local limit = sqlInt(k.policy.failures)
    local inWindow = "auth_failures.first_at > " .. windowStart
    local counted = "CASE WHEN " .. inWindow .. " THEN auth_failures.failures + 1 ELSE 1 END"
    return "INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES (" .. table.concat(
        {
            sqlText(k.kind),
            sqlText(k.key),
            "1",
            now,
            now,
            k.policy.failures <= 1 and lockUntil or "0"
        },
        ", "
    ) .. ") ON CONFLICT (kind, key) DO UPDATE SET failures = " .. counted .. ", first_at = CASE WHEN " .. inWindow .. " THEN auth_failures.first_at ELSE " .. now .. " END, last_at = " .. now .. ", locked_until = CASE WHEN " .. counted .. " >= " .. limit .. " THEN " .. lockUntil .. " ELSE 0 END"
end
--- Counts one failure for each key, in one transaction of writes only, then reads the counts
-- back. Returns them in the order of `keys`.
function ____exports.recordFailures(sql, keys, nowSeconds)
    withTransaction(
        sql,
        function()
            for ____, k in ipairs(keys) do
                write(
                    sql,
                    {
                        sql = countFailureSql(k, nowSeconds),
                        rows = 1
                    }
                )
            end
            return {value = true}
        end
    )
    local where = {}
    for ____, k in ipairs(keys) do
        where[#where + 1] = "(kind = " .. sqlText(k.kind) .. " AND key = " .. sqlText(k.key) .. ")"
    end
    local found = {}
    for ____, r in ipairs(sql:rows("SELECT kind, key, failures, locked_until FROM auth_failures WHERE " .. table.concat(where, " OR "))) do
        found[text(r, "kind") .. ":" .. text(r, "key")] = {
            failures = int(r, "failures"),
            locked = int(r, "locked_until") > nowSeconds
        }
    end
    local out = {}
    for ____, k in ipairs(keys) do
        out[#out + 1] = found[k.kind .. ":" .. k.key] or ({failures = 1, locked = false})
    end
    return out
end
--- Forgets the failures of a key after a successful authentication.
function ____exports.clearFailures(sql, kind, key)
    sql:exec("DELETE FROM auth_failures WHERE kind = " .. sqlText(kind) .. " AND key = " .. sqlText(key))
end
return ____exports
