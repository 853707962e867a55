// npm test: installs what is missing (see ensure-deps.mjs), starts the test PostgreSQL (pg.mjs),
// then build (and the fake Dbh's native half), lint, busted under Lua 5.2 and 5.3 (the versions
// mod_lua links) and node:test, each on SQLite and again on PostgreSQL (CCARD_TEST_ENGINE=pgsql).
// Every test process gets the PostgreSQL as CCARD_TEST_PG_URL (postgres://USER:PASS@127.0.0.1:PORT) and CCARD_TEST_PG_CONNINFO (hostaddr=… port=… user=…
// password=…, FreeSWITCH's pgsql:// form without dbname); each test makes its own databases.
import { run } from "./run.mjs";
import { ensureDeps } from "./ensure-deps.mjs";
import { buildFakeDbh } from "./build-fake-dbh.mjs";
import { dropStaleTestDatabases, ensureTestPostgres } from "./pg.mjs";

ensureDeps();
const pg = ensureTestPostgres();
dropStaleTestDatabases(pg);
process.env.CCARD_TEST_PG_URL = pg.url;
process.env.CCARD_TEST_PG_CONNINFO = pg.conninfo;

run("node", ["scripts/build.mjs"]);
buildFakeDbh();
run("node", ["scripts/lint.mjs"]);
const onPostgres = { env: { ...process.env, CCARD_TEST_ENGINE: "pgsql" } };
for (const lua of ["lua5.2", "lua5.3"]) {
  run(lua, ["/usr/bin/busted", "--output=utfTerminal"]);
  // Every IVR and safety spec again, its databases on the test PostgreSQL (spec/support/seed.lua).
  run(lua, ["/usr/bin/busted", "--output=utfTerminal"], onPostgres);
  dropStaleTestDatabases(pg); // its process is gone: whatever it left goes
}
run("node", ["--test", "--test-reporter=spec", "dist/spec/node/"]);
// The CLI's and the safety specs again on PostgreSQL (spec/node/support/db.ts gives each test a
// database of its own), with the PostgreSQL-only specs of spec/node/pg.
const pgSpecs = ["dist/spec/node/cli/", "dist/spec/node/safety/", "dist/spec/node/pg/"];
run("node", ["--test", "--test-reporter=spec", ...pgSpecs], onPostgres);
dropStaleTestDatabases(pg);
