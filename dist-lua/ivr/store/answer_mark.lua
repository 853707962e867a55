local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
--- Marks a hold's call as answered at nowSeconds. Idempotent: a hold already marked, or already
-- settled (its hook may run first), is left alone. Returns true when it marked one.
function ____exports.markAnswered(sql, uuid, nowSeconds)
    return sql:exec("UPDATE holds SET answered_at = " .. sqlInt(nowSeconds) .. " WHERE uuid = " .. sqlText(uuid) .. " AND answered_at IS NULL") == 1
end
return ____exports
