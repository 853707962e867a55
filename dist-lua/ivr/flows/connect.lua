local ____exports = {}
local ____money = require("domain.money")
local formatMicros = ____money.formatMicros
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____dialstring = require("ivr.dialstring")
local buildDialString = ____dialstring.buildDialString
local isSafeToken = ____dialstring.isSafeToken
local isSafeValue = ____dialstring.isSafeValue
local ____rates = require("ivr.store.rates")
local gatewayByName = ____rates.gatewayByName
local routeAttempts = ____rates.routeAttempts
local ____holds = require("ivr.store.holds")
local placeHold = ____holds.placeHold
local ____settle = require("ivr.store.settle")
local findSettlement = ____settle.findSettlement
local settle = ____settle.settle
local ____tokens = require("ivr.tokens")
local isCallUuid = ____tokens.isCallUuid
local ____bug = require("domain.bug")
local bug = ____bug.bug
--- The price actually charged: the deck's tariff plus the product's own fees, with the table's bands.
function ____exports.callPrice(product, rated)
    local r = rated.rate
    local rate = {
        ratePerMinuteMicros = r.ratePerMinuteMicros,
        connectFeeMicros = r.connectFeeMicros + product.connectFeeMicros,
        disconnectFeeMicros = r.disconnectFeeMicros + product.disconnectFeeMicros,
        initialSeconds = r.initialSeconds,
        incrementSeconds = r.incrementSeconds,
        graceSeconds = r.graceSeconds,
        minimumCostMicros = r.minimumCostMicros
    }
    return {rate = rate, plan = product.bandPlan, prices = rated.bandPrices}
end
--- The next gateway of a route from mod_distributor, excluding those tried; undefined when none
-- is left. Every refusal is logged: without mod_distributor no call can be routed at all.
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
    if not reply.ok then
        if (string.find(reply.error, "Command not found", nil, true) or 0) - 1 >= 0 then
            deps.log:error("mod_distributor is not loaded (" .. reply.error .. "): no call can be routed; load it in modules.conf.xml")
        elseif #tried == 0 then
            deps.log:error("mod_distributor has no list " .. route .. " (" .. reply.error .. "): run 'ccard distributor export --reload'")
        else
            deps.log:warning("mod_distributor has no gateway of list " .. route .. " left after " .. table.concat(tried, ", ") .. " (" .. reply.error .. ")")
        end
        return nil
    end
    local name = reply.body
    if not isSafeToken(name) then
        deps.log:warning("mod_distributor list " .. route .. " gave a name that cannot be a gateway: " .. name)
        return nil
    end
    for ____, t in ipairs(tried) do
        if t == name then
            return nil
        end
    end
    return name
end
local function newUuid(deps)
    local reply = deps.api:execute("create_uuid", "")
    local u = reply.ok and reply.body or ""
    if not isCallUuid(u) then
        bug("create_uuid gave no usable UUID")
    end
    return u
end
local POLL_MS = 100
--- Waits up to ccard_settle_wait_ms for a call's settlement by the callee leg's hook (which may
-- run before or after bridge returns). While the caller is there the wait is on the channel
-- (it ends at once if they hang up) and `politely` has them hear please_wait once; once they
-- are gone it waits without a channel, so their channel can still carry the call's figures.
local function awaitSettlement(deps, voice, uuid, politely)
    local waited = 0
    do
        while true do
            local s = findSettlement(deps.sql, uuid)
            if s ~= nil or waited >= deps.settings.settleWaitMs then
                return s
            end
            deps.sql:release()
            if deps.call:ready() then
                if waited == 0 and politely then
                    deps.call:play(voice:say({"please_wait"}))
                end
                deps.call:sleep(POLL_MS)
            else
                deps.clock:sleepMs(POLL_MS)
            end
            waited = waited + POLL_MS
        end
    end
