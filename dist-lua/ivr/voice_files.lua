local ____exports = {}
local ____money = require("domain.money")
local splitMoney = ____money.splitMoney
local currencyDecimals = ____money.currencyDecimals
local ____speech = require("domain.speech")
local canSayCurrency = ____speech.canSayCurrency
local sayDays = ____speech.sayDays
local sayDuration = ____speech.sayDuration
local sayMoney = ____speech.sayMoney
local sayNumber = ____speech.sayNumber
local sayRatePerMinute = ____speech.sayRatePerMinute
local ____prompt_files = require("ivr.prompt_files")
local filePrompts = ____prompt_files.filePrompts
function ____exports.fileVoice(soundsDir, language)
    local p = filePrompts(soundsDir, language)
    local lang = p.language
    return {
        language = lang,
        file = function(____, id) return p:file(id) end,
        say = function(____, ids) return p:say(ids) end,
        money = function(____, micros, currency)
            if canSayCurrency(currency) then
                return p:files(sayMoney(micros, currency, lang))
            end
            return p:files(sayNumber(
                splitMoney(
                    micros < 0 and 0 or micros,
                    currencyDecimals(currency)
                ).units,
                lang
            ))
        end,
        ratePerMinute = function(____, micros, currency) return canSayCurrency(currency) and p:files(sayRatePerMinute(micros, currency, lang)) or ({}) end,
        number = function(____, n) return p:files(sayNumber(n, lang)) end,
        days = function(____, n) return p:files(sayDays(n, lang)) end,
        duration = function(____, seconds) return p:files(sayDuration(seconds, lang)) end
    }
end
return ____exports
