-- Test databases for the IVR specs: the schema comes from the CLI's own migrations
-- (`ccard init`, run once per busted process into a template), then each test gets a fresh
-- copy with a small catalogue: rate tables, gateways, a route, a card product, a retail product.
local luasql = require("luasql.sqlite3")

local M = {}
local env = luasql.sqlite3()
local template

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

local function ensure_template()
  if template then return template end
  local dir = os.tmpname()
  os.remove(dir)
  sh("mkdir -p " .. dir)
  template = dir .. "/template.db"
  sh("node bin/ccard init --db " .. template .. " >/dev/null")
  -- Fold the WAL into the main file so a plain copy carries the whole schema.
  local conn = assert(env:connect(template))
  local cur = conn:execute("PRAGMA wal_checkpoint(TRUNCATE)")
  if type(cur) == "userdata" then cur:close() end
  conn:close()
  return template
end

--- Runs SQL on a database file; returns rows (tables of column → value) for a SELECT.
function M.sql(path, sql)
  local conn = assert(env:connect(path))
  local r, err = conn:execute(sql)
  if r == nil then
    conn:close()
    error(err .. "\n" .. sql, 2)
  end
  local rows = {}
  if type(r) == "userdata" then
    local row = r:fetch({}, "a")
    while row do
      rows[#rows + 1] = row
      row = r:fetch({}, "a")
    end
    r:close()
  end
  conn:close()
  return rows
end

function M.one(path, sql)
  return M.sql(path, sql)[1]
end

local NOW = os.time()
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
  copy(ensure_template(), path)
  local t = NOW - 1000
  local stmts = {
    "INSERT INTO rate_tables (id, name, currency, active_version, created_at) VALUES (1, 'std', 'USD', 1, " .. t .. ")",
    "INSERT INTO rate_tables (id, name, currency, active_version, created_at) VALUES (2, 'vendor', 'USD', 1, " .. t .. ")",
    -- prefix, destination, per minute, connect, disconnect, initial, increment, grace, minimum, route
    "INSERT INTO rates VALUES (1, 1, '44', 'United Kingdom', 100000, 0, 0, 60, 60, 0, 0, 'intl')",
    "INSERT INTO rates VALUES (1, 1, '4420', 'London', 50000, 0, 0, 1, 1, 0, 0, 'intl')",
    "INSERT INTO rates VALUES (1, 1, '1', 'NANP', 20000, 0, 0, 6, 6, 0, 0, 'intl')",
    "INSERT INTO rates VALUES (1, 1, '33', 'France', 60000, 10000, 0, 30, 6, 3, 0, 'intl')",
    "INSERT INTO rates VALUES (1, 1, '881', 'Free test line', 0, 0, 0, 1, 1, 0, 0, 'intl')",
    "INSERT INTO rates VALUES (1, 1, '999', 'Unroutable', 100000, 0, 0, 60, 60, 0, 0, '')",
    "INSERT INTO rates VALUES (1, 0, '49', 'Old deck only', 1, 0, 0, 1, 1, 0, 0, 'intl')",
    "INSERT INTO rates VALUES (2, 1, '44', 'UK vendor', 30000, 0, 0, 1, 1, 0, 0, '')",
    "INSERT INTO gateways (id, name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (1, 'gw1', '', 0, 2, 1, " .. t .. ")",
    "INSERT INTO gateways (id, name, dial_prefix, max_channels, cost_table_id, enabled, created_at) VALUES (2, 'gw2', '00', 0, 2, 1, " .. t .. ")",
    "INSERT INTO routes (id, name, max_attempts, created_at) VALUES (1, 'intl', 3, " .. t .. ")",
    "INSERT INTO route_gateways VALUES (1, 1, 1)",
    "INSERT INTO route_gateways VALUES (1, 2, 1)",
    "INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, pin_length, pin_max_tries, " ..
      "max_call_seconds, lockout_failures, lockout_window_seconds, created_at) VALUES (1, 'gold', 'card', 'en', 'USD', 1, 2, 12, 3, 7200, 5, 3600, " .. t .. ")",
    "INSERT INTO products (id, name, kind, language, currency, rate_table_id, max_concurrent_calls, pin_length, pin_max_tries, " ..
      "max_call_seconds, created_at) VALUES (2, 'shop', 'retail', 'es', 'USD', 1, 3, 12, 3, 7200, " .. t .. ")",
    "INSERT INTO access_numbers VALUES ('" .. M.DNIS .. "', 1)",
    "INSERT INTO access_numbers VALUES ('" .. M.RETAIL_DNIS .. "', 2)",
    "INSERT INTO batches (id, product_id, card_count, value_micros, first_serial, last_serial, created_at) VALUES (1, 1, 0, 0, '0000000001', '0000000009', " .. t .. ")",
  }
  for _, s in ipairs(stmts) do M.sql(path, s) end
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
