// Section 2: per-call engine cost in a fresh Lua state, measured two ways (see call_cost.lua):
// in one process with every module forgotten between calls (CPU time per call, plus the wall
// mean from timing the whole process), and one lua5.3 process per call minus the start-up of
// the same process without the call. Also the bundles' size and load time.
import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { quantile, runLua, timeProcess } from "./proc.mjs";
import { int, ms, verdict } from "./format.mjs";

const SCRIPT = "bench/lua/call_cost.lua";

function checkSettled(db, calls) {
  const d = new Database(db, { readonly: true });
  const cdrs = d.prepare("SELECT COUNT(*) AS n FROM cdrs WHERE account_id = 1").get().n;
  const held = d.prepare("SELECT held_micros AS h FROM accounts WHERE id = 1").get().h;
  d.close();
  if (cdrs !== calls || held !== 0) throw new Error(`per-call run: ${cdrs} CDRs for ${calls} calls, ${held} µ still held`);
}

function inProcess(lua, scripts, db, calls) {
  const r = runLua(lua, SCRIPT, ["inproc", scripts, db, calls]);
  const wallN = timeProcess(lua, [SCRIPT, "inproc", scripts, db, calls]);
  const wall0 = timeProcess(lua, [SCRIPT, "inproc", scripts, db, 0]);
  return { cpu: r.call, wallMean: (wallN - wall0) / calls };
}

function perProcess(scripts, db, calls) {
  const one = [];
  const none = [];
  for (let i = 0; i < calls; i++) {
    one.push(timeProcess("lua5.3", [SCRIPT, "one", scripts, db]));
    none.push(timeProcess("lua5.3", [SCRIPT, "none", scripts, db]));
  }
  const startup = quantile(none, 0.5);
  const net = one.map((t) => t - startup);
  return { median: quantile(net, 0.5), p99: quantile(net, 0.99), startup };
}

/** A scripts folder as FreeSWITCH has it after the README's install (and `ccard fs compile` by `lua`). */
function install(dir, name, lua, compiled) {
  const scripts = join(dir, name);
  runLua(lua, SCRIPT, compiled ? ["install", scripts, "compiled"] : ["install", scripts]);
  return scripts;
}

function loadRow(bundle, repeats) {
  const r = runLua("lua5.3", SCRIPT, ["load", bundle, repeats]);
  const msOf = (x) => ms(x.median / 1000);
  return {
    bench: `Bundle ${bundle.replace("dist-lua/", "")}: size and load (Lua 5.3)`,
    result: `${int(statSync(bundle).size)} bytes; compile ${msOf(r.compile)}, compile + define modules ${msOf(r.define)}; ` +
      `as stripped bytecode (${int(r.bytecode_bytes)} bytes) load ${msOf(r.bytecode_load)}`,
    target: "",
  };
}

/** Rows for the per-call cost; db from fixtures.callDb (card with PIN on account 1), dir for scripts folders. */
export function callCostRows(db, dir, { calls, spawns, loads }) {
  const compiled53 = install(dir, "scripts-5.3", "lua5.3", true);
  const compiled52 = install(dir, "scripts-5.2", "lua5.2", true);
  const source = install(dir, "scripts-source", "lua5.3", false);
  const a = inProcess("lua5.3", compiled53, db, calls);
  const b = inProcess("lua5.2", compiled52, db, calls);
  const c = inProcess("lua5.3", source, db, calls);
  const p = perProcess(compiled53, db, spawns);
  checkSettled(db, 3 * 2 * calls + spawns);
  const open = runLua("lua5.3", SCRIPT, ["open", db, loads]).open;
  const sec = (x) => ms(x / 1000);
  return [
    {
      bench: "Per call, precompiled scripts, fresh module state in one process (Lua 5.3)",
      result: `CPU median ${sec(a.cpu.median)}, p99 ${sec(a.cpu.p99)} (${int(calls)} calls); wall mean ${ms(a.wallMean)}`,
      target: verdict("≤ 2 ms median", a.cpu.median <= 2000),
    },
    {
      bench: "Per call, precompiled scripts, fresh module state in one process (Lua 5.2)",
      result: `CPU median ${sec(b.cpu.median)}, p99 ${sec(b.cpu.p99)}; wall mean ${ms(b.wallMean)}`,
      target: verdict("≤ 2 ms median", b.cpu.median <= 2000),
    },
    {
      bench: "Per call, scripts from source (no ccard fs compile), fresh module state (Lua 5.3)",
      result: `CPU median ${sec(c.cpu.median)}, p99 ${sec(c.cpu.p99)}; wall mean ${ms(c.wallMean)}`,
      target: "",
    },
    {
      bench: "Per call, precompiled scripts, one lua5.3 process per call",
      result: `wall median ${ms(p.median)}, p99 ${ms(p.p99)} (${int(spawns)} calls; start-up ${ms(p.startup)} subtracted; a cold process, two fsyncs waited for)`,
      target: "",
    },
    {
      bench: "SQLite handle per script: pooled Dbh, pragmas, one query, release (Lua 5.3)",
      result: `CPU median ${sec(open.median)}, p99 ${sec(open.p99)} (a call takes three)`,
      target: "",
    },
    loadRow("dist-lua/ccard/callingcard.lua", loads),
    loadRow("dist-lua/ccard/settle.lua", loads),
  ];
}
