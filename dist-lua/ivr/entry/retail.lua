local ____exports = {}
local ____retail = require("ivr.flows.retail")
local runRetail = ____retail.runRetail
local ____run_entry = require("ivr.host.run_entry")
local runCallEntry = ____run_entry.runCallEntry
local ____prompt_files = require("ivr.prompt_files")
local filePrompts = ____prompt_files.filePrompts
function ____exports.main()
    runCallEntry("retail", filePrompts, runRetail)
end
return ____exports
