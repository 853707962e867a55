import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { startFakeEsl } from "../support/fake_esl";
import { FakeChannel, fakeSwitch } from "../support/fake_switch";
import { tempDb } from "../support/db";

const NOW = Math.floor(Date.now() / 1000);

function channel(uuid: string, serial: string): FakeChannel {
  return { uuid, direction: "inbound", name: "sofia/internal/" + uuid, cid_num: "15551230000", dest: "18005550100", created_epoch: NOW - 10, vars: { ccard_account_id: "1", ccard_card_serial: serial } };
}

async function setup(db: string, dir: string): Promise<string> {
  for (const argv of [
    ["init"],
    ["rates", "create-table", "std"],
    ["products", "add", "gold", "--rate-table", "std", "--access-number", "18005550100"],
    ["cards", "generate", "--product", "gold", "--count", "2", "--value", "5.00", "--out", join(dir, "cards.csv")],
  ]) {
    const r = await runCli(db, argv);
    assert.equal(r.code, 0, argv.join(" ") + ": " + r.stderr);
  }
  return readFileSync(join(dir, "cards.csv"), "utf8").split("\n")[1].split(",")[0];
}

test("cards block --kick blocks the card, then hangs up only that card's live calls", async () => {
  const t = tempDb();
  const serial = await setup(t.db, t.dir);
  const channels = [channel("a-1", serial), channel("a-2", "9999999999"), channel("a-3", serial)];
  const fake = await startFakeEsl({ handler: fakeSwitch({ modules: [], globals: {}, lists: {}, channels }) });
  try {
    const r = await runCli(t.db, ["cards", "block", serial, "--kick", "--esl", fake.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`card ${serial} blocked\\nhung up 2 live calls of card ${serial}\\n`));
    assert.deepEqual(channels.map((c) => c.uuid), ["a-2"]);
    const show = await runCli(t.db, ["cards", "show", serial, "--json"]);
    assert.equal(JSON.parse(show.stdout).state, "blocked");
  } finally {
    await fake.close();
    t.cleanup();
  }
});

test("cards block --kick with the switch unreachable still blocks, and says the calls were not hung up", async () => {
  const t = tempDb();
  const serial = await setup(t.db, t.dir);
  try {
    const r = await runCli(t.db, ["cards", "block", serial, "--kick", "--esl", "127.0.0.1:1", "--timeout-ms", "500"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`card ${serial} is blocked, but its live calls were not hung up: cannot reach FreeSWITCH`));
    const show = await runCli(t.db, ["cards", "show", serial, "--json"]);
    assert.equal(JSON.parse(show.stdout).state, "blocked");
    const unblock = await runCli(t.db, ["cards", "unblock", serial]);
    assert.equal(unblock.code, 0);
    const usage = await runCli(t.db, ["cards", "block", serial, "--kick", "--esl", "nonsense:port"]);
    assert.equal(usage.code, 2, usage.stderr);
    assert.equal(JSON.parse((await runCli(t.db, ["cards", "show", serial, "--json"])).stdout).state, "new");
  } finally {
    t.cleanup();
  }
});

test("distributor export --reload writes the file, then runs reloadxml and distributor_ctl reload", async () => {
  const t = tempDb();
  await setup(t.db, t.dir);
  const fake = await startFakeEsl({ handler: fakeSwitch({ modules: [], globals: {}, lists: {}, channels: [] }) });
  try {
    const out = join(t.dir, "distributor.conf.xml");
    const r = await runCli(t.db, ["distributor", "export", "--out", out, "--reload", "--esl", fake.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, "utf8"), /<configuration name="distributor.conf"/);
    const cmds = fake.received.filter((c) => c.startsWith("api "));
    assert.deepEqual(cmds, ["api reloadxml", "api distributor_ctl reload"]);
    const noOut = await runCli(t.db, ["distributor", "export", "--reload"]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--reload needs --out FILE/);
  } finally {
    await fake.close();
    t.cleanup();
  }
});
