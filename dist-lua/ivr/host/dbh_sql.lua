local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____ports = require("ivr.ports")
local StoreFailure = ____ports.StoreFailure
--- Pragmas for SQLite handles: the same durability the CLI sets (src/cli/store/db.ts).
local SQLITE_PRAGMAS = {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}
--- The engine a Dbh DSN opens: pgsql://… is PostgreSQL (mod_pgsql); sqlite://…, an absolute
-- path or a bare name (FreeSWITCH's db folder) is SQLite; anything else (odbc://…) is not one
-- ccard runs on.
function ____exports.dsnDialect(dsn)
    if __TS__StringStartsWith(dsn, "pgsql://") then
        return "pgsql"
    end
    if __TS__StringStartsWith(dsn, "sqlite://") or __TS__StringStartsWith(dsn, "/") or (string.find(dsn, "://", nil, true) or 0) - 1 < 0 then
        return "sqlite"
    end
    return nil
end
--- A DSN of an engine ccard does not run on fails (StoreFailure) at the first statement.
function ____exports.dbhSql(dsn)
    local handle
    local known = ____exports.dsnDialect(dsn)
    local dialect = known or "sqlite"
    local function take()
        if handle ~= nil then
            return handle
        end
        if known == nil then
            error(
                __TS__New(StoreFailure, "ccard_dsn must be sqlite:///path, an absolute path or pgsql://..."),
                0
            )
        end
        local h = freeswitch.Dbh(dsn)
        if not h:connected() then
            error(
                __TS__New(StoreFailure, "cannot connect to the database"),
                0
            )
        end
        handle = h
        if dialect == "sqlite" then
            for ____, p in ipairs(SQLITE_PRAGMAS) do
                if not h:query(p) then
                    error(
                        __TS__New(
                            StoreFailure,
                            (p .. ": ") .. (h:last_error() or "failed")
                        ),
                        0
                    )
                end
            end
        end
        return h
    end
    return {
        dialect = dialect,
        rows = function(____, sql)
            local h = take()
            local out = {}
            local ok = h:query(
                sql,
                function(raw)
                    local row = raw
                    for k, v in pairs(raw) do
                        if v == "" then
                            row[k] = nil
                        end
                    end
                    out[#out + 1] = row
                    return 0
                end
            )
            if not ok then
                error(
                    __TS__New(
                        StoreFailure,
                        h:last_error() or "query failed (FreeSWITCH logs the reason: SQL ERR)"
                    ),
                    0
                )
            end
            return out
        end,
        exec = function(____, sql)
            local h = take()
            if not h:query(sql) then
                error(
                    __TS__New(
                        StoreFailure,
                        h:last_error() or "statement failed"
                    ),
                    0
                )
            end
            return h:affected_rows()
        end,
        release = function()
            if handle ~= nil then
                handle:release()
                handle = nil
            end
        end
    }
end
return ____exports
