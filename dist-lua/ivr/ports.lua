local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local ____exports = {}
--- Raised by the SQL adapter when the database fails; the entry script turns it into
-- SERVICE_UNAVAILABLE (ivr/host/run_entry.ts). Not an Error: Lua-bound code raises no
-- TypeScript Error (domain/bug.ts says why).
____exports.StoreFailure = __TS__Class()
local StoreFailure = ____exports.StoreFailure
StoreFailure.name = "StoreFailure"
function StoreFailure.prototype.____constructor(self, detail)
    self.detail = detail
    self.message = "store failure: " .. detail
end
--- The text of what a script raised: a bug's message, a StoreFailure's, a Lua runtime error.
function ____exports.raisedText(e)
    if type(e) == "string" then
        return e
    end
    if type(e) == "table" and e ~= nil then
        return e.message or "error"
    end
    return tostring(e)
end
return ____exports
