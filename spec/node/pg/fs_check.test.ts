/**
 * ccard fs check on PostgreSQL: the dialplan's pgsql:// ccard_dsn is compared with the CLI's
 * postgres:// URL by host, port, dbname and user (neither password is ever printed), and
 * mod_pgsql must be loaded; the database's gateways and routes are compared as on SQLite.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../support/cli";
import { startFakeEsl } from "../support/fake_esl";
import { SwitchState, fakeSwitch } from "../support/fake_switch";
import { PG_PASSWORD, PG_USER, exec, ok, onlyOn, tempDb } from "../support/db";

const PG = onlyOn("pgsql");
const FS_PASSWORD = "fs-Secret-99";

function switchFor(dir: string, dsn: string, modules = ["mod_lua", "mod_distributor", "mod_hash", "mod_pgsql"]): SwitchState {
  return {
    modules,
    globals: { script_dir: "/nonexistent", ccard_dsn: dsn, ccard_spool_dir: dir },
    channels: [],
    lists: { uk: { gw_a: 1 } },
    sofiaGateways: { gw_a: "UP" },
  };
}

async function check(db: string, s: SwitchState) {
  const fake = await startFakeEsl({ handler: fakeSwitch(s) });
  try {
    return await runCli(db, ["fs", "check", "--esl", fake.address]);
  } finally {
    await fake.close();
  }
}

test("fs check on PostgreSQL: the same host, port, dbname and user pass; each difference is named; no password shown", PG, async () => {
  const t = tempDb();
  try {
    await ok(t.db, ["gateways", "add", "gw_a"]);
    await ok(t.db, ["routes", "add", "uk"]);
    await ok(t.db, ["routes", "add-gateway", "uk", "gw_a"]);
    const u = new URL(t.db);
    const name = u.pathname.slice(1);
    const dsn = (over: Record<string, string> = {}) => {
      const kv = { hostaddr: "127.0.0.1", port: u.port, dbname: name, user: PG_USER, password: FS_PASSWORD, ...over };
      return "pgsql://" + Object.entries(kv).map(([k, v]) => `${k}=${v}`).join(" ");
    };
    const good = await check(t.db, switchFor(t.dir, dsn()));
    assert.match(good.stdout, /^✓ mod_pgsql is loaded$/m);
    assert.match(good.stdout, new RegExp(`^✓ the dialplan's ccard_dsn is this CLI's database \\(PostgreSQL ${PG_USER}@127\\.0\\.0\\.1:${u.port}/${name}\\)$`, "m"));
    assert.match(good.stdout, /^✓ distributor list uk matches the database/m);
    const other = await check(t.db, switchFor(t.dir, dsn({ dbname: "ccard_other", user: "fs" })));
    assert.equal(other.code, 1);
    assert.match(other.stdout, new RegExp(`^✗ the dialplan's ccard_dsn is fs@127\\.0\\.0\\.1:${u.port}/ccard_other, but this CLI uses ${PG_USER}@127\\.0\\.0\\.1:${u.port}/${name} \\(dbname, user differ\\)\\n    fix: set ccard_dsn to pgsql://hostaddr=127\\.0\\.0\\.1 port=${u.port} dbname=${name} user=${PG_USER} password=…`, "m"));
    const sqlite = await check(t.db, switchFor(t.dir, "sqlite:///var/lib/ccard/ccard.db", ["mod_lua", "mod_distributor", "mod_hash"]));
    assert.match(sqlite.stdout, new RegExp(String.raw`^✗ the dialplan uses SQLite \/var\/lib\/ccard\/ccard\.db, but this CLI uses PostgreSQL ${PG_USER}@`, "m"));
    assert.match(sqlite.stdout, /^✗ mod_pgsql is not loaded$/m);
    for (const r of [good, other, sqlite]) {
      for (const out of [r.stdout, r.stderr]) {
        assert.ok(!out.includes(FS_PASSWORD) && !out.includes(`${PG_USER}:${PG_PASSWORD}@`), out);
      }
    }
    const json = await (async () => {
      const fake = await startFakeEsl({ handler: fakeSwitch(switchFor(t.dir, dsn())) });
      try {
        return await runCli(t.db, ["fs", "check", "--json", "--esl", fake.address]);
      } finally {
        await fake.close();
      }
    })();
    assert.match(JSON.parse(json.stdout).database, new RegExp(String.raw`^postgres:\/\/${PG_USER}:\*\*\*@`));
  } finally {
    t.cleanup();
  }
});

test("fs check on SQLite names the dialplan's PostgreSQL target without its password", onlyOn("pgsql"), async () => {
  const t = tempDb({ engine: "sqlite" });
  try {
    await ok(t.db, ["init"]);
    exec(t.db, "INSERT INTO routes (name, created_at) VALUES ('uk', 0)");
    const r = await check(t.db, switchFor(t.dir, `pgsql://hostaddr=10.1.2.3 dbname=ccard user=fs password=${FS_PASSWORD}`, ["mod_lua", "mod_distributor", "mod_hash"]));
    assert.match(r.stdout, /^✗ the dialplan uses PostgreSQL fs@10\.1\.2\.3:5432\/ccard, but this CLI uses SQLite /m);
    assert.match(r.stdout, /^✗ mod_pgsql is not loaded$/m);
    assert.ok(!r.stdout.includes(FS_PASSWORD));
  } finally {
    t.cleanup();
  }
});
