local ____exports = {}
local ____intmath = require("domain.intmath")
local digitsValue = ____intmath.digitsValue
local isDigits = ____intmath.isDigits
____exports.DEFAULT_DSN = "sqlite:///var/lib/ccard/ccard.db"
____exports.DEFAULT_SOUNDS_DIR = "/usr/share/freeswitch/sounds"
____exports.DEFAULT_SPOOL_DIR = "/var/lib/ccard/spool"
--- An absolute path that can stand as it is in a dial string's playback:: argument and in a
-- file_string:// list: letters, digits and / . _ - only.
local function isPlainPath(p)
    if #p > 512 then
        return false
    end
    local at = string.find(p, "^/[0-9A-Za-z/._-]*$")
    return at ~= nil
end
local INTS = {
    pinTimeoutMs = {name = "ccard_pin_timeout_ms", def = 10000, min = 1000, max = 60000},
    digitTimeoutMs = {name = "ccard_digit_timeout_ms", def = 8000, min = 1000, max = 60000},
    destinationTries = {name = "ccard_destination_tries", def = 3, min = 1, max = 10},
    ringTimeoutSeconds = {name = "ccard_ring_timeout_seconds", def = 60, min = 5, max = 300},
    maxCallsPerSession = {name = "ccard_max_calls_per_session", def = 5, min = 1, max = 50},
    settleWaitMs = {name = "ccard_settle_wait_ms", def = 5000, min = 0, max = 30000}
}
local function earlyMedia(raw, warn)
    if raw == nil or raw == "ignore" then
        return "ignore"
    end
    if raw == "pass" then
        return "pass"
    end
    warn("ccard_early_media must be ignore or pass; using ignore")
    return "ignore"
end
--- The global ccard_spool_dir, or the default when unset or not a plain absolute path (with a warning).
function ____exports.readSpoolDir(global, warn)
    local dir = global("ccard_spool_dir")
    if dir == nil then
        return ____exports.DEFAULT_SPOOL_DIR
    end
    if isPlainPath(dir) then
        return dir
    end
    warn("ccard_spool_dir must be an absolute path of letters, digits and / . _ -; using " .. ____exports.DEFAULT_SPOOL_DIR)
    return ____exports.DEFAULT_SPOOL_DIR
end
--- Reads settings from channel variables, and ccard_dsn / sounds_dir / ccard_spool_dir from global ones.
function ____exports.readSettings(channel, global, warn)
    local function int(key)
        local s = INTS[key]
        local raw = channel(s.name)
        if raw == nil then
            return s.def
        end
        if not isDigits(raw) or #raw > 9 or digitsValue(raw) < s.min or digitsValue(raw) > s.max then
            warn(s.name .. " is not a whole number in range; using the default")
            return s.def
        end
        return digitsValue(raw)
    end
    local soundsGlobal = global("sounds_dir")
    local soundsDir = channel("ccard_sounds_dir") or (soundsGlobal ~= nil and soundsGlobal or ____exports.DEFAULT_SOUNDS_DIR)
    if not isPlainPath(soundsDir) then
        warn("ccard_sounds_dir must be an absolute path of letters, digits and / . _ - (it goes into dial strings); using " .. ____exports.DEFAULT_SOUNDS_DIR)
        soundsDir = ____exports.DEFAULT_SOUNDS_DIR
    end
    return {
        dsn = global("ccard_dsn") or ____exports.DEFAULT_DSN,
        soundsDir = soundsDir,
        pinTimeoutMs = int("pinTimeoutMs"),
        digitTimeoutMs = int("digitTimeoutMs"),
        destinationTries = int("destinationTries"),
        ringTimeoutSeconds = int("ringTimeoutSeconds"),
        maxCallsPerSession = int("maxCallsPerSession"),
        settleWaitMs = int("settleWaitMs"),
        earlyMedia = earlyMedia(
            channel("ccard_early_media"),
            warn
        ),
        spoolDir = ____exports.readSpoolDir(global, warn)
    }
end
return ____exports
