local ____exports = {}
local ____intmath = require("domain.intmath")
local floorDiv = ____intmath.floorDiv
local isExactInt = ____intmath.isExactInt
local ____band_text = require("domain.band_text")
local MAX_BAND_RULES = ____band_text.MAX_BAND_RULES
local MAX_OFFSET_SECONDS = ____band_text.MAX_OFFSET_SECONDS
local formatBandChanges = ____band_text.formatBandChanges
local formatBandPrices = ____band_text.formatBandPrices
local formatBandRules = ____band_text.formatBandRules
local formatZoneOffsets = ____band_text.formatZoneOffsets
local hasDay = ____band_text.hasDay
local isBandName = ____band_text.isBandName
local parseBandChanges = ____band_text.parseBandChanges
local parseBandPrices = ____band_text.parseBandPrices
local parseBandRules = ____band_text.parseBandRules
local parseZoneOffsets = ____band_text.parseZoneOffsets
local ____bug = require("domain.bug")
local bug = ____bug.bug
____exports.MAX_BAND_RULES = MAX_BAND_RULES
____exports.MAX_OFFSET_SECONDS = MAX_OFFSET_SECONDS
____exports.formatBandChanges = formatBandChanges
____exports.formatBandPrices = formatBandPrices
____exports.formatBandRules = formatBandRules
____exports.formatZoneOffsets = formatZoneOffsets
____exports.hasDay = hasDay
____exports.isBandName = isBandName
____exports.parseBandChanges = parseBandChanges
____exports.parseBandPrices = parseBandPrices
____exports.parseBandRules = parseBandRules
____exports.parseZoneOffsets = parseZoneOffsets
local DAY = 86400
--- Index of the offset in force at t: the last with from ≤ t, or 0 before the first.
local function offsetIndex(offsets, t)
    local lo = 0
    local hi = #offsets - 1
    if hi < 0 or offsets[1].from > t then
        return 0
    end
    while lo < hi do
        local mid = floorDiv(lo + hi + 1, 2)
        if offsets[mid + 1].from <= t then
            lo = mid
        else
            hi = mid - 1
        end
    end
    return lo
end
local function offsetOf(offsets, i)
    return #offsets == 0 and 0 or offsets[i + 1].offsetSeconds
end
--- The band at local epoch second `local` (wall-clock seconds counted from 1970-01-01 00:00).
local function localBand(rules, ____local)
    local day = floorDiv(____local, DAY)
    local weekday = day + 3 - floorDiv(day + 3, 7) * 7
    local second = ____local - day * DAY
    for ____, r in ipairs(rules) do
        if hasDay(r.days, weekday) and second >= r.fromMinute * 60 and second < r.toMinute * 60 then
            return r.band
        end
    end
    return ""
end
local function checkInt(name, n)
    if not isExactInt(n) then
        bug(name .. ": times must be integer epoch seconds")
    end
end
--- The band in force at epoch second t, "" when no rule covers t's local time.
function ____exports.bandAt(plan, t)
    checkInt("bandAt", t)
    return localBand(
        plan.rules,
        t + offsetOf(
            plan.offsets,
            offsetIndex(plan.offsets, t)
        )
    )
