local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- Runs fn between BEGIN and COMMIT; ROLLBACK when fn throws or returns rollback: true.
function ____exports.withTransaction(sql, fn)
    sql:exec(sql.dialect == "sqlite" and "BEGIN IMMEDIATE" or "BEGIN")
    do
        local function ____catch(e)
            pcall(function() return sql:exec("ROLLBACK") end)
            error(e, 0)
        end
        local ____try, ____hasReturned, ____returnValue = pcall(function()
            local result = fn()
            sql:exec(result.rollback == true and "ROLLBACK" or "COMMIT")
            return true, result.value
        end)
        if not ____try then
            ____hasReturned, ____returnValue = ____catch(____hasReturned)
        end
        if ____hasReturned then
            return ____returnValue
        end
    end
end
--- PostgreSQL: locks the account's row (SELECT … FOR UPDATE) before the transaction reads or
-- writes anything else of it. Every money transaction calls it first, so settle, reaping and
-- authorisation on one account never deadlock. A no-op on SQLite, whose BEGIN IMMEDIATE already
-- serialises writers.
function ____exports.lockAccount(sql, accountId)
    if sql.dialect == "pgsql" then
        sql:rows("SELECT id FROM accounts WHERE id = " .. sqlInt(accountId) .. " FOR UPDATE")
    end
end
--- Runs a statement that must change exactly w.rows rows; anything else throws (and rolls back).
function ____exports.write(sql, w)
    local changed = sql:exec(w.sql)
    if changed ~= w.rows then
        bug("write changed " .. sqlInt(changed) .. " rows, expected " .. sqlInt(w.rows) .. ": " .. w.sql)
    end
end
--- Runs a plan of src/domain/settlement.ts in one transaction on the account: its guard first
-- (0 rows: the hold is gone, or a release finds it answered since; nothing is written), then
-- every other write. Returns false when the guard found nothing to do.
function ____exports.runPlan(sql, accountId, writes)
    return ____exports.withTransaction(
        sql,
        function()
            ____exports.lockAccount(sql, accountId)
            if sql:exec(writes[1].sql) ~= 1 then
                return {value = false, rollback = true}
            end
            do
                local i = 1
                while i < #writes do
                    ____exports.write(sql, writes[i + 1])
                    i = i + 1
                end
            end
            return {value = true}
        end
    )
end
return ____exports
