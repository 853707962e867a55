local ____lualib = require("lualib_bundle")
local __TS__Class = ____lualib.__TS__Class
local Error = ____lualib.Error
local RangeError = ____lualib.RangeError
local ReferenceError = ____lualib.ReferenceError
local SyntaxError = ____lualib.SyntaxError
local TypeError = ____lualib.TypeError
local URIError = ____lualib.URIError
local __TS__ClassExtends = ____lualib.__TS__ClassExtends
local ____exports = {}
--- Raised by the SQL adapter when the database fails; flows turn it into SERVICE_UNAVAILABLE.
____exports.StoreFailure = __TS__Class()
local StoreFailure = ____exports.StoreFailure
StoreFailure.name = "StoreFailure"
__TS__ClassExtends(StoreFailure, Error)
function StoreFailure.prototype.____constructor(self, detail)
    Error.prototype.____constructor(self, "store failure: " .. detail)
    self.detail = detail
end
return ____exports
