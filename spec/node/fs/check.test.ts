import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runCli } from "../support/cli";
import { startFakeEsl } from "../support/fake_esl";
import { SwitchState, fakeSwitch } from "../support/fake_switch";
import { installScripts } from "../support/scripts";
import { exec, tempDb } from "../support/db";

/** A database with route uk → gw_a (weight 2), gw_b (1), and a disabled gw_off. */
async function seededDb(t: { db: string }): Promise<void> {
  assert.equal((await runCli(t.db, ["init"])).code, 0);
  exec(t.db, `INSERT INTO gateways (name, enabled, created_at) VALUES ('gw_a', 1, 0), ('gw_b', 1, 0), ('gw_off', 0, 0);
           INSERT INTO routes (name, created_at) VALUES ('uk', 0);
           INSERT INTO route_gateways (route_id, gateway_id, weight) VALUES (1, 1, 2), (1, 2, 1), (1, 3, 5);`);
}

function healthy(scriptDir: string, dbPath: string): SwitchState {
  return {
    modules: ["mod_lua", "mod_distributor", "mod_hash"],
    globals: { script_dir: scriptDir, ccard_dsn: `sqlite://${dbPath}`, ccard_spool_dir: dirname(dbPath) },
    channels: [],
    lists: { uk: { gw_a: 2, gw_b: 1 } },
    sofiaGateways: { gw_a: "UP", gw_b: "UP" },
  };
}


async function check(t: { db: string }, s: SwitchState, extra: string[] = []) {
  const fake = await startFakeEsl({ handler: fakeSwitch(s) });
  try {
    return await runCli(t.db, ["fs", "check", "--esl", fake.address, ...extra]);
  } finally {
    await fake.close();
  }
}

/** The run's output with its variable parts (port, temp folder, build ids) replaced. */
function masked(out: string, dir: string): string {
  return out.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT").split(dir).join("TMP").replace(/\b[0-9a-f]{12}\b/g, "BUILD");
}

test("ccard fs check on a healthy switch: every line ✓, exit 0; scripts from source are a note", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir);
    const s = healthy(scripts, t.db);
    let r = await check(t, s);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0, r.stdout);
    assert.match(masked(r.stdout, t.dir), /^• callingcard.lua runs from source: mod_lua compiles TMP\/scripts\/ccard\/callingcard.lua on every call\n    fix: run 'ccard fs compile'/m);
    assert.match(r.stdout, /^all 12 checks passed, 4 notes$/m);

    const fake = await startFakeEsl({ handler: fakeSwitch(s) });
    try {
      assert.equal((await runCli(t.db, ["fs", "compile", "--esl", fake.address])).code, 0);
    } finally {
      await fake.close();
    }
    r = await check(t, s);
    assert.equal(r.stderr, "");
    assert.equal(
      masked(r.stdout, t.dir),
      `FreeSWITCH at 127.0.0.1:PORT, database TMP/ccard.db
✓ mod_lua is loaded
✓ mod_distributor is loaded
✓ mod_hash is loaded
✓ TMP/scripts/answered.lua and TMP/scripts/ccard/answered.lua are installed (build BUILD)
✓ answered.lua runs precompiled: TMP/scripts/ccard/answered.BUILD.luac
✓ TMP/scripts/callingcard.lua and TMP/scripts/ccard/callingcard.lua are installed (build BUILD)
✓ callingcard.lua runs precompiled: TMP/scripts/ccard/callingcard.BUILD.luac
✓ TMP/scripts/retail.lua and TMP/scripts/ccard/retail.lua are installed (build BUILD)
✓ retail.lua runs precompiled: TMP/scripts/ccard/retail.BUILD.luac
✓ TMP/scripts/settle.lua and TMP/scripts/ccard/settle.lua are installed (build BUILD)
✓ settle.lua runs precompiled: TMP/scripts/ccard/settle.BUILD.luac
✓ the dialplan's ccard_dsn is this CLI's database (TMP/ccard.db)
✓ settle.lua's spool folder TMP exists
✓ sofia gateway gw_a is there (UP)
✓ sofia gateway gw_b is there (UP)
✓ distributor list uk matches the database (gw_a, gw_b)
all 16 checks passed
`,
    );
    assert.equal(r.code, 0);
  } finally {
    t.cleanup();
  }
});

