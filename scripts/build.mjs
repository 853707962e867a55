// npm run build: the Lua side (TypeScriptToLua → dist-lua/, one module a file, then one
// self-contained bundle per entry script) and the Node side (tsc → dist/).
import { rmSync } from "node:fs";
import { run } from "./run.mjs";

rmSync("dist-lua", { recursive: true, force: true });
rmSync("dist", { recursive: true, force: true });
run("npx", ["tstl", "-p", "tstl.json"]);
run("node", ["scripts/bundle.mjs"]);
run("npx", ["tsc", "-p", "tsconfig.json"]);