end
--- Seconds of the local day where a rule starts or ends, ascending, always ending with 86400.
local function dayEdges(rules)
    local marks = {}
    for ____, r in ipairs(rules) do
        marks[r.fromMinute + 1] = true
        marks[r.toMinute + 1] = true
    end
    local edges = {}
    do
        local m = 1
        while m < 1440 do
            if marks[m + 1] == true then
                edges[#edges + 1] = m * 60
            end
            m = m + 1
        end
    end
    edges[#edges + 1] = DAY
    return edges
end
--- The bands over [from, to] (epoch seconds): first { at: from, band in force at from }, then
-- each instant in (from, to] where the band changes. Steps from edge to edge: the next local
-- rule edge or midnight under the offset in force, or the next offset transition, whichever
-- comes first, so a DST jump (either way, of any size) is taken where it happens and local
-- times it skips or repeats are skipped or repeated.
function ____exports.bandChanges(plan, from, to)
    checkInt("bandChanges", from)
    checkInt("bandChanges", to)
    local offsets = plan.offsets
    local edges = dayEdges(plan.rules)
    local i = offsetIndex(offsets, from)
    local t = from
    local band = localBand(
        plan.rules,
        t + offsetOf(offsets, i)
    )
    local out = {{at = from, band = band}}
    do
        while true do
            local offset = offsetOf(offsets, i)
            local ____local = t + offset
            local day = floorDiv(____local, DAY)
            local second = ____local - day * DAY
            local e = 0
            while edges[e + 1] <= second do
                e = e + 1
            end
            local next = day * DAY + edges[e + 1] - offset
            if i + 1 < #offsets and offsets[i + 1 + 1].from < next then
                next = offsets[i + 1 + 1].from
            end
            if next > to then
                return out
            end
            t = next
            while i + 1 < #offsets and offsets[i + 1 + 1].from <= t do
                i = i + 1
            end
            local b = localBand(
                plan.rules,
                t + offsetOf(offsets, i)
            )
            if b ~= band then
                out[#out + 1] = {at = t, band = b}
                band = b
            end
        end
    end
end
--- The price timeline of a call starting at epoch second startEpoch, from the bands over the
-- call (bandChanges from startEpoch, or from earlier). A segment's rate is the row's price of
-- the band, or basePerMinute when the band is "" or the row does not price it; its band is the
-- band whose price applies, so "" for every base-priced stretch. Adjacent stretches with the
-- same band (hence the same rate) are one segment; different bands of equal price stay apart so
-- billedByBand can report each. Throws when changes is empty or starts after startEpoch.
function ____exports.priceTimeline(basePerMinute, bandPrices, changes, startEpoch)
    if #changes == 0 or changes[1].at > startEpoch then
        bug("priceTimeline: changes must start at or before startEpoch")
    end
    local out = {}
    for ____, c in ipairs(changes) do
        local price = nil
        for ____, p in ipairs(bandPrices) do
            if p.band == c.band then
                price = p.ratePerMinuteMicros
            end
        end
        local seg = {fromSecond = c.at > startEpoch and c.at - startEpoch or 0, ratePerMinuteMicros = price == nil and basePerMinute or price, band = price == nil and "" or c.band}
        if #out > 0 and out[#out].fromSecond == seg.fromSecond then
            table.remove(out)
        end
        local last = #out > 0 and out[#out] or nil
        if last == nil or last.band ~= seg.band or last.ratePerMinuteMicros ~= seg.ratePerMinuteMicros then
            out[#out + 1] = seg
        end
    end
    return out
end
--- The band plan a rate table stores (its band_rules and band_offsets texts), undefined when it
-- has no rules. The texts are written only by `ccard rates bands set`, after checking: one
-- that does not parse is a damaged table, and pricing with it would be a guess, so it throws.
function ____exports.storedPlan(rulesText, offsetsText)
    if rulesText == "" then
        return nil
    end
    local rules = parseBandRules(rulesText)
    local ____temp_0
    if offsetsText == "" then
        ____temp_0 = nil
    else
        ____temp_0 = parseZoneOffsets(offsetsText)
    end
    local offsets = ____temp_0
    if not rules.ok or offsets ~= nil and not offsets.ok then
        bug("unreadable band plan: " .. rulesText)
    end
    return {rules = rules.value, offsets = (offsets == nil or not offsets.ok) and ({}) or offsets.value}
end
--- A rate row's stored band prices (its bands text); throws on a damaged one, as storedPlan.
function ____exports.storedPrices(text)
    local prices = parseBandPrices(text)
    if not prices.ok then
        bug("unreadable band prices: " .. text)
    end
    return prices.value
end
return ____exports
