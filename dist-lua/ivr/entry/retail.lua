local ____exports = {}
local ____retail = require("ivr.flows.retail")
local runRetail = ____retail.runRetail
local ____run_entry = require("ivr.host.run_entry")
local runCallEntry = ____run_entry.runCallEntry
function ____exports.main()
    runCallEntry("retail", runRetail)
end
return ____exports
