// npm test: installs what is missing (see ensure-deps.mjs), then build (and the fake Dbh's native half), lint, busted under Lua 5.2 and 5.3 (the versions mod_lua links), node:test.
import { run } from "./run.mjs";
import { ensureDeps } from "./ensure-deps.mjs";
import { buildFakeDbh } from "./build-fake-dbh.mjs";

ensureDeps();

run("node", ["scripts/build.mjs"]);
buildFakeDbh();
run("node", ["scripts/lint.mjs"]);
for (const lua of ["lua5.2", "lua5.3"]) {
  run(lua, ["/usr/bin/busted", "--output=utfTerminal"]);
}
run("node", ["--test", "--test-reporter=spec", "dist/spec/node/"]);
