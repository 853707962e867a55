local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____rows = require("ivr.store.rows")
local first = ____rows.first
local int = ____rows.int
--- Reads the caller ID's and the access number's counters in one query.
function ____exports.lockState(sql, ani, dnis, nowSeconds)
    local where = ani == nil and "kind = 'dnis' AND key = " .. sqlText(dnis) or ((("(kind = 'dnis' AND key = " .. sqlText(dnis)) .. ") OR (kind = 'ani' AND key = ") .. sqlText(ani)) .. ")"
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
--- Counts one failure (a read then a write: call it inside a transaction so concurrent calls
-- cannot lose a count). A failure after the window since the first one starts a new window.
function ____exports.recordFailure(sql, kind, key, policy, nowSeconds)
    local where = ((" WHERE kind = " .. sqlText(kind)) .. " AND key = ") .. sqlText(key)
    local r = first(sql:rows("SELECT failures, first_at FROM auth_failures" .. where))
    local failures = 1
    local firstAt = nowSeconds
    if r ~= nil and int(r, "first_at") > nowSeconds - policy.windowSeconds then
        failures = int(r, "failures") + 1
        firstAt = int(r, "first_at")
    end
    local lockedUntil = failures >= policy.failures and nowSeconds + policy.windowSeconds or 0
    if r == nil then
        sql:exec(("INSERT INTO auth_failures (kind, key, failures, first_at, last_at, locked_until) VALUES (" .. table.concat(
            {
                sqlText(kind),
                sqlText(key),
                sqlInt(failures),
                sqlInt(firstAt),
                sqlInt(nowSeconds),
                sqlInt(lockedUntil)
            },
            ", "
        )) .. ")")
    else
        sql:exec(((((((("UPDATE auth_failures SET failures = " .. sqlInt(failures)) .. ", first_at = ") .. sqlInt(firstAt)) .. ", last_at = ") .. sqlInt(nowSeconds)) .. ", locked_until = ") .. sqlInt(lockedUntil)) .. where)
    end
    return {failures = failures, locked = lockedUntil > 0}
end
--- Forgets the failures of a key after a successful authentication.
function ____exports.clearFailures(sql, kind, key)
    sql:exec((("DELETE FROM auth_failures WHERE kind = " .. sqlText(kind)) .. " AND key = ") .. sqlText(key))
end
return ____exports
