local ____lualib = require("lualib_bundle")
local __TS__SparseArrayNew = ____lualib.__TS__SparseArrayNew
local __TS__SparseArrayPush = ____lualib.__TS__SparseArrayPush
local __TS__SparseArraySpread = ____lualib.__TS__SparseArraySpread
local __TS__ArrayPush = ____lualib.__TS__ArrayPush
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local ____exports = {}
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local ____authenticate = require("ivr.flows.authenticate")
local pinlessCard = ____authenticate.pinlessCard
--- The menu's files: each language's choice prompt and its key, spoken in that language.
local function menuFiles(deps, languages)
    local out = {}
    do
        local i = 0
        while i < #languages do
            local voice = deps:voiceFor(languages[i + 1])
            local ____array_0 = __TS__SparseArrayNew(table.unpack(voice:say({"language_choice"})))
            __TS__SparseArrayPush(
                ____array_0,
                table.unpack(voice:number(i + 1))
            )
            __TS__ArrayPush(
                out,
                __TS__SparseArraySpread(____array_0)
            )
            i = i + 1
        end
    end
    return out
end
--- The language of this call: the product's, the card's remembered one, or the caller's choice (chosen: true).
function ____exports.chooseLanguage(deps, product, caller)
    local languages = product.languageMenu
    if #languages == 0 then
        return {ok = true, language = product.language, chosen = false}
    end
    local known = pinlessCard(deps, product, caller)
    if known ~= nil and known.card.language ~= nil and __TS__ArrayIndexOf(languages, known.card.language) >= 0 then
        return {ok = true, language = known.card.language, chosen = false}
    end
    local menu = menuFiles(deps, languages)
    do
        local attempt = 1
        while attempt <= deps.settings.destinationTries do
            local key = deps.call:readDigits({
                minDigits = 1,
                maxDigits = 1,
                tries = 1,
                timeoutMs = deps.settings.digitTimeoutMs,
                prompt = menu,
                badPrompt = {},
                terminators = ""
            })
            if key == nil then
                return {ok = false, code = "HUNG_UP"}
            end
            do
                local i = 0
                while i < #languages do
                    if key == intStr(i + 1) then
                        return {ok = true, language = languages[i + 1], chosen = true}
                    end
                    i = i + 1
                end
            end
            deps.log:info("language menu: key '" .. key .. "' is not a choice of product " .. product.name)
            attempt = attempt + 1
        end
    end
    return {ok = true, language = product.language, chosen = false}
end
return ____exports
