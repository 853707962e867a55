local ____exports = {}
--- Runs fn between BEGIN and COMMIT; ROLLBACK when fn throws or returns rollback: true.
function ____exports.withTransaction(sql, options, fn)
    sql:exec(options.sqlite and "BEGIN IMMEDIATE" or "BEGIN")
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
--- PostgreSQL: lock the rows a money transaction reads before it reads them (SELECT … FOR
-- UPDATE), so concurrent calls on one account queue up as they do on SQLite, whose BEGIN
-- IMMEDIATE already serialises writers. A no-op on SQLite (which has no FOR UPDATE).
function ____exports.lockForUpdate(sql, options, select)
    if not options.sqlite then
        sql:rows(select .. " FOR UPDATE")
    end
end
return ____exports
