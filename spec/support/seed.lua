-- Test databases for the IVR specs, on the engine CCARD_TEST_ENGINE names: "sqlite" (the default)
-- or "pgsql" (a real PostgreSQL server: CCARD_TEST_PG_URL and CCARD_TEST_PG_CONNINFO, which
-- `npm test` sets up, scripts/pg.mjs). The schema comes from the CLI's own migrations (`ccard
-- init`, run once per busted process into a template), then each test gets a fresh copy with a
-- small catalogue: rate tables, gateways, a route, a card product, a retail product.
--
-- A database is named by a path, DIR/ccard.db, whatever the engine: on SQLite it is the file; on
-- PostgreSQL it stands for a database of its own (made from the template), and DIR holds the
-- spool folder either way. dsn(db) is what FreeSWITCH's Dbh opens, cli_db(db) what `ccard --db`
-- takes, sql(db, …) runs SQL on it.
local M = {}

M.ENGINE = os.getenv("CCARD_TEST_ENGINE") or "sqlite"
assert(M.ENGINE == "sqlite" or M.ENGINE == "pgsql", "CCARD_TEST_ENGINE must be sqlite or pgsql, got " .. M.ENGINE)

local function sh(cmd)
  local ok = os.execute(cmd)
  if ok ~= true and ok ~= 0 then error("command failed: " .. cmd) end
end

local function copy(from, to)
  local src = assert(io.open(from, "rb"))
  local data = src:read("*a")
  src:close()
  local dst = assert(io.open(to, "wb"))
  dst:write(data)
  dst:close()
end

-- The engine side: open a connection to a database, and make a fresh one from the template.
local engine = {}
local pg_names = {} -- path → PostgreSQL database name

if M.ENGINE == "sqlite" then
  local env = require("luasql.sqlite3").sqlite3()
  local template
  function engine.connect(path) return assert(env:connect(path)) end
  function engine.release(conn) conn:close() end
  function engine.fresh(path)
    if not template then
      local dir = os.tmpname()
      os.remove(dir)
      sh("mkdir -p " .. dir)
      template = dir .. "/template.db"
      sh("node bin/ccard init --db " .. template .. " >/dev/null")
      -- Fold the WAL into the main file so a plain copy carries the whole schema.
      local conn = engine.connect(template)
      local cur = conn:execute("PRAGMA wal_checkpoint(TRUNCATE)")
      if type(cur) == "userdata" then cur:close() end
      conn:close()
    end
    copy(template, path)
  end
  function engine.empty(path) copy("/dev/null", path) end
  function engine.dsn(path) return "sqlite://" .. path end
  function engine.node_dsn(path) return engine.dsn(path) end -- one switch: every "node" has the file
  engine.TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
  function engine.cli_db(path) return path end
else
  local url = assert(os.getenv("CCARD_TEST_PG_URL"), "CCARD_TEST_ENGINE=pgsql needs CCARD_TEST_PG_URL (npm test sets it)")
  local conninfo = assert(os.getenv("CCARD_TEST_PG_CONNINFO"), "CCARD_TEST_ENGINE=pgsql needs CCARD_TEST_PG_CONNINFO (npm test sets it)")
  local user, password, host, port = url:match("^postgres://([^:]+):([^@]+)@([^:/]+):(%d+)")
  assert(user, "CCARD_TEST_PG_URL must be postgres://USER:PASS@HOST:PORT")
  local env = require("luasql.postgres").postgres()
  -- Names carry this process's pid (from /proc/self/stat), as the node specs' do, so parallel
  -- runs never collide and `npm test` drops what a run left behind (scripts/pg.mjs).
  local stat = assert(io.open("/proc/self/stat"))
  local pid = assert(stat:read("*l"):match("^(%d+)"))
  stat:close()
  -- busted loads this module afresh for every spec file (insulation): a tag from os.tmpname
  -- keeps each load's names apart within the one process.
  local scratch = os.tmpname()
  os.remove(scratch)
  local tag = scratch:match("([^/]+)$"):lower():gsub("[^a-z0-9]", "")
  local prefix = "ccard_t_" .. pid .. "_" .. tag
  local count, template = 0, nil
  -- A login costs ~30 ms (SCRAM and a new backend), a statement under 1 ms: the specs' own
  -- connections stay open, one per database, until the next fresh database (or a lost one).
  local open = {} -- database name → connection
  local function forget_all()
    for name, conn in pairs(open) do
      conn:close()
      open[name] = nil
    end
  end
  function engine.connect(path)
    local name = pg_names[path] or path
    local conn = open[name]
    if conn then
      local probe = conn:execute("SELECT 1")
      if probe then
        probe:close()
        return conn
      end
      pcall(conn.close, conn)
    end
    conn = assert(env:connect(name, user, password, host, tonumber(port)))
    open[name] = conn
    return conn
  end
  function engine.release() end
  local function admin(sql)
    local ok, err = engine.connect("postgres"):execute(sql)
    if not ok then error(tostring(err) .. "\n" .. sql) end
  end
  function engine.fresh(path)
    if not template then
      template = "ccard_tpl_" .. pid .. "_" .. tag
      admin("CREATE DATABASE " .. template)
      sh("node bin/ccard init --db " .. url .. "/" .. template .. " >/dev/null")
    end
    -- The fake Dbh pools idle connections per DSN as FreeSWITCH does; earlier tests' databases
    -- are done with, so their idle connections go before they use up the server's slots.
    require("support.fake_dbh").close_idle()
    forget_all()
    count = count + 1
    pg_names[path] = prefix .. "_" .. count
    admin("CREATE DATABASE " .. pg_names[path] .. " TEMPLATE " .. template)
  end
  function engine.empty(path)
    count = count + 1
    pg_names[path] = prefix .. "_" .. count
    admin("CREATE DATABASE " .. pg_names[path])
  end
  engine.TABLES = "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
  function engine.dsn(path) return "pgsql://" .. conninfo .. " dbname=" .. pg_names[path] end
  function engine.cli_db(path) return url .. "/" .. pg_names[path] end
  function engine.node_dsn(path, node) return engine.dsn(path) .. " application_name=" .. node end
  --- Runs SQL on the server's postgres database (ALTER DATABASE, pg_terminate_backend, …).
  M.admin = admin
  --- Drops every database this process made (a spec run's clean-up).
  function M.drop_all()
    require("support.fake_dbh").close_idle()
    forget_all()
    for _, name in pairs(pg_names) do pcall(admin, "DROP DATABASE IF EXISTS " .. name .. " WITH (FORCE)") end
    if template then pcall(admin, "DROP DATABASE IF EXISTS " .. template) end
  end
end

--- A database with no ccard schema at all: every query of the IVR fails on it.
function M.empty()
  local path = os.tmpname()
  engine.empty(path)
  return path
end

--- What FreeSWITCH's Dbh opens for a database: sqlite:///path, or pgsql://CONNINFO dbname=….
function M.dsn(db) return engine.dsn(db) end

--- The DSN one FreeSWITCH node of several opens (its own connections, named by node on PostgreSQL).
function M.node_dsn(db, node) return engine.node_dsn(db, node) end

--- What `ccard --db` takes for a database: the file, or a postgres:// URL.
function M.cli_db(db) return engine.cli_db(db) end

-- LuaSQL gives PostgreSQL's values as text: integer and numeric columns become numbers, as SQLite's are
-- (SUM and AVG answer numeric).
local PG_NUMBER = { int2 = true, int4 = true, int8 = true, numeric = true }

--- Runs SQL on a database; returns rows (tables of column → value) for a SELECT.
function M.sql(db, sql)
  local conn = engine.connect(db)
  local r, err = conn:execute(sql)
  if r == nil then
    engine.release(conn)
    error(err .. "\n" .. sql, 2)
  end
  local rows = {}
  if type(r) == "userdata" then
    local names, types = r:getcolnames(), r:getcoltypes()
    local row = r:fetch({}, "a")
    while row do
      if M.ENGINE == "pgsql" then
        for i, name in ipairs(names) do
          if PG_NUMBER[types[i]] and row[name] ~= nil then row[name] = tonumber(row[name]) end
        end
      end
      rows[#rows + 1] = row
      row = r:fetch({}, "a")
    end
    r:close()
  end
  engine.release(conn)
  return rows
end

--- The names of a database's tables, in name order.
function M.tables(db)
  local names = {}
  for _, t in ipairs(M.sql(db, engine.TABLES)) do names[#names + 1] = t.name end
  return names
end

function M.one(db, sql)
  return M.sql(db, sql)[1]
end

local NOW = os.time()
-- A rates row of table_id, version, then the columns the comment over the catalogue names.
local RATES = "INSERT INTO rates (table_id, version, prefix, destination, rate_per_minute_micros, connect_fee_micros, disconnect_fee_micros, " ..
  "initial_seconds, increment_seconds, grace_seconds, minimum_cost_micros, route) VALUES "
M.NOW = NOW
M.DNIS = "18005550100"
M.RETAIL_DNIS = "18005550199"

--- The spool folder beside a database made by fresh() (settle.lua's ccard_spool_dir in the specs).
function M.spool_dir(path)
  return path:match("^(.*)/[^/]+$") .. "/spool"
end

--- A fresh database with the standard catalogue, and an empty spool folder beside it. Returns its path.
function M.fresh()
  local dir = os.tmpname()
  os.remove(dir)
  sh("mkdir -p " .. dir .. "/spool")
  local path = dir .. "/ccard.db"
  engine.fresh(path)
  local t = NOW - 1000
  local stmts = {
    "INSERT INTO rate_tables (id, name, currency, created_at) VALUES (1, 'std', 'USD', " .. t .. ")",
    "INSERT INTO rate_tables (id, name, currency, created_at) VALUES (2, 'vendor', 'USD', " .. t .. ")",
    -- Version 1 of each, in force since ever, its longest prefix not recorded (15: every prefix).
    "INSERT INTO rate_versions (table_id, version, effective_at, max_prefix_digits, row_count, loaded_at) VALUES (1, 1, 0, 15, 6, " .. t .. ")",
    "INSERT INTO rate_versions (table_id, version, effective_at, max_prefix_digits, row_count, loaded_at) VALUES (2, 1, 0, 15, 1, " .. t .. ")",
    -- prefix, destination, per minute, connect, disconnect, initial, increment, grace, minimum, route
    RATES .. "(1, 1, '44', 'United Kingdom', 100000, 0, 0, 60, 60, 0, 0, 'intl')",
    RATES .. "(1, 1, '4420', 'London', 50000, 0, 0, 1, 1, 0, 0, 'intl')",
    RATES .. "(1, 1, '1', 'NANP', 20000, 0, 0, 6, 6, 0, 0, 'intl')",
    RATES .. "(1, 1, '33', 'France', 60000, 10000, 0, 30, 6, 3, 0, 'intl')",
    RATES .. "(1, 1, '881', 'Free test line', 0, 0, 0, 1, 1, 0, 0, 'intl')",
    RATES .. "(1, 1, '999', 'Unroutable', 100000, 0, 0, 60, 60, 0, 0, '')",
    RATES .. "(1, 0, '49', 'Old deck only', 1, 0, 0, 1, 1, 0, 0, 'intl')",
    RATES .. "(2, 1, '44', 'UK vendor', 30000, 0, 0, 1, 1, 0, 0, '')",
    "INSERT INTO gateways (id, name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (1, 'gw1', '', 0, 2, 1, " .. t .. ")",
    "INSERT INTO gateways (id, name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (2, 'gw2', '00', 0, 2, 1, " .. t .. ")",
    "INSERT INTO routes (id, name, max_attempts, created_at) VALUES (1, 'intl', 3, " .. t .. ")",
    "INSERT INTO route_gateways VALUES (1, 1, 1)",
    "INSERT INTO route_gateways VALUES (1, 2, 1)",
    "INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, pin_length, pin_max_tries, " ..
      "max_call_seconds, lockout_failures, lockout_window_seconds, created_at) VALUES (1, 'gold', 'card', 'en', 'USD', 1, 2, 12, 3, 7200, 5, 3600, " .. t .. ")",
    "INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, pin_length, pin_max_tries, " ..
      "max_call_seconds, created_at) VALUES (2, 'shop', 'retail', 'es', 'USD', 1, 3, 12, 3, 7200, " .. t .. ")",
    "INSERT INTO access_numbers (dnis, product_id) VALUES ('" .. M.DNIS .. "', 1)",
    "INSERT INTO access_numbers (dnis, product_id) VALUES ('" .. M.RETAIL_DNIS .. "', 2)",
    "INSERT INTO batches (id, product_id, card_count, value_micros, first_serial, last_serial, created_at) VALUES (1, 1, 0, 0, '0000000001', '0000000009', " .. t .. ")",
  }
  for _, s in ipairs(stmts) do M.sql(path, s) end
  if M.ENGINE == "pgsql" then
    -- Rows given their ids leave the identity sequences behind: move them past those ids.
    for _, tbl in ipairs({ "rate_tables", "gateways", "routes", "products", "batches" }) do
      M.sql(path, "SELECT setval(pg_get_serial_sequence('" .. tbl .. "', 'id'), (SELECT MAX(id) FROM " .. tbl .. "))")
    end
  end
  return path
end

local next_card = 0

--- Adds a card; o = { pin, balance (micros), state, expires_at, first_used_at, fees_paid_until, product_id,
--- issued }. issued = true also writes the 'issue' ledger row `ccard cards generate` writes (from 0 to
--- the balance), so the ledger accounts for all the money, as `ccard audit` wants.
function M.card(path, o)
  next_card = next_card + 1
  local serial = string.format("%010d", next_card)
  local product = o.product_id or 1
  M.sql(path, string.format("INSERT INTO accounts (product_id, kind, currency, balance_micros, held_micros, state, created_at) " ..
    "VALUES (%d, 'card', 'USD', %d, 0, '%s', %d)", product, o.balance or 0, o.account_state or "active", NOW - 500))
  local account = M.one(path, "SELECT MAX(id) AS id FROM accounts").id
  local function opt(v) return v and tostring(v) or "NULL" end
  M.sql(path, string.format("INSERT INTO cards (serial, pin, account_id, batch_id, product_id, state, created_at, first_used_at, expires_at, fees_paid_until) " ..
    "VALUES ('%s', '%s', %d, 1, %d, '%s', %d, %s, %s, %s)", serial, o.pin, account, product, o.state or "active", NOW - 500,
    opt(o.first_used_at), opt(o.expires_at), opt(o.fees_paid_until)))
  if o.issued then
    M.sql(path, string.format("INSERT INTO ledger (account_id, reason, amount_micros, balance_before_micros, balance_after_micros, ref, created_at) " ..
      "VALUES (%d, 'issue', %d, 0, %d, '1', %d)", account, o.balance or 0, o.balance or 0, NOW - 500))
  end
  return { serial = serial, account_id = account }
end

--- Adds a retail master account of product 2 with a mapped caller ID.
function M.master(path, o)
  M.sql(path, string.format("INSERT INTO accounts (product_id, kind, currency, balance_micros, held_micros, state, created_at) " ..
    "VALUES (2, 'master', 'USD', %d, 0, '%s', %d)", o.balance or 0, o.state or "active", NOW - 500))
  local account = M.one(path, "SELECT MAX(id) AS id FROM accounts").id
  if o.cli then M.sql(path, string.format("INSERT INTO cli_map VALUES ('%s', %d, %d)", o.cli, account, NOW - 500)) end
  return account
end

function M.map_cli(path, cli, account_id)
  M.sql(path, string.format("INSERT INTO cli_map VALUES ('%s', %d, %d)", cli, account_id, NOW - 500))
end

function M.account(path, id)
  return M.one(path, "SELECT * FROM accounts WHERE id = " .. id)
end

--- Every row of every money table, for "nothing changed" assertions.
function M.snapshot(path)
  local out = {}
  for _, t in ipairs({ "accounts", "cards", "holds", "cdrs", "ledger", "cli_map" }) do
    out[t] = M.sql(path, "SELECT * FROM " .. t .. " ORDER BY 1")
  end
  return out
end

return M
