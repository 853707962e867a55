local ____exports = {}
local ____caller_id = require("domain.caller_id")
local sanitizeNetworkNumber = ____caller_id.sanitizeNetworkNumber
local ____numbers = require("domain.numbers")
local normaliseNumber = ____numbers.normaliseNumber
local DEFAULT_DIAL_RULES = ____numbers.DEFAULT_DIAL_RULES
local ____sql = require("domain.sql")
local sqlInt = ____sql.sqlInt
local ____accounts = require("ivr.store.accounts")
local accountByCli = ____accounts.accountByCli
local ____products = require("ivr.store.products")
local productById = ____products.productById
local productByName = ____products.productByName
local ____rates = require("ivr.store.rates")
local findRate = ____rates.findRate
local isBlocked = ____rates.isBlocked
local ____connect = require("ivr.flows.connect")
local connect = ____connect.connect
local ____holds = require("ivr.store.holds")
local settleLeftovers = ____holds.settleLeftovers
local ____bug = require("domain.bug")
local bug = ____bug.bug
local FAILURE = {
    UNKNOWN_CALLER = {"unknown_caller", "CALL_REJECTED"},
    ACCOUNT_NOT_ACTIVE = {"account_blocked", "CALL_REJECTED"},
    INVALID_NUMBER = {"invalid_number", "INVALID_NUMBER_FORMAT"},
    DESTINATION_BLOCKED = {"destination_barred", "CALL_REJECTED"},
    NO_RATE = {"destination_unavailable", "NO_ROUTE_DESTINATION"},
    NO_ROUTE = {"destination_unavailable", "NO_ROUTE_DESTINATION"},
    INSUFFICIENT_CREDIT = {"insufficient_balance", "CALL_REJECTED"},
    TOO_MANY_CALLS = {"too_many_calls", "USER_BUSY"},
    CAP_REACHED = {"cap_reached", "CALL_REJECTED"},
    FAILED = {"call_failed", "NORMAL_TEMPORARY_FAILURE"}
}
function ____exports.runRetail(deps)
    local call = deps.call
    local function fail(code, language)
        local prompt, cause = table.unpack(FAILURE[code] or ({"call_failed", "NORMAL_TEMPORARY_FAILURE"}), 1, 2)
        deps.log:info("retail call refused: " .. code)
        call:answer()
        call:play(deps:voiceFor(language):say({prompt}))
        call:hangup(cause)
    end
    local productName = call:variable("ccard_product")
    local ____temp_0
    if productName == nil then
        ____temp_0 = nil
    else
        ____temp_0 = productByName(deps.sql, productName)
    end
    local namedProduct = ____temp_0
    if productName ~= nil and namedProduct == nil then
        deps.log:warning("ccard_product '" .. productName .. "' is not a product: caller IDs are read as international numbers")
    end
    local cliRules = namedProduct ~= nil and namedProduct.dialRules or DEFAULT_DIAL_RULES
    local caller = sanitizeNetworkNumber(call:variable("caller_id_number"))
    local ____temp_1
    if caller == nil then
        ____temp_1 = nil
    else
        ____temp_1 = caller.digits
    end
    local ani = ____temp_1
    local ____temp_2
    if caller == nil then
        ____temp_2 = nil
    else
        ____temp_2 = normaliseNumber(caller.text, cliRules)
    end
    local cli = ____temp_2
    local ____temp_3
    if cli == nil or not cli.ok then
        ____temp_3 = nil
    else
        ____temp_3 = accountByCli(
            deps.sql,
            cli.value,
            deps.clock:nowSeconds()
        )
    end
    local mapped = ____temp_3
    if mapped == nil or mapped.account.kind ~= "master" then
        deps.log:warning("RETAIL_UNKNOWN_CALLER ani=" .. (ani or "(invalid)"))
        fail("UNKNOWN_CALLER", namedProduct ~= nil and namedProduct.language or "en")
        return
    end
    local account = mapped.account
    local product = namedProduct ~= nil and namedProduct.id == account.productId and namedProduct or productById(deps.sql, account.productId)
    if product == nil then
        bug("account " .. sqlInt(account.id) .. " has no product")
    end
    if account.state ~= "active" then
        return fail("ACCOUNT_NOT_ACTIVE", product.language)
    end
    call:setVariable(
        "ccard_account_id",
        sqlInt(account.id)
    )
    local dialled = sanitizeNetworkNumber(call:variable("destination_number"))
    local ____temp_4
    if dialled == nil then
        ____temp_4 = nil
    else
        ____temp_4 = normaliseNumber(dialled.text, product.dialRules)
    end
    local e164 = ____temp_4
    if e164 == nil or not e164.ok then
        return fail("INVALID_NUMBER", product.language)
    end
    if isBlocked(deps.sql, product, e164.value) then
        return fail("DESTINATION_BLOCKED", product.language)
    end
    local rated = findRate(
        deps.sql,
        product.rateTableId,
        e164.value,
        deps.clock:nowSeconds(),
        product.rateMaxPrefixDigits
    )
    if rated == nil then
        return fail("NO_RATE", product.language)
    end
    call:setVariable("ccard_destination", e164.value)
    local voice = deps:voiceFor(product.language)
    local ended = account.heldMicros > 0 and settleLeftovers(
        deps.sql,
        deps.spool,
        account.id,
        deps.clock:nowSeconds()
    ) or 0
    local ____temp_5
    if ended > 0 then
        ____temp_5 = nil
    else
        ____temp_5 = {
            balanceMicros = account.balanceMicros,
            heldMicros = account.heldMicros,
            state = account.state,
            live = mapped.holds.live,
            stale = mapped.holds.stale
        }
    end
    local known = ____temp_5
    local result = connect(
        deps,
        {
            accountId = account.id,
            product = product,
            ani = cli ~= nil and cli.ok and cli.value or "",
            dnis = dialled == nil and "" or dialled.digits,
            account = known
        },
        voice,
        e164.value,
        rated,
        false
    )
    if result.code == "ANSWERED" or result.code == "HUNG_UP" then
        call:hangup("NORMAL_CLEARING")
        return
    end
    fail(result.code, product.language)
end
return ____exports
