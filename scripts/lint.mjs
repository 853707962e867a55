// npm run lint: ESLint over the TypeScript (with the Lua-bound rules) and luacheck over the
// generated Lua, the busted specs, the demo's console host, ccard/compile.lua and the Lua benchmarks. Expects a build.
import { run } from "./run.mjs";

run("npx", ["eslint", "src", "spec/node"]);
run("luacheck", ["-q", "dist-lua", "spec", "scripts/demo", "scripts/fs", "bench/lua"]);
