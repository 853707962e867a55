-- The capacity benchmark's baseline answer mark (see retail.lua here): one UPDATE.
local dbh = freeswitch.Dbh(freeswitch.getGlobalVariable("ccard_dsn"))
dbh:query(require("ivr.host.dbh_sql").SQLITE_SETUP)
dbh:query(string.format("UPDATE holds SET answered_at = %d WHERE uuid = '%s' AND answered_at IS NULL", os.time(), argv[1]))
dbh:release()
