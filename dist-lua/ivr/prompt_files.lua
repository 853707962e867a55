local ____exports = {}
local ____prompt_paths = require("domain.prompt_paths")
local VOICE_DIRS = ____prompt_paths.VOICE_DIRS
local isLang = ____prompt_paths.isLang
local promptFile = ____prompt_paths.promptFile
function ____exports.filePrompts(soundsDir, language)
    local lang = isLang(language) and language or "en"
    local base = soundsDir .. "/" .. VOICE_DIRS[lang] .. "/"
    local function files(ids)
        local out = {}
        for ____, id in ipairs(ids) do
            out[#out + 1] = base .. promptFile(id)
        end
        return out
    end
    return {
        language = lang,
        file = function(____, id) return base .. promptFile(id) end,
        say = function(____, ids) return files(ids) end,
        files = function(____, ids) return files(ids) end
    }
end
return ____exports