end
--- The settled call's figures on the caller's channel, for the switch's own CDRs (mod_xml_cdr, mod_cdr_csv).
local function publishSettlement(deps, s)
    local vars = {
        {
            "ccard_cost",
            formatMicros(s.costMicros)
        },
        {
            "ccard_rate",
            formatMicros(s.ratePerMinuteMicros)
        },
        {
            "ccard_vendor_cost",
            formatMicros(s.vendorCostMicros)
        },
        {"ccard_gateway", s.gateway},
        {
            "ccard_balance_before",
            formatMicros(s.balanceBeforeMicros)
        },
        {
            "ccard_balance_after",
            formatMicros(s.balanceAfterMicros)
        },
        {"ccard_rate_table", s.rateTable},
        {"ccard_cost_table", s.costTable},
        {"ccard_estimated", s.estimated and "true" or "false"}
    }
    for ____, ____value in ipairs(vars) do
        local k = ____value[1]
        local v = ____value[2]
        deps.call:setVariable(k, v)
    end
end
--- The callee leg's own CDR fields that are known when it is dialled.
local function calleeTags(caller, rate, gateway)
    local tags = {
        ccard_call = "1",
        ccard_account_id = sqlInt(caller.accountId),
        ccard_gateway = gateway.name,
        ccard_rate = formatMicros(rate.ratePerMinuteMicros)
    }
    if isSafeValue(caller.product.rateTableName) then
        tags.ccard_rate_table = caller.product.rateTableName
    end
    if gateway.costTable ~= "" and isSafeValue(gateway.costTable) then
        tags.ccard_cost_table = gateway.costTable
    end
    return tags
end
--- True when the switch created the attempt's callee leg (so its reporting hook will settle it).
local function legCreated(outcome, uuid)
    for ____, leg in ipairs(outcome.legs) do
        if leg == uuid then
            return true
        end
    end
    return false
