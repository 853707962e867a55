local ____exports = {}
local ____bands = require("domain.bands")
local bandChanges = ____bands.bandChanges
local formatBandChanges = ____bands.formatBandChanges
local formatBandPrices = ____bands.formatBandPrices
local parseBandChanges = ____bands.parseBandChanges
local parseBandPrices = ____bands.parseBandPrices
local priceTimeline = ____bands.priceTimeline
local ____tariff = require("domain.tariff")
local callCost = ____tariff.callCost
local maxTalkSeconds = ____tariff.maxTalkSeconds
local worstOverDelay = ____tariff.worstOverDelay
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- The longest block of a rate: the span past a call's end whose bands can still price it.
local function longestBlock(r)
    return r.initialSeconds > r.incrementSeconds and r.initialSeconds or r.incrementSeconds
end
--- True when bands can change what the call costs.
local function isBanded(price)
    return price.plan ~= nil and #price.prices > 0
end
--- The talk time `availableMicros` buys on a call set up at `now` whose callee answers within
-- `ringSeconds`, at most `capSeconds`, and its reserved cost. Banded, both are priced on
-- worstOverDelay of the call's timeline from `now`: for any answer instant in
-- [now, now + ringSeconds] the granted time costs no more than the amount. The bands are
-- recorded over [now, now + ringSeconds + capSeconds + one block], all a settlement can need.
function ____exports.grantFor(price, availableMicros, capSeconds, now, ringSeconds)
    if not isBanded(price) then
        local granted = maxTalkSeconds(price.rate, availableMicros, capSeconds)
        return {
            grantedSeconds = granted,
            amountMicros = callCost(price.rate, granted * 1000),
            bandChanges = "",
            bandPrices = ""
        }
    end
    local r = price.rate
    local changes = bandChanges(
        price.plan,
        now,
        now + ringSeconds + capSeconds + longestBlock(r)
    )
    local worst = worstOverDelay(
        priceTimeline(r.ratePerMinuteMicros, price.prices, changes, now),
        ringSeconds
    )
    local granted = maxTalkSeconds(r, availableMicros, capSeconds, worst)
    return {
        grantedSeconds = granted,
        amountMicros = callCost(r, granted * 1000, worst),
        bandChanges = formatBandChanges(changes),
        bandPrices = formatBandPrices(price.prices)
    }
end
--- The timeline a recorded call is priced on, answered (or started) at `startedAt`: undefined
-- for an unbanded one. Text a hold or CDR holds that does not parse is a defect (only
-- grantFor writes it), so it throws.
function ____exports.recordedTimeline(rate, bandPrices, changesText, startedAt)
    if changesText == "" then
        return nil
    end
    local prices = parseBandPrices(bandPrices)
    local changes = parseBandChanges(changesText)
    if not prices.ok or not changes.ok then
        bug("recordedTimeline: unreadable band record")
    end
    local start = startedAt < changes.value[1].at and changes.value[1].at or startedAt
    return priceTimeline(rate.ratePerMinuteMicros, prices.value, changes.value, start)
end
--- The timeline of a call priced now from a (vendor) table: its plan and the row's band prices
-- over [startedAt, startedAt + seconds + one block]; undefined when unbanded.
function ____exports.liveTimeline(price, startedAt, seconds)
    if not isBanded(price) then
        return nil
    end
    local r = price.rate
    return priceTimeline(
        r.ratePerMinuteMicros,
        price.prices,
        bandChanges(
            price.plan,
            startedAt,
            startedAt + seconds + longestBlock(r)
        ),
        startedAt
    )
end
--- The per-minute rate a call answered at `at` starts at (the band then, or the row's rate).
function ____exports.ratePerMinuteAt(price, at)
    local timeline = ____exports.liveTimeline(price, at, 1)
    return timeline == nil and price.rate.ratePerMinuteMicros or timeline[1].ratePerMinuteMicros
end
return ____exports
