-- The capacity benchmark's baseline settlement (see retail.lua here): the writes of a settled
-- call (debit and release, CDR, ledger row, hold gone) as one bare transaction; on PostgreSQL
-- BEGIN and the account row locked first, as ccard's lockAccount does (see retail.lua here).
-- With bench_reads=1 it first reads the hold, as any engine must to price the call, and releases
-- the amount it read.
local dsn = freeswitch.getGlobalVariable("ccard_dsn")
local pgsql = dsn:match("^pgsql://") ~= nil
local dbh = freeswitch.Dbh(dsn)
local function run(sql)
  if not dbh:query(sql) then error("bare settle: " .. tostring(dbh:last_error()) .. "\n" .. sql) end
end
if not pgsql then run(require("ivr.host.dbh_sql").SQLITE_SETUP) end
local uuid, billmsec = argv[1], tonumber(env:getHeader("variable_billmsec"))
local now, hold, cost = os.time(), 1000000, 100000
if freeswitch.getGlobalVariable("bench_reads") == "1" then
  local row
  dbh:query(string.format("SELECT h.account_id, h.amount_micros, h.rate_per_minute_micros, h.initial_seconds, h.increment_seconds, " ..
    "h.created_at FROM holds h WHERE h.uuid = '%s'", uuid), function(r) row = r end)
  if row == nil then error("bare settle: no hold " .. uuid) end
  hold = tonumber(row.amount_micros)
end
run(pgsql and "BEGIN" or "BEGIN IMMEDIATE")
if pgsql then run(string.format("SELECT id FROM accounts WHERE id = (SELECT account_id FROM holds WHERE uuid = '%s') FOR UPDATE", uuid)) end
run(string.format("UPDATE accounts SET balance_micros = balance_micros - %d, held_micros = held_micros - %d WHERE id = (SELECT account_id FROM holds WHERE uuid = '%s')", cost, hold, uuid))
run(string.format("INSERT INTO cdrs (uuid, account_id, product_id, ani, dnis, destination, prefix, rate_table_id, gateway, rate_per_minute_micros, " ..
  "granted_seconds, answered_ms, cost_micros, balance_before_micros, balance_after_micros, started_at, settled_at) " ..
  "SELECT uuid, account_id, 2, ani, dnis, destination, prefix, 1, 'gw1', 100000, 600, %d, %d, 0, 0, created_at, %d FROM holds WHERE uuid = '%s'",
  billmsec, cost, now, uuid))
run(string.format("INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) " ..
  "SELECT account_id, 'call', %d, 0, 0, uuid, %d FROM holds WHERE uuid = '%s'", -cost, now, uuid))
run(string.format("DELETE FROM holds WHERE uuid = '%s'", uuid))
run("COMMIT")
dbh:release()
