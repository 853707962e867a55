local ____exports = {}
--- Raises a bug (src/domain/bug.ts, made Lua's error by scripts/tstl_plugin.cjs).
function ____exports.bug(message)
    error(message, 0)
end
return ____exports
