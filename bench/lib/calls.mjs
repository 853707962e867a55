// Section 2: per-call engine cost in a fresh Lua state, measured two ways (see call_cost.lua):
// in one process with every module forgotten between calls (CPU time per call, plus the wall
// mean from timing the whole process), and one lua5.3 process per call minus the start-up of
// the same process without the call. Also the bundles' size and load time.
import { statSync } from "node:fs";
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

function inProcess(lua, db, calls) {
  const r = runLua(lua, SCRIPT, ["inproc", db, calls]);
  const wallN = timeProcess(lua, [SCRIPT, "inproc", db, calls]);
  const wall0 = timeProcess(lua, [SCRIPT, "inproc", db, 0]);
  return { cpu: r.call, wallMean: (wallN - wall0) / calls };
}

function perProcess(db, calls) {
  const one = [];
  const none = [];
  for (let i = 0; i < calls; i++) {
    one.push(timeProcess("lua5.3", [SCRIPT, "one", db]));
    none.push(timeProcess("lua5.3", [SCRIPT, "none", db]));
  }
  const startup = quantile(none, 0.5);
  const net = one.map((t) => t - startup);
  return { median: quantile(net, 0.5), p99: quantile(net, 0.99), startup };
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

/** Rows for the per-call cost; db from fixtures.callDb (card with PIN on account 1). */
export function callCostRows(db, { calls, spawns, loads }) {
  const a = inProcess("lua5.3", db, calls);
  const b = inProcess("lua5.2", db, calls);
  const p = perProcess(db, spawns);
  checkSettled(db, 2 * 2 * calls + spawns);
  const open = runLua("lua5.3", SCRIPT, ["open", db, loads]).open;
  const sec = (x) => ms(x / 1000);
  return [
    {
      bench: "Per call, fresh module state in one process (Lua 5.3)",
      result: `CPU median ${sec(a.cpu.median)}, p99 ${sec(a.cpu.p99)} (${int(calls)} calls); wall mean ${ms(a.wallMean)}`,
      target: verdict("≤ 2 ms median", a.cpu.median <= 2000),
    },
    {
      bench: "Per call, fresh module state in one process (Lua 5.2)",
      result: `CPU median ${sec(b.cpu.median)}, p99 ${sec(b.cpu.p99)}; wall mean ${ms(b.wallMean)}`,
      target: "",
    },
    {
      bench: "Per call, one lua5.3 process per call",
      result: `wall median ${ms(p.median)}, p99 ${ms(p.p99)} (${int(spawns)} calls; start-up ${ms(p.startup)} subtracted)`,
      target: verdict("≤ 2 ms median", p.median <= 2),
    },
    {
      bench: "SQLite handle per script: Dbh open, pragmas, one query, release (Lua 5.3)",
      result: `CPU median ${sec(open.median)}, p99 ${sec(open.p99)} (a call takes three)`,
      target: "",
    },
    loadRow("dist-lua/callingcard.lua", loads),
    loadRow("dist-lua/settle.lua", loads),
  ];
}
