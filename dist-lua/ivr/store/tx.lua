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
    sql:exec(result.rollback == true and "ROLLBACK" or "COMMIT")
    return result.value
end
return ____exports