test("ccard fs check: bytecode FreeSWITCH no longer loads is a note; a missing ccard/compile.lua fails", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir);
    const s = healthy(scripts, t.db);
    const fake = await startFakeEsl({ handler: fakeSwitch(s) });
    try {
      assert.equal((await runCli(t.db, ["fs", "compile", "--esl", fake.address])).code, 0);
    } finally {
      await fake.close();
    }
    s.lua = "lua5.2"; // FreeSWITCH upgraded to another Lua: the 5.3 bytecode no longer loads
    let r = await check(t, s);
    assert.equal(r.code, 0, r.stdout);
    assert.match(masked(r.stdout, t.dir), /^• callingcard.lua runs from source \(FreeSWITCH cannot load callingcard.BUILD.luac: .*\): mod_lua compiles/m);
    rmSync(join(scripts, "ccard", "compile.lua"));
    r = await check(t, s);
    assert.equal(r.code, 1);
    assert.match(masked(r.stdout, t.dir), /^✗ TMP\/scripts\/ccard\/compile.lua is missing\n    fix: copy the folder dist-lua\/ccard/m);
  } finally {
    t.cleanup();
  }
});

test("ccard fs check: a loader of another release, or a bundle of another build, fails with the fix", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir);
    writeFileSync(join(scripts, "retail.lua"), "-- someone's own retail script\n");
    appendFileSync(join(scripts, "ccard", "settle.lua"), "-- edited\n");
    const r = await check(t, healthy(scripts, t.db));
    assert.equal(r.code, 1);
    const out = masked(r.stdout, t.dir);
    assert.match(out, /^✗ TMP\/scripts\/retail.lua is not a ccard loader \(an older release, or another script of that name\)\n    fix: copy dist-lua\/retail.lua and the folder dist-lua\/ccard from one ccard release into TMP\/scripts \(README, Install step 4\)$/m);
    assert.match(out, /^✗ TMP\/scripts\/ccard\/settle.lua is build BUILD, but settle.lua runs build BUILD$/m);
  } finally {
    t.cleanup();
  }
});

test("ccard fs check on a broken switch: each failure has a fix, exit 1", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir, ["callingcard"]);
    const s = healthy(scripts, t.db);
    s.modules = ["mod_lua", "mod_distributor"];
    s.globals.ccard_dsn = "sqlite:///var/lib/other/ccard.db";
    s.lists = { uk: { gw_a: 3, gw_c: 1 } };
    s.sofiaGateways = { gw_a: "DOWN" };
    s.globals.ccard_spool_dir = "/nonexistent/ccard/spool";
    const r = await check(t, s);
    assert.equal(r.code, 1);
    const out = r.stdout.split(t.dir).join("TMP");
    assert.match(out, /^✗ mod_hash is not loaded\n    fix: run 'load mod_hash' in fs_cli and add <load module="mod_hash"\/> to autoload_configs\/modules.conf.xml$/m);
    assert.match(out, /^✓ TMP\/scripts\/callingcard.lua and TMP\/scripts\/ccard\/callingcard.lua are installed/m);
    assert.match(out, /^✗ TMP\/scripts\/retail.lua is missing\n    fix: copy dist-lua\/retail.lua and the folder dist-lua\/ccard from one ccard release into TMP\/scripts \(README, Install step 4\)$/m);
    assert.match(out, /^✗ the dialplan uses \/var\/lib\/other\/ccard.db, but this CLI uses TMP\/ccard.db\n    fix: set ccard_dsn to sqlite:\/\/TMP\/ccard.db/m);
    assert.match(out, /^✗ distributor list uk differs from the database: gw_a has weight 3, the database says 2; gw_b missing; gw_c is not an enabled gateway of the route\n    fix: run 'ccard distributor export --reload'/m);
    assert.match(out, /^✗ ccard gateway gw_b is not a sofia gateway: calls routed to it cannot be placed\n    fix: declare <gateway name="gw_b"> in sip_profiles\/external\/ \(dialplan\/sip_profiles\/external\/ccard_carrier.xml is a sample\)/m);
    assert.match(out, /^• sofia gateway gw_a is down \(its OPTIONS pings fail\): calls to it fail over at once$/m);
    assert.match(out, /^✗ settle.lua's spool folder \/nonexistent\/ccard\/spool does not exist: a call its hook cannot settle would be logged, not kept\n    fix: create it, owned by FreeSWITCH's user/m);
    assert.match(out, /^8 of 11 checks failed, 2 notes$/m);
  } finally {
    t.cleanup();
  }
});

