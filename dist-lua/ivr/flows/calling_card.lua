local ____lualib = require("lualib_bundle")
local __TS__SparseArrayNew = ____lualib.__TS__SparseArrayNew
local __TS__SparseArrayPush = ____lualib.__TS__SparseArrayPush
local __TS__SparseArraySpread = ____lualib.__TS__SparseArraySpread
local __TS__ArrayPush = ____lualib.__TS__ArrayPush
local __TS__ArrayIndexOf = ____lualib.__TS__ArrayIndexOf
local ____exports = {}
local ____caller_id = require("domain.caller_id")
local sanitizeNetworkNumber = ____caller_id.sanitizeNetworkNumber
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____call_price = require("domain.call_price")
local grantFor = ____call_price.grantFor
local ratePerMinuteAt = ____call_price.ratePerMinuteAt
local ____accounts = require("ivr.store.accounts")
local cardAccountById = ____accounts.cardAccountById
local ____intmath = require("domain.intmath")
local ceilDiv = ____intmath.ceilDiv
local ____card_policy = require("domain.card_policy")
local SECONDS_PER_DAY = ____card_policy.SECONDS_PER_DAY
local ____holds = require("ivr.store.holds")
local settleLeftovers = ____holds.settleLeftovers
local spendable = ____holds.spendable
local ____products = require("ivr.store.products")
local productByDnis = ____products.productByDnis
local ____authenticate = require("ivr.flows.authenticate")
local authenticate = ____authenticate.authenticate
local ____language = require("ivr.flows.language")
local chooseLanguage = ____language.chooseLanguage
local ____cards = require("ivr.store.cards")
local rememberLanguage = ____cards.rememberLanguage
local ____card_checks = require("ivr.flows.card_checks")
local cardStillUsable = ____card_checks.cardStillUsable
local checkCard = ____card_checks.checkCard
local ____connect = require("ivr.flows.connect")
local callPrice = ____connect.callPrice
local connect = ____connect.connect
local ____cutoff = require("ivr.cutoff")
local cutoffSeconds = ____cutoff.cutoffSeconds
local ____destination = require("ivr.flows.destination")
local readDestination = ____destination.readDestination
local ____topup = require("ivr.flows.topup")
local topUp = ____topup.topUp
local ____bug = require("domain.bug")
local bug = ____bug.bug
local OUTCOME_PROMPT = {
    FAILED = "call_failed",
    NO_ROUTE = "destination_unavailable",
    INSUFFICIENT_CREDIT = "insufficient_balance",
    TOO_MANY_CALLS = "too_many_calls",
    ACCOUNT_NOT_ACTIVE = "account_blocked",
    CAP_REACHED = "cap_reached"
}
--- "This call costs five cents per minute, plus ten cents to connect": the price the call starts
-- at (its band now, fees as the product adds them), never spoken lower than charged.
local function ratePrompt(voice, price, currency, now)
    local perMinute = voice:ratePerMinute(
        ratePerMinuteAt(price, now),
        currency
    )
    if #perMinute == 0 then
        return {}
    end
    local ____array_0 = __TS__SparseArrayNew(table.unpack(voice:say({"this_call_costs"})))
    __TS__SparseArrayPush(
        ____array_0,
        table.unpack(perMinute)
    )
    local out = {__TS__SparseArraySpread(____array_0)}
    if price.rate.connectFeeMicros > 0 then
        local ____array_1 = __TS__SparseArrayNew(table.unpack(voice:say({"plus"})))
        __TS__SparseArrayPush(
            ____array_1,
            table.unpack(voice:money(price.rate.connectFeeMicros, currency))
        )
        __TS__SparseArrayPush(
            ____array_1,
            table.unpack(voice:say({"to_connect"}))
        )
        __TS__ArrayPush(
            out,
            __TS__SparseArraySpread(____array_1)
        )
    end
    return out
