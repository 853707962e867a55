local ____lualib = require("lualib_bundle")
local __TS__TypeOf = ____lualib.__TS__TypeOf
local ____exports = {}
local checkLang, tostringSafe, one, below100, below1000, pushNumber, roundUpToDecimals, SMALL, TENS, HUNDREDS_M, HUNDREDS_F, CURRENCIES
local ____intmath = require("domain.intmath")
local MAX_EXACT_INT = ____intmath.MAX_EXACT_INT
local floorDiv = ____intmath.floorDiv
local isExactInt = ____intmath.isExactInt
local ____money = require("domain.money")
local currencyDecimals = ____money.currencyDecimals
local splitMoney = ____money.splitMoney
local ____bug = require("domain.bug")
local bug = ____bug.bug
function checkLang(lang, what)
    if lang ~= "en" and lang ~= "es" then
        bug(what .. ": unknown language " .. tostringSafe(lang))
    end
end
function tostringSafe(v)
    return type(v) == "string" and "'" .. v .. "'" or "(" .. __TS__TypeOf(v) .. ")"
end
function one(twentyOne, gender)
    if gender == "masculine" then
        return twentyOne and "n_21_m" or "n_1_m"
    end
    if gender == "feminine" then
        return twentyOne and "n_21_f" or "n_1_f"
    end
    return twentyOne and "n_21" or "n_1"
