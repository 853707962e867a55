import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { FakeHandler, startFakeEsl } from "../support/fake_esl";
import { SwitchState, fakeSwitch } from "../support/fake_switch";
import { installScripts } from "../support/scripts";
import { tempDb } from "../support/db";

function switchWith(scriptDir: string): SwitchState {
  return { modules: ["mod_lua", "mod_distributor", "mod_hash"], globals: { script_dir: scriptDir }, channels: [], lists: {} };
}

async function compile(db: string, handler: FakeHandler) {
  const fake = await startFakeEsl({ handler });
  try {
    return await runCli(db, ["fs", "compile", "--esl", fake.address]);
  } finally {
    await fake.close();
  }
}

function luac(dir: string): string[] {
  return readdirSync(join(dir, "ccard")).filter((f) => f.endsWith(".luac")).sort();
}

test("ccard fs compile: FreeSWITCH's Lua compiles each bundle; the CLI saves it where the loader looks", async () => {
  const t = tempDb();
  try {
    const scripts = installScripts(t.dir);
    writeFileSync(join(scripts, "ccard", "settle.0123456789ab.luac"), "an earlier build's bytecode");
    const r = await compile(t.db, fakeSwitch(switchWith(scripts)));
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const files = luac(scripts);
    assert.deepEqual(files.map((f) => f.replace(/\.[0-9a-f]{12}\./, ".BUILD.")), ["answered.BUILD.luac", "callingcard.BUILD.luac", "retail.BUILD.luac", "settle.BUILD.luac"]);
    const out = r.stdout.split(t.dir).join("TMP").replace(/\.[0-9a-f]{12}\./g, ".BUILD.");
    assert.match(out, /^callingcard.lua: TMP\/scripts\/ccard\/callingcard.BUILD.luac \([\d,]+ bytes, Lua 5\.3\)$/m);
    assert.match(out, /^settle.lua: TMP\/scripts\/ccard\/settle.BUILD.luac \([\d,]+ bytes, Lua 5\.3\); removed settle.BUILD.luac$/m);
    assert.match(r.stdout, /; removed settle\.0123456789ab\.luac$/m);
    assert.match(out, /^compiled 4 scripts for Lua 5\.3$/m);
    for (const f of files) {
      // The loader names exactly this file, and Lua loads it as bytecode.
      const name = f.split(".")[0];
      assert.ok(spawnSync("grep", ["-q", `ccard/${f}`, join(scripts, `${name}.lua`)]).status === 0, `${name}.lua names ${f}`);
      const lua = spawnSync("lua5.3", ["-e", `assert(loadfile(${JSON.stringify(join(scripts, "ccard", f))}, "b"))`]);
      assert.equal(lua.status, 0, lua.stderr.toString());
    }
  } finally {
    t.cleanup();
  }
});

test("ccard fs compile refuses scripts that are not installed whole, and changes nothing", async () => {
  const t = tempDb();
  try {
    const scripts = installScripts(t.dir, ["answered", "callingcard", "settle"]);
    const r = await compile(t.db, fakeSwitch(switchWith(scripts)));
    assert.equal(r.code, 1);
    assert.match(r.stderr.split(t.dir).join("TMP"), /TMP\/scripts\/retail.lua is missing: copy dist-lua\/retail.lua and the folder dist-lua\/ccard from one ccard release into TMP\/scripts/);
    assert.deepEqual(luac(scripts), []);

    const nowhere = await compile(t.db, fakeSwitch(switchWith("/nonexistent/scripts")));
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /FreeSWITCH's script_dir \/nonexistent\/scripts is not on this machine: run 'ccard fs compile' on the FreeSWITCH machine/);

    const noCompiler = installScripts(join(t.dir, "other"));
    rmSync(join(noCompiler, "ccard", "compile.lua"));
    const r2 = await compile(t.db, fakeSwitch(switchWith(noCompiler)));
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /ccard\/compile.lua is missing: copy the folder dist-lua\/ccard/);
    assert.deepEqual(luac(noCompiler), []);
  } finally {
    t.cleanup();
  }
});

test("ccard fs compile: no mod_lua, or bytecode the switch then cannot load, is an error and leaves no file", async () => {
  const t = tempDb();
  try {
    const scripts = installScripts(t.dir);
    const s = switchWith(scripts);
    s.modules = ["mod_distributor"];
    let r = await compile(t.db, fakeSwitch(s));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /'api lua ccard\/compile.lua dump answered' failed: -ERR lua Command not found! \(is mod_lua loaded\?\)/);

    s.modules = ["mod_lua"];
    const real = fakeSwitch(s);
    const refusing: FakeHandler = (command) => (command.startsWith("lua ccard/compile.lua try") ? "-ERR version mismatch in precompiled chunk\n" : real(command));
    r = await compile(t.db, refusing);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FreeSWITCH cannot load the bytecode it made for answered \(.*version mismatch.*\); removed it, answered.lua keeps running from source/);
    assert.deepEqual(luac(scripts), []);
    assert.ok(existsSync(join(scripts, "ccard", "callingcard.lua")));
  } finally {
    t.cleanup();
  }
});
