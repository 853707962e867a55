local ____exports = {}
local ____money = require("domain.money")
local splitMoney = ____money.splitMoney
local currencyDecimals = ____money.currencyDecimals
local ____prompts = require("domain.prompts")
local VOICE_DIRS = ____prompts.VOICE_DIRS
local isLang = ____prompts.isLang
local promptFile = ____prompts.promptFile
local ____speech = require("domain.speech")
local canSayCurrency = ____speech.canSayCurrency
local sayDuration = ____speech.sayDuration
local sayMoney = ____speech.sayMoney
local sayNumber = ____speech.sayNumber
function ____exports.fileVoice(soundsDir, language)
    local lang = isLang(language) and language or "en"
    local base = ((soundsDir .. "/") .. VOICE_DIRS[lang]) .. "/"
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
        money = function(____, micros, currency)
            if canSayCurrency(currency) then
                return files(sayMoney(micros, currency, lang))
            end
            return files(sayNumber(
                splitMoney(
                    micros < 0 and 0 or micros,
                    currencyDecimals(currency)
                ).units,
                lang
            ))
        end,
        duration = function(____, seconds) return files(sayDuration(seconds, lang)) end
    }
end
return ____exports
