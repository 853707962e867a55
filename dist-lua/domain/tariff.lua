local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local ceilDiv = ____intmath.ceilDiv
local floorDiv = ____intmath.floorDiv
local intStr = ____intmath.intStr
local isExactInt = ____intmath.isExactInt
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- Limits that keep every intermediate of callCost below 2^53 for calls up to 24 h: billed
-- seconds stay below 24 h + one increment ≤ 172,800, so Σ rate × seconds ≤ 10^10 × 172,800
-- ≈ 1.7 × 10^15 < 2^53 ≈ 9 × 10^15, for any timeline whose rates keep to maxRatePerMinuteMicros.
____exports.RATE_LIMITS = {maxRatePerMinuteMicros = 10000000000, maxFeeMicros = 1000000000000, maxBlockSeconds = 86400}
function ____exports.validateRate(rate)
    local fields = {
        rate.ratePerMinuteMicros,
        rate.connectFeeMicros,
        rate.disconnectFeeMicros,
        rate.minimumCostMicros,
        rate.initialSeconds,
        rate.incrementSeconds,
        rate.graceSeconds
    }
    for ____, v in ipairs(fields) do
        if type(v) ~= "number" or not isExactInt(v) then
            return fail("RATE_FIELD_NOT_INTEGER")
        end
        if v < 0 then
            return fail("RATE_FIELD_NEGATIVE")
        end
    end
    if rate.ratePerMinuteMicros > ____exports.RATE_LIMITS.maxRatePerMinuteMicros then
        return fail("RATE_FIELD_TOO_LARGE")
    end
    for ____, fee in ipairs({rate.connectFeeMicros, rate.disconnectFeeMicros, rate.minimumCostMicros}) do
        if fee > ____exports.RATE_LIMITS.maxFeeMicros then
            return fail("RATE_FIELD_TOO_LARGE")
        end
    end
    for ____, b in ipairs({rate.initialSeconds, rate.incrementSeconds, rate.graceSeconds}) do
        if b > ____exports.RATE_LIMITS.maxBlockSeconds then
            return fail("RATE_FIELD_TOO_LARGE")
        end
    end
    if rate.incrementSeconds < 1 then
        return fail("INCREMENT_NOT_POSITIVE")
    end
    return ok(rate)
end
--- Billed whole seconds for a call of `seconds` answered seconds, past the grace period.
local function billedSeconds(rate, seconds)
    if seconds <= rate.initialSeconds then
        return rate.initialSeconds
    end
    local beyond = seconds - rate.initialSeconds
    return rate.initialSeconds + ceilDiv(beyond, rate.incrementSeconds) * rate.incrementSeconds
end
--- The timeline of an unbanded rate: one segment at its base rate.
function ____exports.flatTimeline(ratePerMinuteMicros)
    return {{fromSecond = 0, ratePerMinuteMicros = ratePerMinuteMicros, band = ""}}
end
--- Throws unless the timeline is well formed (a bug of the caller, never an expected outcome).
local function checkTimeline(timeline)
    if #timeline == 0 or timeline[1].fromSecond ~= 0 then
        bug("timeline: must start at second 0")
    end
    do
        local j = 0
        while j < #timeline do
            local s = timeline[j + 1]
            if not isExactInt(s.fromSecond) or j > 0 and s.fromSecond <= timeline[j].fromSecond then
                bug("timeline: fromSecond must be integers, strictly ascending")
            end
            local r = s.ratePerMinuteMicros
            if not isExactInt(r) or r < 0 or r > ____exports.RATE_LIMITS.maxRatePerMinuteMicros then
                bug("timeline: bad rate")
            end
            j = j + 1
        end
    end
