local ____lualib = require("lualib_bundle")
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local __TS__SparseArrayNew = ____lualib.__TS__SparseArrayNew
local __TS__SparseArrayPush = ____lualib.__TS__SparseArrayPush
local __TS__SparseArraySpread = ____lualib.__TS__SparseArraySpread
local ____exports = {}
local ____caller_id = require("domain.caller_id")
local sanitizeNetworkNumber = ____caller_id.sanitizeNetworkNumber
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____call_price = require("domain.call_price")
local grantFor = ____call_price.grantFor
local ____accounts = require("ivr.store.accounts")
local cardAccountById = ____accounts.cardAccountById
local ____holds = require("ivr.store.holds")
local settleLeftovers = ____holds.settleLeftovers
local ____products = require("ivr.store.products")
local productByDnis = ____products.productByDnis
local ____authenticate = require("ivr.flows.authenticate")
local authenticate = ____authenticate.authenticate
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
local OUTCOME_PROMPT = {
    FAILED = "call_failed",
    NO_ROUTE = "destination_unavailable",
    INSUFFICIENT_CREDIT = "insufficient_balance",
    TOO_MANY_CALLS = "too_many_calls",
    ACCOUNT_NOT_ACTIVE = "account_blocked"
}
function ____exports.runCallingCard(deps)
    local call = deps.call
    call:answer()
    local caller = sanitizeNetworkNumber(call:variable("caller_id_number"))
    local ____temp_0
    if caller == nil then
        ____temp_0 = nil
    else
        ____temp_0 = caller.digits
    end
    local ani = ____temp_0
    local ____opt_1 = sanitizeNetworkNumber(call:variable("destination_number"))
    local dnis = ____opt_1 and ____opt_1.digits
    local ____temp_3
    if dnis == nil then
        ____temp_3 = nil
    else
        ____temp_3 = productByDnis(deps.sql, dnis)
    end
    local product = ____temp_3
    if product == nil or dnis == nil or product.kind ~= "card" then
        deps.log:warning(("access number " .. (dnis or "(invalid)")) .. " has no calling-card product")
        call:play(deps:voiceFor("en"):say({"service_unavailable"}))
        call:hangup("NO_ROUTE_DESTINATION")
        return
    end
    local voice = deps:voiceFor(product.language)
    if not call:play(voice:say({"welcome"})) then
        return
    end
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
    call:setVariable("ccard_card_serial", who.card.serial)
    call:setVariable(
        "ccard_account_id",
        sqlInt(who.account.id)
    )
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
                error(
                    __TS__New(Error, "card vanished during the call"),
                    0
                )
            end
            if n > 1 and not cardStillUsable(deps, voice, fresh) then
                call:hangup("CALL_REJECTED")
                return
            end
            local account = fresh.account
            local available = account.balanceMicros - account.heldMicros
            local ____readDestination_6 = readDestination
            local ____deps_5 = deps
            local ____array_4 = __TS__SparseArrayNew(table.unpack(voice:say({"your_balance_is"})))
            __TS__SparseArrayPush(
                ____array_4,
                table.unpack(voice:money(available > 0 and available or 0, account.currency))
            )
            local dest = ____readDestination_6(
                ____deps_5,
                voice,
                product,
                {__TS__SparseArraySpread(____array_4)}
            )
            if not dest.ok then
                if dest.code == "HUNG_UP" then
                    return
                end
                break
            end
            local price = callPrice(product, dest.rated)
            local preview = cutoffSeconds(grantFor(
                price,
                available,
                product.maxCallSeconds,
                deps.clock:nowSeconds(),
                deps.settings.ringTimeoutSeconds
            ).grantedSeconds)
            if preview <= price.rate.graceSeconds then
                call:play(voice:say({"insufficient_balance"}))
                break
            end
            call:setVariable("ccard_destination", dest.e164)
            local ____call_play_8 = call.play
            local ____array_7 = __TS__SparseArrayNew(table.unpack(voice:say({"you_have"})))
            __TS__SparseArrayPush(
                ____array_7,
                table.unpack(voice:duration(preview))
            )
            __TS__SparseArrayPush(
                ____array_7,
                table.unpack(voice:say({"minutes_of_talk_time", "connecting"}))
            )
            if not ____call_play_8(
                call,
                {__TS__SparseArraySpread(____array_7)}
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
            local prompt = OUTCOME_PROMPT[result.code]
            if prompt ~= nil then
                call:play(voice:say({prompt}))
            end
            if result.code == "TOO_MANY_CALLS" or result.code == "ACCOUNT_NOT_ACTIVE" then
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
