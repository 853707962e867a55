// Builds spec/support/fsdbh.c, the SQLite side of the fake freeswitch.Dbh, for Lua 5.2 and 5.3:
// spec/support/native/5.x/fsdbh.so (not committed). Needs gcc and the -dev packages that
// ensure-deps.mjs installs; rebuilds only when the source is newer than the library.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run.mjs";

const SOURCE = join("spec", "support", "fsdbh.c");

export function buildFakeDbh({ quiet = false } = {}) {
  for (const version of ["5.2", "5.3"]) {
    const dir = join("spec", "support", "native", version);
    const lib = join(dir, "fsdbh.so");
    if (existsSync(lib) && statSync(lib).mtimeMs >= statSync(SOURCE).mtimeMs) continue;
    mkdirSync(dir, { recursive: true });
    run("gcc", ["-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", `-I/usr/include/lua${version}`, "-o", lib, SOURCE, "-lsqlite3"], { quiet });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildFakeDbh();
