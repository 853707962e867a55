local ____exports = {}
function ____exports.fsLog(tag)
    local function line(level, message)
        return freeswitch.consoleLog(level, "[ccard " .. tag .. "] " .. message .. "\n")
    end
    return {
        info = function(____, m) return line("info", m) end,
        warning = function(____, m) return line("warning", m) end,
        error = function(____, m) return line("err", m) end
    }
end
function ____exports.osClock()
    return {
        nowSeconds = function() return os.time() end,
        sleepMs = function(____, ms) return freeswitch.msleep(ms) end
    }
end
return ____exports