test("missing list, missing ccard_dsn and script_dir, mod_distributor not loaded", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const s = healthy("", t.db);
    s.globals = {};
    s.lists = {};
    let r = await check(t, s);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^✗ FreeSWITCH has no script_dir$/m);
    assert.match(r.stdout, /^✗ FreeSWITCH has no global variable ccard_dsn: the IVR cannot find its database$/m);
    assert.match(r.stdout, /^✗ FreeSWITCH has no distributor list uk$/m);
    s.modules = ["mod_lua", "mod_hash"];
    r = await check(t, s);
    assert.match(r.stdout, /^✗ distributor lists not compared: mod_distributor is not loaded$/m);
  } finally {
    t.cleanup();
  }
});

test("an older mod_distributor without dump is asked for a node instead", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir);
    const s = { ...healthy(scripts, t.db), noDump: true };
    let r = await check(t, s);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^✓ distributor list uk answers gw_a, a gateway of the route/m);
    s.lists = { uk: { gw_off: 1 } };
    r = await check(t, s);
    assert.match(r.stdout, /^✗ distributor list uk answers gw_off, which is not an enabled gateway of the route$/m);
    s.lists = {};
    r = await check(t, s);
    assert.match(r.stdout, /^✗ FreeSWITCH has no distributor list uk \('distributor uk' answers -err\)$/m);
  } finally {
    t.cleanup();
  }
});

test("a scripts folder this machine cannot read is reported as not checked, not failed", { skip: process.getuid?.() === 0 ? "root reads every folder" : false }, async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const scripts = installScripts(t.dir, []);
    chmodSync(scripts, 0o000);
    const r = await check(t, healthy(scripts, t.db));
    assert.match(r.stdout, /^\? scripts folder .* is not readable from here: entry scripts not checked$/m);
    assert.match(r.stdout, /^all 8 checks passed, 1 not checked$/m);
  } finally {
    t.cleanup();
  }
});

test("a scripts folder that exists only on the FreeSWITCH machine is reported as not checked", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    const r = await check(t, healthy("/nonexistent/freeswitch/scripts", t.db));
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^\? scripts folder \/nonexistent\/freeswitch\/scripts is not readable from here: entry scripts not checked\n    fix: run 'ccard fs check' on the FreeSWITCH machine/m);
    assert.match(r.stdout, /^all 8 checks passed, 1 not checked$/m);
  } finally {
    t.cleanup();
  }
});

test("a route without enabled gateways, and no routes at all", async () => {
  const t = tempDb();
  try {
    await seededDb(t);
    exec(t.db, "INSERT INTO routes (name, created_at) VALUES ('dead', 0); INSERT INTO route_gateways (route_id, gateway_id) VALUES (2, 3);");
    const r = await check(t, healthy("/nonexistent", t.db));
    assert.match(r.stdout, /^✗ route dead has no enabled gateway in the database: its calls cannot be routed$/m);
    const empty = tempDb();
    try {
      assert.equal((await runCli(empty.db, ["init"])).code, 0);
      const r2 = await check(empty, healthy("/nonexistent", empty.db));
      assert.match(r2.stdout, /^✓ no routes in the database yet: no distributor list to compare$/m);
    } finally {
      empty.cleanup();
    }
  } finally {
    t.cleanup();
  }
});
