local ____lualib = require("lualib_bundle")
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local ceilDiv = ____intmath.ceilDiv
local floorDiv = ____intmath.floorDiv
local isExactInt = ____intmath.isExactInt
--- Limits that keep every intermediate of callCost below 2^53 for calls up to 24 h.
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
--- Cost in micro-units of a call answered for `answeredMs` milliseconds (≥ 0, at most 24 h
-- priced exactly). seconds = ceil(ms / 1000); free at 0 s or within the grace period; else
-- max(minimum, connect + ceil(perMinute × billed / 60) + disconnect).
function ____exports.callCost(rate, answeredMs)
    if not isExactInt(answeredMs) or answeredMs < 0 then
        error(
            __TS__New(Error, "callCost: answeredMs must be a non-negative integer"),
            0
        )
    end
    local seconds = ceilDiv(answeredMs, 1000)
    if seconds == 0 or seconds <= rate.graceSeconds then
        return 0
    end
    local billed = billedSeconds(rate, seconds)
    local usage = ceilDiv(rate.ratePerMinuteMicros * billed, 60)
    local total = rate.connectFeeMicros + usage + rate.disconnectFeeMicros
    return total > rate.minimumCostMicros and total or rate.minimumCostMicros
end
--- The largest whole s with 0 ≤ s ≤ capSeconds and callCost(rate, s × 1000) ≤ availableMicros;
-- 0 when availableMicros < 0 or capSeconds ≤ 0. callCost never decreases as s grows, so a
-- binary search over [0, cap] finds it exactly in O(log cap) evaluations (17 for 24 h).
function ____exports.maxTalkSeconds(rate, availableMicros, capSeconds)
    if not isExactInt(availableMicros) or not isExactInt(capSeconds) then
        error(
            __TS__New(Error, "maxTalkSeconds: availableMicros and capSeconds must be integers"),
            0
        )
    end
    if availableMicros < 0 or capSeconds <= 0 then
        return 0
    end
    if ____exports.callCost(rate, capSeconds * 1000) <= availableMicros then
        return capSeconds
    end
    local lo = 0
    local hi = capSeconds
    while hi - lo > 1 do
        local mid = floorDiv(lo + hi, 2)
        if ____exports.callCost(rate, mid * 1000) <= availableMicros then
            lo = mid
        else
            hi = mid
        end
    end
    return lo
end
return ____exports
