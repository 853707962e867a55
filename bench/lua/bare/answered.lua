-- The capacity benchmark's baseline answer mark (see retail.lua here): one UPDATE (no lock on
-- PostgreSQL either: ccard's answer mark takes none).
local dsn = freeswitch.getGlobalVariable("ccard_dsn")
local dbh = freeswitch.Dbh(dsn)
if not dsn:match("^pgsql://") then dbh:query(require("ivr.host.dbh_sql").SQLITE_SETUP) end
dbh:query(string.format("UPDATE holds SET answered_at = %d WHERE uuid = '%s' AND answered_at IS NULL", os.time(), argv[1]))
dbh:release()
