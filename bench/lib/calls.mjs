// Section 2: per-call engine cost in a fresh Lua state, measured two ways (see call_cost.lua):
// in one process with every module forgotten between calls (CPU time per call, plus the wall
// mean from timing the whole process), and one lua5.3 process per call minus the start-up of
// the same process without the call. Also the bundles' size and load time.
import { copyFileSync, statSync } from "node:fs";
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

/**
 * A copy of the call database whose card product has every caller feature on: the language menu
 * (the call presses 1), the rate and after-call announcements, daily caps far from reached, a
 * voucher key, and blocked prefixes the calls do not dial.
 */
function featuresDb(db) {
  const copy = db.replace(/\.db$/, "-features.db");
  copyFileSync(db, copy);
  const d = new Database(copy);
  d.prepare("UPDATE products SET announce_rate = 1, announce_call_cost = 1, cap_calls = 1000000, cap_money_micros = 1000000000000, " +
    "language_menu = 'en,es', voucher_key = '9' WHERE id = 1").run();
  d.prepare("INSERT INTO blocked_prefixes (product_id, prefix, created_at) VALUES (1, '881', 0), (1, '882', 0), (1, '900', 0)").run();
  d.close();
  return copy;
}

/**
 * Every caller feature on against all off: the same calls on the two databases, alternated
 * twice in this run (target ≤ 1.3×).
 */
function featuresRow(db, scripts, calls) {
  const on = featuresDb(db);
  const off = db.replace(/\.db$/, "-plain.db");
  copyFileSync(db, off);
  const runs = { on: [], off: [] };
  for (let i = 0; i < 2; i++) {
    runs.off.push(runLua("lua5.3", SCRIPT, ["inproc", scripts, off, calls]).call.median);
    runs.on.push(runLua("lua5.3", SCRIPT, ["inproc", scripts, on, calls]).call.median);
  }
  checkSettled(on, 2 * calls);
  checkSettled(off, 2 * calls);
  const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const ratio = mean(runs.on) / mean(runs.off);
  return {
    bench: "Per call, every caller feature on (language menu, announcements, caps, voucher key, blocked prefixes) vs off (Lua 5.3)",
    result: `CPU median ${ms(mean(runs.on) / 1000)} vs ${ms(mean(runs.off) / 1000)}, alternated 2× (${int(calls)} calls each): ${ratio.toFixed(2)}×`,
    target: verdict("≤ 1.3× all off", ratio <= 1.3),
  };
}

/** Rows for the per-call cost; db from fixtures.callDb (card with PIN on account 1), dir for scripts folders. */
export function callCostRows(db, dir, { calls, spawns, loads }) {
  const compiled53 = install(dir, "scripts-5.3", "lua5.3", true);
  const compiled52 = install(dir, "scripts-5.2", "lua5.2", true);
  const source = install(dir, "scripts-source", "lua5.3", false);
  const features = featuresRow(db, compiled53, calls); // first: its copies start with no CDR
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
    features,
    {
      bench: "SQLite handle per script: pooled Dbh, pragmas, one query, release (Lua 5.3)",
      result: `CPU median ${sec(open.median)}, p99 ${sec(open.p99)} (a call takes three)`,
      target: "",
    },
    loadRow("dist-lua/ccard/callingcard.lua", loads),
    loadRow("dist-lua/ccard/settle.lua", loads),
  ];
}
