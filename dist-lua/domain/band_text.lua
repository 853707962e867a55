local ____lualib = require("lualib_bundle")
local __TS__StringCharCodeAt = ____lualib.__TS__StringCharCodeAt
local __TS__StringStartsWith = ____lualib.__TS__StringStartsWith
local __TS__StringSubstring = ____lualib.__TS__StringSubstring
local __TS__StringSplit = ____lualib.__TS__StringSplit
local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local floorDiv = ____intmath.floorDiv
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local zeroPad = ____intmath.zeroPad
local ____tariff = require("domain.tariff")
local RATE_LIMITS = ____tariff.RATE_LIMITS
--- Most rules a plan may hold (all bands together).
____exports.MAX_BAND_RULES = 32
--- Largest |UTC offset| accepted, in seconds (18 h, beyond every zone's history).
____exports.MAX_OFFSET_SECONDS = 64800
local DAY_NAMES = {
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun"
}
local DAY_BITS = {
    1,
    2,
    4,
    8,
    16,
    32,
    64
}
--- True when bit `weekday` (0 = Monday … 6 = Sunday) of the day mask is set.
function ____exports.hasDay(days, weekday)
    return floorDiv(days, DAY_BITS[weekday + 1]) % 2 == 1
end
--- A band name: [a-z][a-z0-9_]{0,15}.
function ____exports.isBandName(name)
    if #name < 1 or #name > 16 then
        return false
    end
    do
        local i = 0
        while i < #name do
            local c = __TS__StringCharCodeAt(name, i)
            local lower = c >= 97 and c <= 122
            local ____temp_0
            if i == 0 then
                ____temp_0 = not lower
            else
                ____temp_0 = not (lower or c >= 48 and c <= 57 or c == 95)
            end
            if ____temp_0 then
                return false
            end
            i = i + 1
        end
    end
    return true
end
--- A canonical non-negative integer (no sign, no leading zero, at most 15 digits), or undefined.
local function canonicalInt(s)
    if not isDigits(s) or #s > 15 or #s > 1 and (string.byte(s, 1) or 0 / 0) == 48 then
        return nil
    end
    return digitsValue(s)
end
--- The same, allowing a leading "-" (never "-0").
local function canonicalSignedInt(s)
    if not __TS__StringStartsWith(s, "-") then
        return canonicalInt(s)
    end
    local v = canonicalInt(__TS__StringSubstring(s, 1))
    local ____temp_1
    if v == nil or v == 0 then
        ____temp_1 = nil
    else
        ____temp_1 = -v
    end
    return ____temp_1
end
local function dayIndex(name)
    do
        local i = 0
        while i < #DAY_NAMES do
            if DAY_NAMES[i + 1] == name then
                return i
            end
            i = i + 1
        end
    end
    return -1
end
--- "mon-fri,sun" → bit mask, or 0 when malformed (empty item, unknown day, backward range, a day twice).
local function parseDays(text)
    local mask = 0
    for ____, item in ipairs(__TS__StringSplit(text, ",")) do
        local dash = (string.find(item, "-", nil, true) or 0) - 1
        local first = dayIndex(dash >= 0 and __TS__StringSubstring(item, 0, dash) or item)
        local last = dash >= 0 and dayIndex(__TS__StringSubstring(item, dash + 1)) or first
        if first < 0 or last < 0 or dash >= 0 and last <= first then
            return 0
        end
        do
            local d = first
            while d <= last do
                if ____exports.hasDay(mask, d) then
                    return 0
                end
                mask = mask + DAY_BITS[d + 1]
                d = d + 1
            end
        end
    end
    return mask
end
local function formatDays(days)
    local items = {}
    local d = 0
    while d < 7 do
        do
            if not ____exports.hasDay(days, d) then
                d = d + 1
                goto __continue24
            end
            local e = d
            while e + 1 < 7 and ____exports.hasDay(days, e + 1) do
                e = e + 1
            end
            items[#items + 1] = e == d and DAY_NAMES[d + 1] or DAY_NAMES[d + 1] .. "-" .. DAY_NAMES[e + 1]
            d = e + 1
        end
        ::__continue24::
    end
    return table.concat(items, ",")
end
--- "HH:MM" → minutes of the day (0 … 1440; 24:00 only when `end`), or -1.
local function parseClock(text, ____end)
    if #text ~= 5 or (string.byte(text, 3) or 0 / 0) ~= 58 then
        return -1
    end
    local hh = __TS__StringSubstring(text, 0, 2)
    local mm = __TS__StringSubstring(text, 3)
    if not isDigits(hh) or not isDigits(mm) then
        return -1
    end
    local h = digitsValue(hh)
    local m = digitsValue(mm)
    if m > 59 or h > 24 or h == 24 and (m ~= 0 or not ____end) then
        return -1
    end
    return h * 60 + m
end
local function formatClock(minute)
    return zeroPad(
        floorDiv(minute, 60),
        2
    ) .. ":" .. zeroPad(
        minute - floorDiv(minute, 60) * 60,
        2
    )
end
local function parseRule(band, text)
    local slash = (string.find(text, "/", nil, true) or 0) - 1
    if slash < 0 then
        return fail("BAND_RULES_SYNTAX")
    end
    local span = __TS__StringSubstring(text, slash + 1)
    if #span ~= 11 or (string.byte(span, 6) or 0 / 0) ~= 45 then
        return fail("BAND_RULES_SYNTAX")
    end
    local days = parseDays(__TS__StringSubstring(text, 0, slash))
    if days == 0 then
        return fail("BAND_DAYS_INVALID")
    end
    local fromMinute = parseClock(
        __TS__StringSubstring(span, 0, 5),
        false
    )
    local toMinute = parseClock(
        __TS__StringSubstring(span, 6),
        true
    )
    if fromMinute < 0 or toMinute < 0 then
        return fail("BAND_TIME_INVALID")
    end
    if toMinute <= fromMinute then
        return fail("BAND_TIME_ORDER")
    end
    return ok({band = band, days = days, fromMinute = fromMinute, toMinute = toMinute})
end
local function overlaps(a, b)
    if a.fromMinute >= b.toMinute or b.fromMinute >= a.toMinute then
        return false
    end
    do
        local d = 0
        while d < 7 do
            if ____exports.hasDay(a.days, d) and ____exports.hasDay(b.days, d) then
                return true
            end
            d = d + 1
        end
    end
    return false
end
--- Parses rules text ("" = no rules): groups `band=rule+rule` joined by ";", a rule being
-- `days/HH:MM-HH:MM` (days: mon … sun, ranges mon-fri, lists sat,sun; local time, end
-- exclusive, 24:00 allowed as an end). A band may head more than one group.
function ____exports.parseBandRules(text)
    local rules = {}
    if #text == 0 then
        return ok(rules)
    end
    for ____, group in ipairs(__TS__StringSplit(text, ";")) do
        local eq = (string.find(group, "=", nil, true) or 0) - 1
        if eq < 0 then
            return fail("BAND_RULES_SYNTAX")
        end
        local band = __TS__StringSubstring(group, 0, eq)
        if not ____exports.isBandName(band) then
            return fail("BAND_NAME_INVALID")
        end
        for ____, ruleText in ipairs(__TS__StringSplit(
            __TS__StringSubstring(group, eq + 1),
            "+"
        )) do
            local r = parseRule(band, ruleText)
            if not r.ok then
                return r
            end
            rules[#rules + 1] = r.value
            if #rules > ____exports.MAX_BAND_RULES then
                return fail("BAND_RULES_TOO_MANY")
            end
        end
    end
    do
        local i = 0
        while i < #rules do
            do
                local j = i + 1
                while j < #rules do
                    if overlaps(rules[i + 1], rules[j + 1]) then
                        return fail("BAND_RULES_OVERLAP")
                    end
                    j = j + 1
                end
            end
            i = i + 1
        end
    end
    return ok(rules)
end
--- The canonical text of rules, in their order; consecutive rules of one band share a group.
function ____exports.formatBandRules(rules)
    local out = ""
    do
        local i = 0
        while i < #rules do
            local r = rules[i + 1]
            local rule = formatDays(r.days) .. "/" .. formatClock(r.fromMinute) .. "-" .. formatClock(r.toMinute)
            if i > 0 and rules[i].band == r.band then
                out = out .. "+" .. rule
            else
                out = out .. (i > 0 and ";" or "") .. r.band .. "=" .. rule
            end
            i = i + 1
        end
    end
    return out
end
--- Parses `from:offset,from:offset` (epoch seconds : UTC offset seconds, ascending from).
function ____exports.parseZoneOffsets(text)
    if #text == 0 then
        return fail("ZONE_OFFSETS_EMPTY")
    end
    local out = {}
    for ____, item in ipairs(__TS__StringSplit(text, ",")) do
        local colon = (string.find(item, ":", nil, true) or 0) - 1
        if colon < 0 then
            return fail("ZONE_OFFSETS_SYNTAX")
        end
        local from = canonicalSignedInt(__TS__StringSubstring(item, 0, colon))
        local offsetSeconds = canonicalSignedInt(__TS__StringSubstring(item, colon + 1))
        if from == nil or offsetSeconds == nil then
            return fail("ZONE_OFFSETS_SYNTAX")
        end
        if #out > 0 and from <= out[#out].from then
            return fail("ZONE_OFFSETS_ORDER")
        end
        if offsetSeconds > ____exports.MAX_OFFSET_SECONDS or offsetSeconds < -____exports.MAX_OFFSET_SECONDS then
            return fail("ZONE_OFFSET_RANGE")
        end
        out[#out + 1] = {from = from, offsetSeconds = offsetSeconds}
    end
    return ok(out)
end
function ____exports.formatZoneOffsets(offsets)
    local items = {}
    for ____, o in ipairs(offsets) do
        items[#items + 1] = intStr(o.from) .. ":" .. intStr(o.offsetSeconds)
    end
    return table.concat(items, ",")
end
--- Parses `band=micros,band=micros` (micro-units a minute), "" = no band prices.
function ____exports.parseBandPrices(text)
    local out = {}
    if #text == 0 then
        return ok(out)
    end
    for ____, item in ipairs(__TS__StringSplit(text, ",")) do
        local eq = (string.find(item, "=", nil, true) or 0) - 1
        if eq < 0 then
            return fail("BAND_PRICES_SYNTAX")
        end
        local band = __TS__StringSubstring(item, 0, eq)
        if not ____exports.isBandName(band) then
            return fail("BAND_NAME_INVALID")
        end
        local digits = __TS__StringSubstring(item, eq + 1)
        local leadingZero = #digits > 1 and (string.byte(digits, 1) or 0 / 0) == 48
        if not isDigits(digits) or leadingZero then
            return fail("BAND_PRICE_INVALID")
        end
        local ____temp_2
        if #digits > 15 then
            ____temp_2 = nil
        else
            ____temp_2 = canonicalInt(digits)
        end
        local price = ____temp_2
        if price == nil or price > RATE_LIMITS.maxRatePerMinuteMicros then
            return fail("BAND_PRICE_TOO_LARGE")
        end
        for ____, p in ipairs(out) do
            if p.band == band then
                return fail("BAND_PRICE_DUPLICATE")
            end
        end
        out[#out + 1] = {band = band, ratePerMinuteMicros = price}
    end
    return ok(out)
end
function ____exports.formatBandPrices(prices)
    local items = {}
    for ____, p in ipairs(prices) do
        items[#items + 1] = p.band .. "=" .. intStr(p.ratePerMinuteMicros)
    end
    return table.concat(items, ",")
end
--- Parses `at:band,at:band` (what a hold records of the bands its call may meet).
function ____exports.parseBandChanges(text)
    local out = {}
    for ____, item in ipairs(__TS__StringSplit(text, ",")) do
        local colon = (string.find(item, ":", nil, true) or 0) - 1
        local ____temp_3
        if colon < 0 then
            ____temp_3 = nil
        else
            ____temp_3 = canonicalInt(__TS__StringSubstring(item, 0, colon))
        end
        local at = ____temp_3
        local band = __TS__StringSubstring(item, colon + 1)
        if at == nil or band ~= "" and not ____exports.isBandName(band) then
            return fail("BAND_CHANGES_SYNTAX")
        end
        if #out > 0 and at <= out[#out].at then
            return fail("BAND_CHANGES_SYNTAX")
        end
        out[#out + 1] = {at = at, band = band}
    end
    return ok(out)
end
function ____exports.formatBandChanges(changes)
    local items = {}
    for ____, c in ipairs(changes) do
        items[#items + 1] = intStr(c.at) .. ":" .. c.band
    end
    return table.concat(items, ",")
end
return ____exports