end
--- A balance number: the card's money available and when it expires, then goodbye. No call,
-- no hold; the card is not activated by it, nor charged a maintenance fee.
local function announceBalanceOnly(deps, voice, who)
    deps.log:info("BALANCE_ONLY card " .. who.card.serial)
    if not cardStillUsable(deps, voice, who) then
        deps.call:hangup("CALL_REJECTED")
        return
    end
    local available = who.account.balanceMicros - who.account.heldMicros
    local expires = who.card.expiresAt
    local ____temp_3
    if expires == nil then
        ____temp_3 = {}
    else
        local ____array_2 = __TS__SparseArrayNew(table.unpack(voice:say({"card_expires_in"})))
        __TS__SparseArrayPush(
            ____array_2,
            table.unpack(voice:days(ceilDiv(
                expires - deps.clock:nowSeconds(),
                SECONDS_PER_DAY
            )))
        )
        ____temp_3 = {__TS__SparseArraySpread(____array_2)}
    end
    local days = ____temp_3
    local ____self_5 = deps.call
    local ____self_5_play_6 = ____self_5.play
    local ____array_4 = __TS__SparseArrayNew(table.unpack(voice:say({"your_balance_is"})))
    __TS__SparseArrayPush(
        ____array_4,
        table.unpack(voice:money(available > 0 and available or 0, who.account.currency))
    )
    __TS__SparseArrayPush(
        ____array_4,
        table.unpack(days)
    )
    __TS__SparseArrayPush(
        ____array_4,
        table.unpack(voice:say({"goodbye"}))
    )
    if not ____self_5_play_6(
        ____self_5,
        {__TS__SparseArraySpread(____array_4)}
    ) then
        return
    end
    deps.call:hangup("NORMAL_CLEARING")
