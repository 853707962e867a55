local ____lualib = require("lualib_bundle")
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local ____ports = require("ivr.ports")
local StoreFailure = ____ports.StoreFailure
--- SQLite's own wait for another connection's write lock, in ms (PRAGMA busy_timeout), before it
-- answers BUSY. FreeSWITCH sets none, and retries a BUSY statement after a 100 ms sleep, 299
-- times: every collision of two calls' transactions then costs at least 100 ms, and collisions
-- pile into convoys. With this wait a collision costs what the other transaction takes (a few
-- ms); only a lock held longer than this meets FreeSWITCH's retries. A database locked for good
-- fails a call after at most 299 × (this + 100 ms) ≈ 105 s: the caller then hears the
-- service-unavailable prompt, and no money is held. Chosen by measurement: 50 ms still let lock
-- waits past it reach the retries below capacity, 1000 ms gained no capacity over 250 and
-- stretches that worst case to 5½ minutes (docs/benchmarks.md, "The busy timeout").
____exports.SQLITE_BUSY_TIMEOUT_MS = 250
--- What every SQLite handle is set to, in one query each time a script takes one (a pooled handle
-- may come from a process or build that set other values): the busy timeout above and the
-- durability the CLI sets (src/cli/store/db.ts).
____exports.SQLITE_SETUP = "PRAGMA busy_timeout=" .. intStr(____exports.SQLITE_BUSY_TIMEOUT_MS) .. "; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON"
--- The engine a Dbh DSN opens: pgsql://… is PostgreSQL (mod_pgsql); sqlite://…, an absolute
-- path or a bare name (FreeSWITCH's db folder) is SQLite; anything else (odbc://…) is not one
-- ccard runs on.
local function dsnDialect(dsn)
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
    local setUp = {}
    local known = dsnDialect(dsn)
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
        setUp = {}
        if dialect == "sqlite" and not h:query(____exports.SQLITE_SETUP) then
            error(
                __TS__New(
                    StoreFailure,
                    ____exports.SQLITE_SETUP .. ": " .. (h:last_error() or "failed")
                ),
                0
            )
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
        once = function(____, purpose, setup)
            take()
            if setUp[purpose] then
                return
            end
            setup()
            setUp[purpose] = true
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
