// Makes sure what the tests and the demo need is on this machine: the Debian packages for Lua
// (5.2 and 5.3, as mod_lua links), busted, luacheck, LuaSQL for SQLite and PostgreSQL, dkjson; a C
// compiler with the Lua, SQLite and libpq headers for the fake Dbh (spec/support/fsdbh*.c); the
// PostgreSQL server the tests run on (scripts/pg.mjs starts it); and node_modules.
// As root it installs what is missing with apt-get; otherwise it says what to run.
import { existsSync, readdirSync } from "node:fs";
import { has, run } from "./run.mjs";

const PACKAGES = [
  { pkg: "lua5.2", ok: () => has("lua5.2") },
  { pkg: "lua5.3", ok: () => has("lua5.3") },
  { pkg: "lua-busted", ok: () => existsSync("/usr/bin/busted") },
  { pkg: "lua-check", ok: () => has("luacheck") },
  { pkg: "lua-sql-sqlite3", ok: () => existsSync("/usr/lib/x86_64-linux-gnu/lua/5.3/luasql/sqlite3.so") || existsSync("/usr/lib/aarch64-linux-gnu/lua/5.3/luasql/sqlite3.so") },
  { pkg: "lua-sql-postgres", ok: () => existsSync("/usr/lib/x86_64-linux-gnu/lua/5.3/luasql/postgres.so") || existsSync("/usr/lib/aarch64-linux-gnu/lua/5.3/luasql/postgres.so") },
  { pkg: "lua-dkjson", ok: () => existsSync("/usr/share/lua/5.3/dkjson.lua") },
  { pkg: "lua-expat", ok: () => existsSync("/usr/share/lua/5.3/lxp") },
  { pkg: "gcc", ok: () => has("gcc") },
  { pkg: "libc6-dev", ok: () => existsSync("/usr/include/stdio.h") },
  { pkg: "libsqlite3-dev", ok: () => existsSync("/usr/include/sqlite3.h") },
  { pkg: "liblua5.2-dev", ok: () => existsSync("/usr/include/lua5.2/lua.h") },
  { pkg: "liblua5.3-dev", ok: () => existsSync("/usr/include/lua5.3/lua.h") },
  { pkg: "libpq-dev", ok: () => existsSync("/usr/include/postgresql/libpq-fe.h") },
  // The server and its cluster tools (pg_lsclusters, pg_ctlcluster); installing it creates cluster main.
  { pkg: "postgresql", ok: () => has("pg_lsclusters") && postgresServer() },
];

/** A PostgreSQL server binary of some version under /usr/lib/postgresql (the client alone has psql). */
function postgresServer() {
  return existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));
}

export function ensureDeps({ quiet = false } = {}) {
  const missing = PACKAGES.filter((p) => !p.ok()).map((p) => p.pkg);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      console.error(`missing Debian packages: ${missing.join(" ")}\nrun: sudo apt-get install -y ${missing.join(" ")}`);
      process.exit(1);
    }
    console.log(`installing Debian packages: ${missing.join(" ")}`);
    run("apt-get", ["update", "-qq"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    run("apt-get", ["install", "-y", "-qq", ...missing], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  if (!existsSync("node_modules/typescript-to-lua") || !existsSync("node_modules/better-sqlite3/build/Release/better_sqlite3.node") || !existsSync("node_modules/pg")) {
    if (!quiet) console.log("installing npm dependencies (npm ci)");
    run("npm", ["ci", "--no-audit", "--no-fund"]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
