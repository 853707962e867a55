-- The capacity benchmark's baseline caller script (bench/lib/callrate.mjs): what a retail call
-- changes in the database, as bare transactions, with no ccard engine. It runs where retail.lua
-- runs, on the same fake switch, and dials with the same hooks (answered.lua, settle.lua beside
-- it), so the baseline pays the same host as ccard does and differs only by the engine.
-- On SQLite: the IVR's pragmas and BEGIN IMMEDIATE. On PostgreSQL (a pgsql:// DSN): BEGIN, and
-- the account row locked first (SELECT … FOR UPDATE), as ccard's lockAccount does.
-- With the global bench_reads=1 (the benchmark's `reads` mode) it first makes the three reads any
-- prepaid engine needs before it can hold money: the product, the caller ID's account, the
-- destination's rate (ccard's lookup). The account it holds on is then the one it read.
local dsn = freeswitch.getGlobalVariable("ccard_dsn")
local pgsql = dsn:match("^pgsql://") ~= nil
local dbh = freeswitch.Dbh(dsn)
local function run(sql)
  if not dbh:query(sql) then error("bare retail: " .. tostring(dbh:last_error()) .. "\n" .. sql) end
end
if not pgsql then run(require("ivr.host.dbh_sql").SQLITE_SETUP) end
local cli = session:getVariable("caller_id_number"):sub(2)
local account = tonumber(cli:sub(-4)) -- the fixture ends each caller ID with its account id
if freeswitch.getGlobalVariable("bench_reads") == "1" then
  local function read(sql)
    local row
    dbh:query(sql, function(r) row = row or r end)
    if row == nil then error("bare retail: no row for " .. sql) end
    return row
  end
  local product = read("SELECT p.id, p.rate_table_id, p.max_call_seconds FROM products p WHERE p.name = 'shop'")
  account = tonumber(read(string.format("SELECT a.id, a.balance_micros, a.held_micros, a.state FROM cli_map m " ..
    "JOIN accounts a ON a.id = m.account_id WHERE m.cli = '%s'", cli)).id)
  local prefixes = {}
  for n = 10, 1, -1 do prefixes[#prefixes + 1] = "'" .. ("441612345678"):sub(1, n) .. "'" end
  read(string.format("SELECT r.prefix, r.route, r.rate_per_minute_micros, r.connect_fee_micros, r.initial_seconds, " ..
    "r.increment_seconds FROM rate_versions v JOIN rates r ON r.table_id = v.table_id AND r.version = v.version " ..
    "WHERE v.table_id = %d AND v.version = (SELECT x.version FROM rate_versions x WHERE x.table_id = %d AND x.effective_at <= %d " ..
    "ORDER BY x.effective_at DESC, x.version DESC LIMIT 1) AND r.prefix IN (%s) ORDER BY r.prefix DESC LIMIT 1",
    product.rate_table_id, product.rate_table_id, os.time(), table.concat(prefixes, ", ")))
end
local uuid = freeswitch.API():executeString("create_uuid")
local now, hold = os.time(), 1000000
run(pgsql and "BEGIN" or "BEGIN IMMEDIATE")
if pgsql then run(string.format("SELECT id FROM accounts WHERE id = %d FOR UPDATE", account)) end
run(string.format("UPDATE accounts SET held_micros = held_micros + %d WHERE id = %d AND balance_micros - held_micros >= %d", hold, account, hold))
run(string.format("INSERT INTO holds (uuid, account_id, product_id, amount_micros, granted_seconds, ani, dnis, destination, prefix, " ..
  "rate_table_id, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, initial_seconds, increment_seconds, grace_seconds, " ..
  "minimum_cost_micros, gateway, created_at, expires_at) VALUES ('%s', %d, 2, %d, 600, '%s', '00441612345678', '441612345678', '44', 1, " ..
  "100000, 0, 0, 60, 6, 0, 0, 'gw1', %d, %d)", uuid, account, hold, cli, now, now + 780))
run("COMMIT")
dbh:release()
session:setVariable("continue_on_fail", "true")
session:execute("bridge", string.format("{origination_uuid=%s,originate_timeout=60,ignore_early_media=true," ..
  "api_on_answer='luarun answered.lua %s',api_reporting_hook='lua settle.lua %s',execute_on_answer='sched_hangup +599 ALLOTTED_TIMEOUT'}" ..
  "sofia/gateway/gw1/441612345678", uuid, uuid, uuid))
session:setVariable("ccard_cost", "0.100000")
