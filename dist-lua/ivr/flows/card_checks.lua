local ____lualib = require("lualib_bundle")
local __TS__SparseArrayNew = ____lualib.__TS__SparseArrayNew
local __TS__SparseArrayPush = ____lualib.__TS__SparseArrayPush
local __TS__SparseArraySpread = ____lualib.__TS__SparseArraySpread
local ____exports = {}
local ____card_policy = require("domain.card_policy")
local activationOf = ____card_policy.activationOf
local checkCardUsable = ____card_policy.checkCardUsable
local ____cards = require("ivr.store.cards")
local activateCard = ____cards.activateCard
local chargeMaintenance = ____cards.chargeMaintenance
local REFUSAL_PROMPT = {CARD_BLOCKED = "card_blocked", CARD_VOID = "card_void", CARD_EXPIRED = "card_expired", CARD_STATE_UNKNOWN = "card_blocked"}
--- True when the card may place a call now (state, expiry, account); otherwise the refusal has
-- been played. Checked after authentication and again before every call of the session, so a
-- card blocked or expiring mid-session places no further call.
function ____exports.cardStillUsable(deps, voice, who)
    local usable = checkCardUsable(
        who.card,
        deps.clock:nowSeconds()
    )
    if not usable.ok then
        deps.log:info("card " .. who.card.serial .. " refused: " .. usable.code)
        deps.call:play(voice:say({REFUSAL_PROMPT[usable.code]}))
        return false
    end
    if who.account.state ~= "active" then
        deps.call:play(voice:say({"account_blocked"}))
        return false
    end
    return true
end
--- True when the caller may go on; otherwise the refusal has been played.
function ____exports.checkCard(deps, voice, product, who)
    local now = deps.clock:nowSeconds()
    if not ____exports.cardStillUsable(deps, voice, who) then
        return false
    end
    local policy = {expiryKind = product.expiryKind, expiryDays = product.expiryDays, maintenanceFeeMicros = product.maintenanceFeeMicros, maintenanceEveryDays = product.maintenanceEveryDays}
    local activation = activationOf(who.card, policy, now)
    if activation ~= nil then
        activateCard(deps.sql, who.card, activation)
        who.card.state = "active"
        who.card.firstUsedAt = activation.firstUsedAt
        who.card.expiresAt = activation.expiresAt
        who.card.feesPaidUntil = activation.feesPaidUntil
        deps.log:info("card " .. who.card.serial .. " activated on first use")
        deps.call:play(voice:say({"card_activated"}))
    end
    local fee = chargeMaintenance(deps.sql, who.card, policy, now)
    if fee > 0 then
        local ____who_account_0, ____balanceMicros_1 = who.account, "balanceMicros"
        ____who_account_0[____balanceMicros_1] = ____who_account_0[____balanceMicros_1] - fee
        local ____self_3 = deps.call
        local ____self_3_play_4 = ____self_3.play
        local ____array_2 = __TS__SparseArrayNew(table.unpack(voice:say({"maintenance_fee_charged"})))
        __TS__SparseArrayPush(
            ____array_2,
            table.unpack(voice:money(fee, who.account.currency))
        )
        ____self_3_play_4(
            ____self_3,
            {__TS__SparseArraySpread(____array_2)}
        )
    end
    return deps.call:ready()
end
return ____exports
