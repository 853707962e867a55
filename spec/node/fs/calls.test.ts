import { test } from "node:test";
import assert from "node:assert/strict";
import { connectEsl } from "../../../src/cli/esl/client";
import { EslClient } from "../../../src/cli/esl/errors";
import { formatCalls, listCalls } from "../../../src/cli/fs/calls";
import { hangupCallsOf } from "../../../src/cli/fs/kick";
import { FakeEsl, startFakeEsl } from "../support/fake_esl";
import { FakeChannel, SwitchState, fakeSwitch } from "../support/fake_switch";

const NOW = 1_790_000_000;

function cardCall(uuid: string, serial: string, account: string, answeredAgo?: number): FakeChannel {
  const vars: Record<string, string> = { ccard_account_id: account, ccard_card_serial: serial, ccard_destination: "442071234567", ccard_gateway: "gw_uk", ccard_max_talk_seconds: "600" };
  if (answeredAgo !== undefined) vars.ccard_answered_epoch = String(NOW - answeredAgo);
  return { uuid, direction: "inbound", name: `sofia/internal/${uuid}`, cid_num: "15551230000", dest: "18005550100", created_epoch: NOW - 100, vars };
}

function state(channels: FakeChannel[], over: Partial<SwitchState> = {}): SwitchState {
  return { modules: [], globals: {}, lists: {}, channels, ...over };
}

async function withSwitch(s: SwitchState, body: (client: EslClient, fake: FakeEsl) => Promise<void>): Promise<void> {
  const fake = await startFakeEsl({ handler: fakeSwitch(s) });
  const client = await connectEsl({ host: "127.0.0.1", port: fake.port, password: "ClueCon", connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
  try {
    await body(client, fake);
  } finally {
    await client.close();
    await fake.close();
  }
}

test("listCalls reads the IVR's variables from caller legs and skips other channels", async () => {
  const retail: FakeChannel = { uuid: "r-1", direction: "inbound", name: "sofia/external/r", cid_num: "4930123", dest: "4420", created_epoch: NOW - 5, vars: { ccard_account_id: "9", ccard_destination: "4420" } };
  const bLeg: FakeChannel = { ...cardCall("b-1", "100001", "7", 30), direction: "outbound" };
  const other: FakeChannel = { uuid: "x-1", direction: "inbound", name: "sofia/internal/1000", cid_num: "1000", dest: "9196", created_epoch: NOW, vars: {} };
  await withSwitch(state([cardCall("a-1", "100001", "7", 75), retail, bLeg, other]), async (client) => {
    const calls = await listCalls(client, NOW);
    assert.deepEqual(calls, [
      { uuid: "a-1", channel: "sofia/internal/a-1", callerId: "15551230000", accountId: "7", cardSerial: "100001", destination: "442071234567", gateway: "gw_uk", maxTalkSeconds: 600, answeredEpoch: NOW - 75, talkSeconds: 75, channelSeconds: 100 },
      { uuid: "r-1", channel: "sofia/external/r", callerId: "4930123", accountId: "9", cardSerial: undefined, destination: "4420", gateway: undefined, maxTalkSeconds: undefined, answeredEpoch: undefined, talkSeconds: 0, channelSeconds: 5 },
    ]);
    const table = formatCalls(calls).split("\n");
    assert.match(table[0], /^CARD\/ACCOUNT\s+CALLER\s+DESTINATION\s+GATEWAY\s+ELAPSED\s+MAX TALK\s+UUID$/);
    assert.match(table[1], /^card 100001\s+15551230000\s+442071234567\s+gw_uk\s+1:15\s+10:00\s+a-1$/);
    assert.match(table[2], /^account 9\s+4930123\s+4420\s+-\s+\(in IVR 0:05\)\s+-\s+r-1$/);
  });
});

test("the callee's answer time comes from uuid_dump when the IVR could not set it (it is inside bridge)", async () => {
  const ringing = cardCall("a-1", "100001", "7");
  const talking: FakeChannel = { ...cardCall("a-2", "100002", "8"), otherLegAnsweredUs: (NOW - 42) * 1e6 + 123456 };
  await withSwitch(state([ringing, talking]), async (client) => {
    const calls = await listCalls(client, NOW);
    assert.deepEqual(calls.map((c) => [c.uuid, c.answeredEpoch, c.talkSeconds]), [["a-1", undefined, 0], ["a-2", NOW - 42, 42]]);
  });
});

test("no channels ({\"row_count\":0} without rows) and channels that hang up mid-listing", async () => {
  await withSwitch(state([]), async (client) => {
    assert.deepEqual(await listCalls(client, NOW), []);
    assert.equal(formatCalls([]), "no live ccard calls\n");
  });
  await withSwitch(state([cardCall("a-1", "1", "1", 1), cardCall("a-2", "2", "2", 1)], { vanished: ["a-1"] }), async (client) => {
    assert.deepEqual((await listCalls(client, NOW)).map((c) => c.uuid), ["a-2"]);
  });
});

test("an unreadable channel list is a PROTOCOL error, not a crash", async () => {
  const fake = await startFakeEsl({ handler: (cmd) => (cmd === "show channels as json" ? "<xml/>" : undefined) });
  const client = await connectEsl({ host: "127.0.0.1", port: fake.port, password: "ClueCon", connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
  try {
    await assert.rejects(listCalls(client, NOW), { code: "PROTOCOL", message: "'show channels as json' did not answer JSON: <xml/>" });
  } finally {
    await client.close();
    await fake.close();
  }
});

test("hangupCallsOf kills every live call of one card, or of one account, and nothing else", async () => {
  const s = state([cardCall("a-1", "100001", "7", 10), cardCall("a-2", "100002", "8", 10), cardCall("a-3", "100001", "7")]);
  await withSwitch(s, async (client, fake) => {
    assert.deepEqual(await hangupCallsOf(client, { cardSerial: "100001" }, NOW), ["a-1", "a-3"]);
    assert.deepEqual(fake.received.filter((c) => c.startsWith("api uuid_kill")), ["api uuid_kill a-1 MANAGER_REQUEST", "api uuid_kill a-3 MANAGER_REQUEST"]);
    assert.deepEqual(s.channels.map((c) => c.uuid), ["a-2"]);
    assert.deepEqual(await hangupCallsOf(client, { cardSerial: "100001" }, NOW), []);
    assert.deepEqual(await hangupCallsOf(client, { accountId: 8 }, NOW), ["a-2"]);
    assert.deepEqual(s.channels, []);
  });
});