end
function below100(n, lang, gender, out)
    local es = lang == "es"
    if n < 30 then
        out[#out + 1] = es and (n == 1 or n == 21) and one(n == 21, gender) or SMALL[n + 1]
        return
    end
    local tens = floorDiv(n, 10)
    local units = n - tens * 10
    out[#out + 1] = TENS[tens + 1]
    if units == 0 then
        return
    end
    if es then
        out[#out + 1] = "and"
    end
    out[#out + 1] = es and units == 1 and one(false, gender) or SMALL[units + 1]
end
function below1000(n, lang, gender, out)
    local hundreds = floorDiv(n, 100)
    local rest = n - hundreds * 100
    if hundreds == 1 then
        out[#out + 1] = rest == 0 and "n_100" or "n_1xx"
    elseif hundreds > 1 then
        out[#out + 1] = lang == "es" and gender == "feminine" and HUNDREDS_F[hundreds + 1] or HUNDREDS_M[hundreds + 1]
    end
    if rest > 0 then
        below100(rest, lang, gender, out)
    end
end
function pushNumber(n, lang, gender, out)
    if n == 0 then
        out[#out + 1] = "n_0"
        return
    end
    local es = lang == "es"
    local millions = floorDiv(n, 1000000)
    local thousands = floorDiv(n - millions * 1000000, 1000)
    local rest = n - millions * 1000000 - thousands * 1000
    if millions > 0 then
        below1000(millions, lang, "masculine", out)
        out[#out + 1] = es and millions > 1 and "millions" or "million"
    end
    if thousands > 0 then
        if not (es and thousands == 1) then
            below1000(thousands, lang, gender == "feminine" and "feminine" or "masculine", out)
        end
        out[#out + 1] = "thousand"
    end
    if rest > 0 then
        below1000(rest, lang, gender, out)
    end
end
function roundUpToDecimals(micros, decimals)
    local step = 1000000
    do
        local i = 0
        while i < decimals do
            step = floorDiv(step, 10)
            i = i + 1
        end
    end
    return micros <= 0 and micros or floorDiv(micros + step - 1, step) * step
end
--- An amount of money in micro-units as words: "two dollars and fifty cents", "one cent",
-- "zero dollars", "minus three euros". Truncated toward zero at the currency's decimals
-- (a balance is never spoken as more than it is); the minor unit is spoken only when not
-- zero. Throws on an unknown language, a currency without prompts (see canSayCurrency),
-- a non-integer amount or more than 999,999,999 units.
function ____exports.sayMoney(micros, currency, lang)
    checkLang(lang, "sayMoney")
    local words = CURRENCIES[currency]
    if words == nil then
        bug("sayMoney: no prompts for currency " .. tostringSafe(currency))
    end
    if type(micros) ~= "number" or not isExactInt(micros) or math.abs(micros) > MAX_EXACT_INT then
        bug("sayMoney: amount must be an integer number of micro-units")
    end
    local p = splitMoney(
        micros,
        currencyDecimals(currency)
    )
    if p.units > ____exports.MAX_SPOKEN then
        bug("sayMoney: amount too large to speak")
    end
    local out = {}
    if p.negative and (p.units > 0 or p.minor > 0) then
        out[#out + 1] = "minus"
    end
    if p.units > 0 or p.minor == 0 then
        pushNumber(p.units, lang, words.unitGender[lang], out)
        if lang == "es" and p.units >= 1000000 and p.units % 1000000 == 0 then
            out[#out + 1] = "of"
        end
        out[#out + 1] = p.units == 1 and words.unit or words.units
    end
    if p.minor > 0 then
        if p.units > 0 then
            out[#out + 1] = "and"
        end
        pushNumber(p.minor, lang, words.minorGender[lang], out)
        out[#out + 1] = p.minor == 1 and words.minor or words.minors
    end
    return out
end
--- Largest integer that can be spoken.
____exports.MAX_SPOKEN = 999999999
SMALL = {
    "n_0",
    "n_1",
    "n_2",
    "n_3",
    "n_4",
    "n_5",
    "n_6",
    "n_7",
    "n_8",
    "n_9",
    "n_10",
    "n_11",
    "n_12",
    "n_13",
    "n_14",
    "n_15",
    "n_16",
    "n_17",
    "n_18",
    "n_19",
    "n_20",
    "n_21",
    "n_22",
    "n_23",
    "n_24",
    "n_25",
    "n_26",
    "n_27",
    "n_28",
    "n_29"
}
TENS = {
    "n_0",
    "n_0",
    "n_0",
    "n_30",
    "n_40",
    "n_50",
    "n_60",
    "n_70",
    "n_80",
    "n_90"
}
HUNDREDS_M = {
    "n_0",
    "n_0",
    "n_200",
    "n_300",
    "n_400",
    "n_500",
    "n_600",
    "n_700",
    "n_800",
    "n_900"
}
HUNDREDS_F = {
    "n_0",
    "n_0",
    "n_200_f",
    "n_300_f",
    "n_400_f",
    "n_500_f",
    "n_600_f",
    "n_700_f",
    "n_800_f",
    "n_900_f"
}
local MASC = {en = "masculine", es = "masculine"}
CURRENCIES = {USD = {
    unit = "usd_unit",
    units = "usd_units",
    minor = "usd_minor",
    minors = "usd_minors",
    unitGender = MASC,
    minorGender = MASC
}, EUR = {
    unit = "eur_unit",
    units = "eur_units",
    minor = "eur_minor",
    minors = "eur_minors",
    unitGender = MASC,
    minorGender = MASC
}, MXN = {
    unit = "mxn_unit",
    units = "mxn_units",
    minor = "mxn_minor",
    minors = "mxn_minors",
    unitGender = MASC,
    minorGender = MASC
}, GBP = {
    unit = "gbp_unit",
    units = "gbp_units",
    minor = "gbp_minor",
    minors = "gbp_minors",
    unitGender = {en = "masculine", es = "feminine"},
    minorGender = MASC
}}
--- Spanish genders of the time units ("una hora", "un minuto").
local HOUR_GENDER = {en = "masculine", es = "feminine"}
--- ISO 4217 codes sayMoney can speak.
function ____exports.canSayCurrency(currency)
    return CURRENCIES[currency] ~= nil
end
local function checkCount(n, what)
    if type(n) ~= "number" or not isExactInt(n) or n < 0 or n > ____exports.MAX_SPOKEN then
        bug(what .. ": expected an integer from 0 to 999999999")
    end
end
--- The word prompts of an integer from 0 to 999,999,999. gender is that of the counted noun
-- (Spanish "un minuto", "veintiuna horas", "doscientas libras"); omit it for a bare count
-- ("veintiuno"). English ignores it. Throws on an unknown language or a bad count.
function ____exports.sayNumber(n, lang, gender)
    checkLang(lang, "sayNumber")
    checkCount(n, "sayNumber")
    local out = {}
    pushNumber(n, lang, gender, out)
    return out
end
--- A price a minute as words, "five cents per minute": rounded up at the currency's decimals,
-- so a caller is never told a price lower than the one charged (sayMoney truncates: a balance
-- is never spoken as more than it is). Throws as sayMoney does.
function ____exports.sayRatePerMinute(micros, currency, lang)
    local out = ____exports.sayMoney(
        roundUpToDecimals(
            micros,
            currencyDecimals(currency)
        ),
        currency,
        lang
    )
    out[#out + 1] = "per_minute"
    return out
end
--- A count of days, "one day", "veintiún días" (days are masculine in Spanish). Throws on a negative or fractional count.
function ____exports.sayDays(days, lang)
    checkLang(lang, "sayDays")
    if type(days) ~= "number" or not isExactInt(days) or days < 0 or days > ____exports.MAX_SPOKEN then
        bug("sayDays: days must be a non-negative integer")
    end
    local out = {}
    pushNumber(days, lang, "masculine", out)
    out[#out + 1] = days == 1 and "day" or "days"
    return out
end
--- A duration in whole seconds as hours and minutes: "one hour and one minute",
-- "zero minutes". Minutes are rounded down (never announce more time than granted).
-- Throws on an unknown language or a negative or fractional count.
function ____exports.sayDuration(seconds, lang)
    checkLang(lang, "sayDuration")
    if type(seconds) ~= "number" or not isExactInt(seconds) or seconds < 0 then
        bug("sayDuration: seconds must be a non-negative integer")
    end
    local totalMinutes = floorDiv(seconds, 60)
    local hours = floorDiv(totalMinutes, 60)
    local minutes = totalMinutes - hours * 60
    if hours > ____exports.MAX_SPOKEN then
        bug("sayDuration: duration too long to speak")
    end
    local out = {}
    if hours > 0 then
        pushNumber(hours, lang, HOUR_GENDER[lang], out)
        out[#out + 1] = hours == 1 and "hour" or "hours"
        if minutes == 0 then
            return out
        end
        out[#out + 1] = "and"
    end
    pushNumber(minutes, lang, "masculine", out)
    out[#out + 1] = minutes == 1 and "minute" or "minutes"
    return out
end
return ____exports
