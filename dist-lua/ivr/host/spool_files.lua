local ____exports = {}
local ____spool = require("domain.spool")
local parseSpool = ____spool.parseSpool
local spoolFileName = ____spool.spoolFileName
local spoolText = ____spool.spoolText
function ____exports.spoolFiles(dir, log)
    local function path(uuid)
        return dir .. "/" .. spoolFileName(uuid)
    end
    return {
        read = function(____, uuid)
            local f = io.open(
                path(uuid),
                "r"
            )
            if f == nil then
                return nil
            end
            local text = f:read("*a")
            f:close()
            local ____temp_0
            if type(text) == "string" then
                ____temp_0 = parseSpool(text)
            else
                ____temp_0 = nil
            end
            local hook = ____temp_0
            if hook == nil or hook.uuid ~= uuid then
                log:error("spool file " .. path(uuid) .. " is not one ccard wrote: left as it is")
                return nil
            end
            return hook
        end,
        save = function(____, hook)
            local target = path(hook.uuid)
            local temp = target .. ".tmp"
            local f, err = io.open(temp, "w")
            if f == nil then
                log:error("cannot write spool file " .. temp .. ": " .. tostring(err))
                return false
            end
            local written = f:write(spoolText(hook))
            f:close()
            local moved, why = os.rename(temp, target)
            if written == nil or moved == nil then
                log:error("cannot write spool file " .. target .. ": " .. tostring(why))
                os.remove(temp)
                return false
            end
            return true
        end,
        remove = function(____, uuid)
            os.remove(path(uuid))
        end
    }
end
return ____exports
