-- Loaded by busted before the specs (.busted): on PostgreSQL, the databases a run made are
-- dropped when the run ends, so nothing is left on the test server.
local busted = require("busted")
busted.subscribe({ "suite", "end" }, function()
  local seed = package.loaded["support.seed"]
  if seed and seed.drop_all then seed.drop_all() end
  return nil, true
end)