end
function ____exports.runCallingCard(deps)
    local call = deps.call
    call:answer()
    local caller = sanitizeNetworkNumber(call:variable("caller_id_number"))
    local ____temp_7
    if caller == nil then
        ____temp_7 = nil
    else
        ____temp_7 = caller.digits
    end
    local ani = ____temp_7
    local ____opt_8 = sanitizeNetworkNumber(call:variable("destination_number"))
    local dnis = ____opt_8 and ____opt_8.digits
    local ____temp_10
    if dnis == nil then
        ____temp_10 = nil
    else
        ____temp_10 = productByDnis(deps.sql, dnis)
    end
    local product = ____temp_10
    if product == nil or dnis == nil or product.kind ~= "card" then
        deps.log:warning("access number " .. (dnis or "(invalid)") .. " has no calling-card product")
        call:play(deps:voiceFor("en"):say({"service_unavailable"}))
        call:hangup("NO_ROUTE_DESTINATION")
        return
    end
    if not call:play(deps:voiceFor(product.language):say({"welcome"})) then
        return
    end
    local language = chooseLanguage(deps, product, caller)
    if not language.ok then
        return
    end
    local voice = deps:voiceFor(language.language)
    local auth = authenticate(
        deps,
        voice,
        product,
        caller,
        dnis
    )
    if not auth.ok then
        if auth.code ~= "HUNG_UP" then
            call:play(voice:say({"goodbye"}))
            call:hangup("CALL_REJECTED")
        end
        return
    end
    local who = auth.who
    if language.chosen then
        rememberLanguage(deps.sql, who.card, language.language)
    elseif who.card.language ~= nil and who.card.language ~= voice.language and __TS__ArrayIndexOf(product.languageMenu, who.card.language) >= 0 then
        voice = deps:voiceFor(who.card.language)
    end
    call:setVariable("ccard_card_serial", who.card.serial)
    call:setVariable(
        "ccard_account_id",
        sqlInt(who.account.id)
    )
    if product.balanceOnly then
        announceBalanceOnly(deps, voice, who)
        return
    end
    if not checkCard(deps, voice, product, who) then
        call:hangup("CALL_REJECTED")
        return
    end
    do
        local n = 1
        while n <= deps.settings.maxCallsPerSession do
            local fresh = n == 1 and who or cardAccountById(deps.sql, who.card.id)
            if fresh ~= nil and fresh.account.heldMicros > 0 and settleLeftovers(
                deps.sql,
                deps.spool,
                fresh.account.id,
                deps.clock:nowSeconds()
            ) > 0 then
                fresh = cardAccountById(deps.sql, who.card.id)
            end
            if fresh == nil then
                bug("card vanished during the call")
            end
            if n > 1 and not cardStillUsable(deps, voice, fresh) then
                call:hangup("CALL_REJECTED")
                return
            end
            local account = fresh.account
            local dest = nil
            do
                local topUps = 0
                while dest == nil do
                    local available = account.balanceMicros - account.heldMicros
                    local ____readDestination_14 = readDestination
                    local ____deps_12 = deps
                    local ____voice_13 = voice
                    local ____array_11 = __TS__SparseArrayNew(table.unpack(voice:say({"your_balance_is"})))
                    __TS__SparseArrayPush(
                        ____array_11,
                        table.unpack(voice:money(available > 0 and available or 0, account.currency))
                    )
                    local read = ____readDestination_14(
                        ____deps_12,
                        ____voice_13,
                        product,
                        {__TS__SparseArraySpread(____array_11)}
                    )
                    if read.ok or read.code ~= "VOUCHER_KEY" or topUps >= deps.settings.destinationTries then
                        dest = read
                        break
                    end
                    local topped = topUp(
                        deps,
                        voice,
                        product,
                        fresh,
                        ani,
                        dnis
                    )
                    if topped == "LOCKED_OUT" then
                        call:hangup("CALL_REJECTED")
                    end
                    if topped ~= "DONE" then
                        return
                    end
                    topUps = topUps + 1
                end
            end
            if not dest.ok then
                if dest.code == "HUNG_UP" then
                    return
                end
                break
            end
            local price = callPrice(product, dest.rated)
            local now = deps.clock:nowSeconds()
            local money = spendable(deps.sql, account, product.caps, now)
            if not money.ok then
                deps.log:info("CAP_REACHED: account " .. sqlInt(account.id) .. " is at a daily cap of product " .. product.name)
                call:play(voice:say({"cap_reached"}))
                break
            end
            local preview = cutoffSeconds(grantFor(
                price,
                money.value.micros,
                product.maxCallSeconds,
                now,
                deps.settings.ringTimeoutSeconds
            ).grantedSeconds)
            if preview <= price.rate.graceSeconds then
                call:play(voice:say({money.value.capped and "cap_reached" or "insufficient_balance"}))
                break
            end
            call:setVariable("ccard_destination", dest.e164)
            local ____array_15 = __TS__SparseArrayNew(table.unpack(voice:say({"you_have"})))
            __TS__SparseArrayPush(
                ____array_15,
                table.unpack(voice:duration(preview))
            )
            __TS__SparseArrayPush(
                ____array_15,
                table.unpack(voice:say({"minutes_of_talk_time"}))
            )
            local talk = {__TS__SparseArraySpread(____array_15)}
            local ____call_play_17 = call.play
            local ____array_16 = __TS__SparseArrayNew(table.unpack(talk))
            __TS__SparseArrayPush(
                ____array_16,
                table.unpack(product.announceRate and ratePrompt(voice, price, account.currency, now) or ({}))
            )
            __TS__SparseArrayPush(
                ____array_16,
                table.unpack(voice:say({"connecting"}))
            )
            if not ____call_play_17(
                call,
                {__TS__SparseArraySpread(____array_16)}
            ) then
                return
            end
            local result = connect(
                deps,
                {
                    accountId = account.id,
                    cardId = who.card.id,
                    cardSerial = who.card.serial,
                    product = product,
                    ani = ani or "",
                    dnis = dnis
                },
                voice,
                dest.e164,
                dest.rated,
                true
            )
            if result.code == "HUNG_UP" or not call:ready() then
                return
            end
            local s = result.settlement
            if product.announceCallCost and s ~= nil and not s.estimated and s.answeredMs > 0 then
                local ____call_play_19 = call.play
                local ____array_18 = __TS__SparseArrayNew(table.unpack(voice:say({"that_call_cost"})))
                __TS__SparseArrayPush(
                    ____array_18,
                    table.unpack(voice:money(s.costMicros, account.currency))
                )
                __TS__SparseArrayPush(
                    ____array_18,
                    table.unpack(voice:say({"your_balance_is"}))
                )
                __TS__SparseArrayPush(
                    ____array_18,
                    table.unpack(voice:money(s.balanceAfterMicros, account.currency))
                )
                if not ____call_play_19(
                    call,
                    {__TS__SparseArraySpread(____array_18)}
                ) then
                    return
                end
            end
            local prompt = OUTCOME_PROMPT[result.code]
            if prompt ~= nil then
                call:play(voice:say({prompt}))
            end
            if result.code == "TOO_MANY_CALLS" or result.code == "ACCOUNT_NOT_ACTIVE" or result.code == "CAP_REACHED" then
                break
            end
            if n == deps.settings.maxCallsPerSession then
                break
            end
            local again = call:readDigits({
                minDigits = 1,
                maxDigits = 1,
                tries = 1,
                timeoutMs = deps.settings.digitTimeoutMs,
                prompt = voice:say({"another_call"}),
                badPrompt = {},
                terminators = ""
            })
            if again == nil then
                return
            end
            if again ~= "1" then
                break
            end
            n = n + 1
        end
    end
    call:play(voice:say({"goodbye"}))
    call:hangup("NORMAL_CLEARING")
end
return ____exports
