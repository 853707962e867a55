local ____exports = {}
local ____calling_card = require("ivr.flows.calling_card")
local runCallingCard = ____calling_card.runCallingCard
local ____run_entry = require("ivr.host.run_entry")
local runCallEntry = ____run_entry.runCallEntry
local ____voice_files = require("ivr.voice_files")
local fileVoice = ____voice_files.fileVoice
function ____exports.main()
    runCallEntry("callingcard", fileVoice, runCallingCard)
end
return ____exports
