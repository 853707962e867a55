local ____lualib = require("lualib_bundle")
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__New = ____lualib.__TS__New
local ____exports = {}
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____dialstring = require("ivr.dialstring")
local buildDialString = ____dialstring.buildDialString
local isSafeToken = ____dialstring.isSafeToken
local ____rates = require("ivr.store.rates")
local gatewayByName = ____rates.gatewayByName
local routeMaxAttempts = ____rates.routeMaxAttempts
local ____holds = require("ivr.store.holds")
local placeHold = ____holds.placeHold
local ____settle = require("ivr.store.settle")
local findSettlement = ____settle.findSettlement
local settle = ____settle.settle
--- The rate actually charged: the deck's tariff plus the product's own fees.
function ____exports.effectiveRate(product, rated)
    local r = rated.rate
    return {
        ratePerMinuteMicros = r.ratePerMinuteMicros,
        connectFeeMicros = r.connectFeeMicros + product.connectFeeMicros,
        disconnectFeeMicros = r.disconnectFeeMicros + product.disconnectFeeMicros,
        initialSeconds = r.initialSeconds,
        incrementSeconds = r.incrementSeconds,
        graceSeconds = r.graceSeconds,
        minimumCostMicros = r.minimumCostMicros
    }
end
--- The next gateway of a route from mod_distributor, excluding those tried; undefined when none is left.
local function pickGateway(deps, route, tried)
    local reply = deps.api:execute(
        "distributor",
        table.concat(
            {
                route,
                table.unpack(tried)
            },
            " "
        )
    )
    if reply == nil or not isSafeToken(reply) then
        return nil
    end
    for ____, t in ipairs(tried) do
        if t == reply then
            return nil
        end
    end
    return reply
end
local function newUuid(deps)
    local u = deps.api:execute("create_uuid", "")
    if u == nil or #u < 32 or #u > 64 or not isSafeToken(u) then
        error(
            __TS__New(Error, "create_uuid gave no usable UUID"),
            0
        )
    end
    return u
end
--- Polls for the callee leg's settlement (its hook may run after bridge returns); asks the caller to wait once.
local function waitForSettlement(deps, voice, uuid)
    local stepMs = 200
    local waited = 0
    do
        while true do
            local s = findSettlement(deps.sql, uuid)
            if s ~= nil or waited >= deps.settings.settleWaitMs then
                return s
            end
            if waited == 0 then
                deps.call:play(voice:say({"please_wait"}))
            end
            deps.sql:release()
            deps.clock:sleepMs(stepMs)
            waited = waited + stepMs
        end
    end
end
--- Tries the route's gateways until one answers. awaitSettlement: after an answered call, wait
-- (up to ccard_settle_wait_ms) for the callee leg's settlement, to go on with the new balance.
function ____exports.connect(deps, caller, voice, e164, rated, awaitSettlement)
    local tried = {}
    if rated.route == "" or not isSafeToken(rated.route) then
        deps.log:warning("no usable route for prefix " .. rated.prefix)
        return {code = "NO_ROUTE", gatewaysTried = tried}
    end
    local rate = ____exports.effectiveRate(caller.product, rated)
    local attempts = routeMaxAttempts(deps.sql, rated.route)
    do
        local attempt = 1
        while attempt <= attempts do
            do
                local name = pickGateway(deps, rated.route, tried)
                if name == nil then
                    break
                end
                tried[#tried + 1] = name
                local gateway = gatewayByName(deps.sql, name)
                if gateway == nil then
                    deps.log:warning(((("distributor list " .. rated.route) .. " names gateway ") .. name) .. " which is not enabled in the database")
                    goto __continue18
                end
                local uuid = newUuid(deps)
                local function dialString(grantedSeconds)
                    return buildDialString({
                        uuid = uuid,
                        gateway = name,
                        dialPrefix = gateway.dialPrefix,
                        e164 = e164,
                        grantedSeconds = grantedSeconds,
                        ringTimeoutSeconds = deps.settings.ringTimeoutSeconds,
                        warningFile = voice:file("one_minute_left"),
                        tags = {
                            ccard_call = "1",
                            ccard_account_id = sqlInt(caller.accountId)
                        }
                    })
                end
                dialString(1)
                local hold = placeHold(
                    deps.sql,
                    deps.sqlite,
                    deps.clock:nowSeconds(),
                    {
                        uuid = uuid,
                        accountId = caller.accountId,
                        cardId = caller.cardId,
                        productId = caller.product.id,
                        maxConcurrentCalls = caller.product.maxConcurrentCalls,
                        capSeconds = caller.product.maxCallSeconds,
                        rate = rate,
                        rateTableId = caller.product.rateTableId,
                        prefix = rated.prefix,
                        destination = e164,
                        ani = caller.ani,
                        dnis = caller.dnis,
                        gateway = name,
                        expiryMarginSeconds = deps.settings.ringTimeoutSeconds + 120
                    }
                )
                if not hold.ok then
                    return {code = hold.code, gatewaysTried = tried}
                end
                local granted = hold.value.grantedSeconds
                local outcome
                do
                    local function ____catch(e)
                        pcall(function() return settle(
                            deps.sql,
                            deps.sqlite,
                            deps.clock:nowSeconds(),
                            {uuid = uuid, answeredMs = 0, cause = "NORMAL_TEMPORARY_FAILURE", disposition = "IVR_ERROR"}
                        ) end)
                        error(e, 0)
                    end
                    local ____try, ____hasReturned = pcall(function()
                        deps.call:setVariable("ccard_gateway", name)
                        deps.call:setVariable(
                            "ccard_max_talk_seconds",
                            sqlInt(granted)
                        )
                        deps.sql:release()
                        outcome = deps.call:bridge(dialString(granted))
                    end)
                    if not ____try then
                        ____catch(____hasReturned)
                    end
                end
                deps.log:info(((((("call " .. uuid) .. " via ") .. name) .. ": ") .. outcome.cause) .. (outcome.answered and " (answered)" or ""))
                if outcome.answered then
                    if not outcome.callerUp or not awaitSettlement then
                        return {code = "ANSWERED", gatewaysTried = tried}
                    end
                    return {
                        code = "ANSWERED",
                        settlement = waitForSettlement(deps, voice, uuid),
                        gatewaysTried = tried
                    }
                end
                local s = settle(
                    deps.sql,
                    deps.sqlite,
                    deps.clock:nowSeconds(),
                    {uuid = uuid, answeredMs = 0, cause = outcome.cause, disposition = outcome.disposition}
                )
                if not s.ok then
                    deps.log:error((("settling failed attempt " .. uuid) .. ": ") .. s.code)
                end
                if not outcome.callerUp then
                    return {code = "HUNG_UP", gatewaysTried = tried}
                end
            end
            ::__continue18::
            attempt = attempt + 1
        end
    end
    return {code = "FAILED", gatewaysTried = tried}
end
return ____exports
