// Builds the fake freeswitch.Dbh's native half for Lua 5.2 and 5.3: spec/support/fsdbh.c (SQLite,
// as FreeSWITCH's core db runs it) and spec/support/fsdbh_pgsql.c (PostgreSQL, as mod_pgsql runs
// it) into spec/support/native/5.x/fsdbh.so (not committed). Needs gcc and the -dev packages
// that ensure-deps.mjs installs; rebuilds only when a source is newer than the library.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run.mjs";

const SOURCES = ["fsdbh.c", "fsdbh_pgsql.c", "fsdbh.h"].map((f) => join("spec", "support", f));

export function buildFakeDbh({ quiet = false } = {}) {
  const newest = Math.max(...SOURCES.map((f) => statSync(f).mtimeMs));
  for (const version of ["5.2", "5.3"]) {
    const dir = join("spec", "support", "native", version);
    const lib = join(dir, "fsdbh.so");
    if (existsSync(lib) && statSync(lib).mtimeMs >= newest) continue;
    mkdirSync(dir, { recursive: true });
    run("gcc", [
      "-O2", "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", `-I/usr/include/lua${version}`, "-I/usr/include/postgresql",
      "-o", lib, ...SOURCES.filter((f) => f.endsWith(".c")), "-lsqlite3", "-lpq",
    ], { quiet });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildFakeDbh();
