local ____exports = {}
local ____result = require("domain.result")
local ok = ____result.ok
local fail = ____result.fail
local ____intmath = require("domain.intmath")
local floorDiv = ____intmath.floorDiv
____exports.SECONDS_PER_DAY = 86400
--- Whether the card may place a call now, or why not.
function ____exports.checkCardUsable(card, nowSeconds)
    if card.state == "blocked" then
        return fail("CARD_BLOCKED")
    end
    if card.state == "void" then
        return fail("CARD_VOID")
    end
    if card.state ~= "new" and card.state ~= "active" then
        return fail("CARD_STATE_UNKNOWN")
    end
    if card.expiresAt ~= nil and nowSeconds >= card.expiresAt then
        return fail("CARD_EXPIRED")
    end
    return ok(true)
end
--- What first use sets on a "new" card; undefined for a card already in use.
function ____exports.activationOf(card, policy, nowSeconds)
    if card.state ~= "new" then
        return nil
    end
    local expiresAt = card.expiresAt
    if policy.expiryKind == "after_first_use" and policy.expiryDays ~= nil then
        local after = nowSeconds + policy.expiryDays * ____exports.SECONDS_PER_DAY
        expiresAt = (expiresAt == nil or after < expiresAt) and after or expiresAt
    end
    local feesPaidUntil = policy.maintenanceEveryDays > 0 and policy.maintenanceFeeMicros > 0 and nowSeconds + policy.maintenanceEveryDays * ____exports.SECONDS_PER_DAY or nil
    return {firstUsedAt = nowSeconds, expiresAt = expiresAt, feesPaidUntil = feesPaidUntil}
end
--- Maintenance fees due at nowSeconds: one fee per period boundary passed since feesPaidUntil.
function ____exports.maintenanceDue(card, policy, nowSeconds)
    if card.feesPaidUntil == nil or policy.maintenanceEveryDays <= 0 or policy.maintenanceFeeMicros <= 0 then
        return nil
    end
    if nowSeconds < card.feesPaidUntil then
        return nil
    end
    local period = policy.maintenanceEveryDays * ____exports.SECONDS_PER_DAY
    local periods = floorDiv(nowSeconds - card.feesPaidUntil, period) + 1
    return {periods = periods, amountMicros = periods * policy.maintenanceFeeMicros, paidUntil = card.feesPaidUntil + periods * period}
end
return ____exports
