local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local sqlText = ____sql.sqlText
local ____tx = require("ivr.store.tx")
local write = ____tx.write
--- Call inside the transaction that changes the balance.
function ____exports.appendLedger(sql, e)
    write(
        sql,
        {
            sql = "INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) VALUES (" .. table.concat(
                {
                    sqlInt(e.accountId),
                    sqlText(e.reason),
                    sqlInt(e.amountMicros),
                    sqlInt(e.beforeMicros),
                    sqlInt(e.afterMicros),
                    sqlText(e.ref),
                    sqlInt(e.atSeconds)
                },
                ", "
            ) .. ")",
            rows = 1
        }
    )
end
return ____exports
