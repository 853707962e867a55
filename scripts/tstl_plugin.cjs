// The TypeScriptToLua plugin of the Lua build (tstl.json, luaPlugins): src/domain/bug.ts becomes
// Lua's own error() in dist-lua/domain/bug.lua. The TypeScript throws an Error, which is right on
// Node; in Lua it would have every IVR bundle build TypeScriptToLua's six error classes as it
// loads, on every call (docs/benchmarks.md, "Call capacity"). The message is raised as it is,
// with no position: the entry script's handler logs the stack (src/ivr/host/run_entry.ts).
const BUG_LUA = `local ____exports = {}
--- Raises a bug (src/domain/bug.ts, made Lua's error by scripts/tstl_plugin.cjs).
function ____exports.bug(message)
    error(message, 0)
end
return ____exports
`;

module.exports = {
  beforeEmit(_program, _options, _emitHost, result) {
    const files = result.filter((f) => f.outputPath.replace(/\\/g, "/").endsWith("/dist-lua/domain/bug.lua"));
    if (files.length !== 1) throw new Error(`tstl_plugin: expected one dist-lua/domain/bug.lua to emit, found ${files.length}`);
    files[0].code = BUG_LUA;
  },
};
