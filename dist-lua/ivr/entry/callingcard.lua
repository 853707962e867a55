local ____exports = {}
local ____calling_card = require("ivr.flows.calling_card")
local runCallingCard = ____calling_card.runCallingCard
local ____run_entry = require("ivr.host.run_entry")
local runCallEntry = ____run_entry.runCallEntry
function ____exports.main()
    runCallEntry("callingcard", runCallingCard)
end
return ____exports