end
--- Billed seconds falling to each segment for `billed` billed seconds: segment 0 takes the
-- initial block; increment k (starting at initial + k × increment) goes to the segment holding
-- its start. Counts the block starts of each segment, so O(segments), never O(blocks).
local function billedPerSegment(rate, billed, timeline)
    local init = rate.initialSeconds
    local inc = rate.incrementSeconds
    local blocks = floorDiv(billed - init, inc)
    local out = {}
    do
        local j = 0
        while j < #timeline do
            local start = timeline[j + 1].fromSecond
            local first = ceilDiv(start - init, inc)
            if first < 0 then
                first = 0
            end
            local ____end = blocks
            if j + 1 < #timeline then
                local e = ceilDiv(timeline[j + 1 + 1].fromSecond - init, inc)
                if e < ____end then
                    ____end = e
                end
            end
            out[#out + 1] = (j == 0 and init or 0) + (____end > first and (____end - first) * inc or 0)
            j = j + 1
        end
    end
    return out
end
--- Answered whole seconds, or throws on a negative or fractional duration.
local function answeredSeconds(answeredMs)
    if not isExactInt(answeredMs) or answeredMs < 0 then
        bug("callCost: answeredMs must be a non-negative integer")
    end
    return ceilDiv(answeredMs, 1000)
end
local function costOf(rate, seconds, timeline)
    if seconds == 0 or seconds <= rate.graceSeconds then
        return 0
    end
    local billed = billedSeconds(rate, seconds)
    local usage
    if timeline == nil then
        usage = ceilDiv(rate.ratePerMinuteMicros * billed, 60)
    else
        local perSegment = billedPerSegment(rate, billed, timeline)
        local sum = 0
        do
            local j = 0
            while j < #timeline do
                sum = sum + timeline[j + 1].ratePerMinuteMicros * perSegment[j + 1]
                j = j + 1
            end
        end
        usage = ceilDiv(sum, 60)
    end
    local total = rate.connectFeeMicros + usage + rate.disconnectFeeMicros
    return total > rate.minimumCostMicros and total or rate.minimumCostMicros
end
--- Cost in micro-units of a call answered for `answeredMs` milliseconds (≥ 0, at most 24 h
-- priced exactly). seconds = ceil(ms / 1000); free at 0 s or within the grace period; else
-- max(minimum, connect + usage + disconnect), usage = ceil(perMinute × billed / 60) without a
-- timeline, or with one ceil(Σ over blocks (rate at the block's start × block seconds) / 60)
-- (see the head of this file). Throws on a bad duration or a malformed timeline.
function ____exports.callCost(rate, answeredMs, timeline)
    local seconds = answeredSeconds(answeredMs)
    if timeline ~= nil then
        checkTimeline(timeline)
    end
    return costOf(rate, seconds, timeline)
end
--- The largest whole s with 0 ≤ s ≤ capSeconds and callCost(rate, s × 1000, timeline) ≤
-- availableMicros; 0 when availableMicros < 0 or capSeconds ≤ 0. callCost never decreases as s
-- grows, so a binary search over [0, cap] finds it exactly in O(log cap) evaluations (17 for
-- 24 h). For a grant made before answer, pass worstOverDelay(timeline from setup, ring time).
function ____exports.maxTalkSeconds(rate, availableMicros, capSeconds, timeline)
    if not isExactInt(availableMicros) or not isExactInt(capSeconds) then
        bug("maxTalkSeconds: availableMicros and capSeconds must be integers")
    end
    if timeline ~= nil then
        checkTimeline(timeline)
    end
    if availableMicros < 0 or capSeconds <= 0 then
        return 0
    end
    if costOf(rate, capSeconds, timeline) <= availableMicros then
        return capSeconds
    end
    local lo = 0
    local hi = capSeconds
    while hi - lo > 1 do
        local mid = floorDiv(lo + hi, 2)
        if costOf(rate, mid, timeline) <= availableMicros then
            lo = mid
        else
            hi = mid
        end
    end
    return lo
end
--- Billed seconds per band of a call answered `answeredMs` ms over the timeline, in order of
-- first use (the initial block's band first); [] for a free call (0 s or within grace). The
-- seconds add up to the billed seconds. Band "" is the base rate.
function ____exports.billedByBand(rate, answeredMs, timeline)
    local seconds = answeredSeconds(answeredMs)
    checkTimeline(timeline)
    local out = {}
    if seconds == 0 or seconds <= rate.graceSeconds then
        return out
    end
    local perSegment = billedPerSegment(
        rate,
        billedSeconds(rate, seconds),
        timeline
    )
    do
        local j = 0
        while j < #timeline do
            do
                if perSegment[j + 1] == 0 then
                    goto __continue51
                end
                local entry = nil
                for ____, e in ipairs(out) do
                    if e.band == timeline[j + 1].band then
                        entry = e
                    end
                end
                if entry == nil then
                    out[#out + 1] = {band = timeline[j + 1].band, seconds = perSegment[j + 1]}
                else
                    entry.seconds = entry.seconds + perSegment[j + 1]
                end
            end
            ::__continue51::
            j = j + 1
        end
    end
    return out
end
--- The text of billedByBand for a CDR: `band:seconds` joined by ",", the base rate's band
-- written as the empty name, e.g. "peak:120,:60"; "" for a free call. Unambiguous, since band
-- names hold neither ":" nor ",".
function ____exports.formatBandSeconds(list)
    local items = {}
    for ____, e in ipairs(list) do
        items[#items + 1] = e.band .. ":" .. intStr(e.seconds)
    end
    return table.concat(items, ",")
end
--- The worst case of a timeline over an answer delay: the timeline whose rate at offset o is
-- the largest rate of `timeline` anywhere in [o, o + delaySeconds] (both relative to call
-- setup). A grant computed over it is affordable whenever the callee answers within
-- delaySeconds of setup: each block's worst rate is at least its real rate. A segment's band is
-- that of the earliest segment giving the maximum; adjacent equal segments are merged.
function ____exports.worstOverDelay(timeline, delaySeconds)
    checkTimeline(timeline)
    if not isExactInt(delaySeconds) or delaySeconds < 0 then
        bug("worstOverDelay: delaySeconds must be a non-negative integer")
    end
    local points = {0}
    local a = 1
    local b = 1
    while a < #timeline or b < #timeline do
        local enter = a < #timeline and timeline[a + 1].fromSecond - delaySeconds or nil
        local leave = b < #timeline and timeline[b + 1].fromSecond or nil
        local p
        if leave == nil or enter ~= nil and enter <= leave then
            p = enter
            a = a + 1
        else
            p = leave
            b = b + 1
        end
        if p > points[#points] then
            points[#points + 1] = p
        end
    end
    local out = {}
    local lo = 0
    for ____, p in ipairs(points) do
        while lo + 1 < #timeline and timeline[lo + 1 + 1].fromSecond <= p do
            lo = lo + 1
        end
        local best = timeline[lo + 1]
        do
            local j = lo + 1
            while j < #timeline and timeline[j + 1].fromSecond <= p + delaySeconds do
                if timeline[j + 1].ratePerMinuteMicros > best.ratePerMinuteMicros then
                    best = timeline[j + 1]
                end
                j = j + 1
            end
        end
        local last = #out > 0 and out[#out] or nil
        if last == nil or last.band ~= best.band or last.ratePerMinuteMicros ~= best.ratePerMinuteMicros then
            out[#out + 1] = {fromSecond = p, ratePerMinuteMicros = best.ratePerMinuteMicros, band = best.band}
        end
    end
    return out
end
return ____exports
