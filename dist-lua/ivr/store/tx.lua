local ____exports = {}
--- Runs fn between BEGIN and COMMIT; ROLLBACK when fn throws or returns rollback: true.
function ____exports.withTransaction(sql, options, fn)
    sql:exec(options.sqlite and "BEGIN IMMEDIATE" or "BEGIN")
    local result
    do
        local function ____catch(e)
            pcall(function() return sql:exec("ROLLBACK") end)
            error(e, 0)
        end
        local ____try, ____hasReturned = pcall(function()
            result = fn()
        end)
        if not ____try then
            ____catch(____hasReturned)
        end
    end
    if result.rollback == true then
        sql:exec("ROLLBACK")
    else
        do
            local function ____catch(e)
                pcall(function() return sql:exec("ROLLBACK") end)
                error(e, 0)
            end
            local ____try, ____hasReturned = pcall(function()
                sql:exec("COMMIT")
            end)
            if not ____try then
                ____catch(____hasReturned)
            end
        end
    end
    return result.value
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