end
--- Tries the route's gateways until one answers. politeWait: the calling-card flow, which asks
-- the caller to wait for a finished call's settlement (to go on with the new balance).
function ____exports.connect(deps, caller, voice, e164, rated, politeWait)
    local tried = {}
    if rated.route == "" or not isSafeToken(rated.route) then
        deps.log:warning("no usable route for prefix " .. rated.prefix)
        return {code = "NO_ROUTE", gatewaysTried = tried}
    end
    local price = ____exports.callPrice(caller.product, rated)
    local attempts = routeAttempts(deps.sql, rated.route)
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
                    deps.log:warning("distributor list " .. rated.route .. " names gateway " .. name .. " which is not enabled in the database")
                    goto __continue34
                end
                local uuid = newUuid(deps)
                local function dialString(cutoffSeconds)
                    return buildDialString({
                        uuid = uuid,
                        gateway = name,
                        dialPrefix = gateway.dialPrefix,
                        e164 = e164,
                        cutoffSeconds = cutoffSeconds,
                        earlyMedia = deps.settings.earlyMedia,
                        ringTimeoutSeconds = deps.settings.ringTimeoutSeconds,
                        warningFile = voice:file("one_minute_left"),
                        tags = calleeTags(caller, price.rate, gateway)
                    })
                end
                dialString(1)
                local ____placeHold_18 = placeHold
                local ____deps_sql_16 = deps.sql
                local ____temp_17 = deps.clock:nowSeconds()
                local ____uuid_1 = uuid
                local ____caller_accountId_2 = caller.accountId
                local ____caller_cardId_3 = caller.cardId
                local ____caller_product_id_4 = caller.product.id
                local ____caller_product_maxConcurrentCalls_5 = caller.product.maxConcurrentCalls
                local ____caller_product_maxCallSeconds_6 = caller.product.maxCallSeconds
                local ____price_7 = price
                local ____deps_settings_ringTimeoutSeconds_8 = deps.settings.ringTimeoutSeconds
                local ____caller_product_rateTableId_9 = caller.product.rateTableId
                local ____rated_prefix_10 = rated.prefix
                local ____e164_11 = e164
                local ____caller_ani_12 = caller.ani
                local ____caller_dnis_13 = caller.dnis
                local ____temp_14 = deps.settings.ringTimeoutSeconds + 120
                local ____caller_product_caps_15 = caller.product.caps
                local ____temp_0
                if #tried == 1 then
                    ____temp_0 = caller.account
                else
                    ____temp_0 = nil
                end
                local hold = ____placeHold_18(____deps_sql_16, ____temp_17, {
                    uuid = ____uuid_1,
                    accountId = ____caller_accountId_2,
                    cardId = ____caller_cardId_3,
                    productId = ____caller_product_id_4,
                    maxConcurrentCalls = ____caller_product_maxConcurrentCalls_5,
                    capSeconds = ____caller_product_maxCallSeconds_6,
                    price = ____price_7,
                    ringSeconds = ____deps_settings_ringTimeoutSeconds_8,
                    rateTableId = ____caller_product_rateTableId_9,
                    prefix = ____rated_prefix_10,
                    destination = ____e164_11,
                    ani = ____caller_ani_12,
                    dnis = ____caller_dnis_13,
                    gateway = name,
                    expiryMarginSeconds = ____temp_14,
                    caps = ____caller_product_caps_15,
                    account = ____temp_0
                })
                if not hold.ok then
                    return {code = hold.code, gatewaysTried = tried}
                end
                local outcome
                do
                    local function ____catch(e)
                        pcall(function() return settle(
                            deps.sql,
                            deps.clock:nowSeconds(),
                            uuid,
                            {answeredMs = 0, cause = "NORMAL_TEMPORARY_FAILURE", disposition = "IVR_ERROR", estimated = false}
                        ) end)
                        error(e, 0)
                    end
                    local ____try, ____hasReturned = pcall(function()
                        deps.call:setVariable("ccard_gateway", name)
                        deps.call:setVariable(
                            "ccard_max_talk_seconds",
                            sqlInt(hold.value.cutoffSeconds)
                        )
                        deps.sql:release()
                        outcome = deps.call:bridge(dialString(hold.value.cutoffSeconds))
                    end)
                    if not ____try then
                        ____catch(____hasReturned)
                    end
                end
                deps.log:info("call " .. uuid .. " via " .. name .. ": " .. outcome.cause .. (outcome.answered and " (answered)" or ""))
                if outcome.answered then
                    local s = awaitSettlement(deps, voice, uuid, politeWait and outcome.callerUp)
                    if s ~= nil then
                        publishSettlement(deps, s)
                    else
                        deps.log:warning("call " .. uuid .. " not settled within " .. sqlInt(deps.settings.settleWaitMs) .. " ms: its hook, the next call or the reaper will")
                    end
                    return {code = "ANSWERED", settlement = s, gatewaysTried = tried}
                end
                if legCreated(outcome, uuid) then
                    if not outcome.callerUp then
                        return {code = "HUNG_UP", gatewaysTried = tried}
                    end
                    if awaitSettlement(deps, voice, uuid, false) == nil then
                        deps.log:warning("failed attempt " .. uuid .. " not settled by its hook within " .. sqlInt(deps.settings.settleWaitMs) .. " ms: its hold stays until it is")
                    end
                else
                    local s = settle(
                        deps.sql,
                        deps.clock:nowSeconds(),
                        uuid,
                        {answeredMs = 0, cause = outcome.cause, disposition = outcome.disposition, estimated = false}
                    )
                    if not s.ok then
                        deps.log:error("settling failed attempt " .. uuid .. ": " .. s.code)
                    end
                    if not outcome.callerUp then
                        return {code = "HUNG_UP", gatewaysTried = tried}
                    end
                end
            end
            ::__continue34::
            attempt = attempt + 1
        end
    end
    return {code = "FAILED", gatewaysTried = tried}
end
return ____exports
