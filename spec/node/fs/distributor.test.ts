import { test } from "node:test";
import assert from "node:assert/strict";
import { connectEsl } from "../../../src/cli/esl/client";
import { distributorReload } from "../../../src/cli/fs/distributor";
import { FakeHandler, startFakeEsl } from "../support/fake_esl";
import { SwitchState, fakeSwitch } from "../support/fake_switch";

async function run(handler: FakeHandler, body: (received: string[], reload: () => Promise<void>) => Promise<void>) {
  const fake = await startFakeEsl({ handler });
  const client = await connectEsl({ host: "127.0.0.1", port: fake.port, password: "ClueCon", connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
  try {
    await body(fake.received, () => distributorReload(client));
  } finally {
    await client.close();
    await fake.close();
  }
}

test("distributorReload runs reloadxml, then distributor_ctl reload, so new lists take effect", async () => {
  const s: SwitchState = { modules: [], globals: {}, channels: [], lists: { uk: { gw1: 1 } }, listsOnDisk: { uk: { gw1: 1, gw2: 3 } } };
  await run(fakeSwitch(s), async (received, reload) => {
    await reload();
    assert.deepEqual(received.filter((c) => c.startsWith("api ")), ["api reloadxml", "api distributor_ctl reload"]);
    assert.deepEqual(s.lists, { uk: { gw1: 1, gw2: 3 } });
  });
});

test("distributorReload fails clearly when mod_distributor refuses the file or reloadxml fails", async () => {
  await run((cmd) => (cmd === "reloadxml" ? "+OK [Success]\n" : cmd === "distributor_ctl reload" ? "-error\n" : undefined), async (_r, reload) => {
    await assert.rejects(reload(), { code: "COMMAND_FAILED", message: "'distributor_ctl reload' failed: -error (is distributor.conf.xml valid and mod_distributor loaded?)" });
  });
  await run((cmd) => (cmd === "reloadxml" ? "-ERR [Error parsing distributor.conf.xml line 3]\n" : undefined), async (received, reload) => {
    await assert.rejects(reload(), { code: "COMMAND_FAILED", message: "'api reloadxml' failed: -ERR [Error parsing distributor.conf.xml line 3]" });
    assert.ok(!received.includes("api distributor_ctl reload"));
  });
});
