-- Loaded by busted before the specs (.busted): on PostgreSQL, the databases a spec file made are
-- dropped when the file ends (busted loads support.seed afresh for every file), so nothing is
-- left on the test server.
local busted = require("busted")
busted.subscribe({ "file", "end" }, function()
  local seed = package.loaded["support.seed"]
  if seed and seed.drop_all then seed.drop_all() end
  return nil, true
end)
