local ____exports = {}
function ____exports.ok(value)
    return {ok = true, value = value}
end
function ____exports.fail(code)
    return {ok = false, code = code}
end
return ____exports
