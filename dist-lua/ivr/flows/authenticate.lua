local ____exports = {}
local ____numbers = require("domain.numbers")
local normaliseNumber = ____numbers.normaliseNumber
local ____intmath = require("domain.intmath")
local intStr = ____intmath.intStr
local isDigits = ____intmath.isDigits
local ____accounts = require("ivr.store.accounts")
local accountByCli = ____accounts.accountByCli
local cardByPin = ____accounts.cardByPin
local ____security = require("ivr.store.security")
local clearFailures = ____security.clearFailures
local lockState = ____security.lockState
local recordFailures = ____security.recordFailures
--- Access numbers tolerate this many times a product's failures before locking (many callers share one).
____exports.DNIS_LOCKOUT_FACTOR = 20
--- The pause after a failed PIN grows by this much per failure counted for the caller …
____exports.PIN_DELAY_STEP_MS = 1000
--- … up to this.
____exports.PIN_DELAY_MAX_MS = 5000
--- The pause after a failed PIN, in ms: PIN_DELAY_STEP_MS × the failures counted so far for the
-- caller ID (for the access number when there is no caller ID), at most PIN_DELAY_MAX_MS.
function ____exports.pinFailureDelayMs(failures)
    local ms = ____exports.PIN_DELAY_STEP_MS * failures
    return ms < ____exports.PIN_DELAY_MAX_MS and ms or ____exports.PIN_DELAY_MAX_MS
end
--- The card of this product whose caller ID is mapped to the caller (pinless), if any.
function ____exports.pinlessCard(deps, product, caller)
    if caller == nil then
        return nil
    end
    local e164 = normaliseNumber(caller.text, product.dialRules)
    if not e164.ok then
        return nil
    end
    local mapped = accountByCli(
        deps.sql,
        e164.value,
        deps.clock:nowSeconds()
    )
    if mapped == nil or mapped.card == nil or mapped.card.productId ~= product.id then
        return nil
    end
    return {card = mapped.card, account = mapped.account}
end
--- Counts one wrong PIN (a card's, or a voucher's: `what` AUTH or VOUCHER in the log line) for
-- the caller ID and the access number, logs it, and either plays the lockout (LOCKED_OUT: end
-- the call) or waits the growing pause and plays `wrongPrompt` (TRY_AGAIN). HUNG_UP when the
-- caller left meanwhile.
function ____exports.countPinFailure(deps, voice, product, ani, dnis, what, wrongPrompt)
    local aniPolicy = {failures = product.lockoutFailures, windowSeconds = product.lockoutWindowSeconds}
    local dnisPolicy = {failures = product.lockoutFailures * ____exports.DNIS_LOCKOUT_FACTOR, windowSeconds = product.lockoutWindowSeconds}
    local keys = {{kind = "dnis", key = dnis, policy = dnisPolicy}}
    if ani ~= nil then
        keys[#keys + 1] = {kind = "ani", key = ani, policy = aniPolicy}
    end
    local counts = recordFailures(
        deps.sql,
        keys,
        deps.clock:nowSeconds()
    )
    local ____counts__1_1 = counts[1]
    local ____temp_0
    if ani == nil then
        ____temp_0 = nil
    else
        ____temp_0 = counts[2]
    end
    local f = {dnis = ____counts__1_1, ani = ____temp_0}
    local locked = f.ani ~= nil and f.ani.locked or f.dnis.locked
    local delayMs = ____exports.pinFailureDelayMs((f.ani or f.dnis).failures)
    deps.log:warning(what .. (locked and "_LOCKOUT" or "_FAILED") .. " ani=" .. (ani or "none") .. " ani_failures=" .. intStr(f.ani == nil and 0 or f.ani.failures) .. " dnis=" .. dnis .. " dnis_failures=" .. intStr(f.dnis.failures) .. " delay_ms=" .. intStr(locked and 0 or delayMs))
    if locked then
        deps.call:play(voice:say({"locked_out"}))
        return "LOCKED_OUT"
    end
    deps.call:sleep(delayMs)
    if not deps.call:ready() or not deps.call:play(voice:say({wrongPrompt})) then
        return "HUNG_UP"
    end
    return "TRY_AGAIN"
end
function ____exports.authenticate(deps, voice, product, caller, dnis)
    local byCli = ____exports.pinlessCard(deps, product, caller)
    local ____temp_2
    if caller == nil then
        ____temp_2 = nil
    else
        ____temp_2 = caller.digits
    end
    local ani = ____temp_2
    if byCli ~= nil then
        return {ok = true, who = byCli, pinless = true}
    end
    local now = deps.clock:nowSeconds()
    local state = lockState(deps.sql, ani, dnis, now)
    local aniHasFailures = state.aniHasFailures
    if state.locked then
        deps.log:warning("AUTH_LOCKED ani=" .. (ani or "none") .. " dnis=" .. dnis .. ": refused before PIN entry")
        deps.call:play(voice:say({"locked_out"}))
        return {ok = false, code = "LOCKED_OUT"}
    end
    do
        local attempt = 1
        while attempt <= product.pinMaxTries do
            local pin = deps.call:readDigits({
                minDigits = product.pinLength,
                maxDigits = product.pinLength,
                tries = 1,
                timeoutMs = deps.settings.pinTimeoutMs,
                prompt = voice:say({"enter_pin"}),
                badPrompt = voice:say({"invalid_pin"}),
                terminators = "#"
            })
            if pin == nil then
                return {ok = false, code = "HUNG_UP"}
            end
            local ____temp_3
            if #pin == product.pinLength and isDigits(pin) then
                ____temp_3 = cardByPin(deps.sql, pin)
            else
                ____temp_3 = nil
            end
            local found = ____temp_3
            if found ~= nil and found.card.productId == product.id then
                if ani ~= nil and aniHasFailures then
                    clearFailures(deps.sql, "ani", ani)
                end
                return {ok = true, who = found, pinless = false}
            end
            if pin ~= "" then
                aniHasFailures = aniHasFailures or ani ~= nil
                local failed = ____exports.countPinFailure(
                    deps,
                    voice,
                    product,
                    ani,
                    dnis,
                    "AUTH",
                    "invalid_pin"
                )
                if failed ~= "TRY_AGAIN" then
                    return {ok = false, code = failed}
                end
            end
            attempt = attempt + 1
        end
    end
    return {ok = false, code = "NO_VALID_PIN"}
end
return ____exports
