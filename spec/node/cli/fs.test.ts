import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { runCli } from "../support/cli";
import { startFakeEsl } from "../support/fake_esl";
import { fakeSwitch } from "../support/fake_switch";
import { ENGINE, tempDb } from "../support/db";

const NOW = Math.floor(Date.now() / 1000);

test("ccard fs calls prints the table, or JSON with --json", async () => {
  const t = tempDb();
  const fake = await startFakeEsl({
    handler: fakeSwitch({
      modules: [],
      globals: {},
      lists: {},
      channels: [{ uuid: "a-1", direction: "inbound", name: "sofia/internal/a", cid_num: "15551230000", dest: "18005550100", created_epoch: NOW - 60, vars: { ccard_account_id: "7", ccard_card_serial: "100001", ccard_destination: "4420", ccard_gateway: "gw_uk", ccard_max_talk_seconds: "3725", ccard_answered_epoch: String(NOW - 30) } }],
    }),
  });
  try {
    const r = await runCli(t.db, ["fs", "calls"], { CCARD_ESL: fake.address });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^card 100001\s+15551230000\s+4420\s+gw_uk\s+0:(29|3\d)\s+1:02:05\s+a-1$/m);
    const j = await runCli(t.db, ["fs", "calls", "--json", "--esl", fake.address]);
    const calls = JSON.parse(j.stdout);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].card_serial, "100001");
    assert.equal(calls[0].max_talk_seconds, 3725);
    assert.equal(calls[0].answered_at, NOW - 30);
  } finally {
    await fake.close();
    t.cleanup();
  }
});

test("unreachable switch, wrong password and timeouts are one line on stderr, exit 1", async () => {
  const t = tempDb();
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const fake = await startFakeEsl({ password: "secret", handler: () => ({ body: "late", delayMs: 500 }) });
  try {
    let r = await runCli(t.db, ["fs", "calls", "--esl", `127.0.0.1:${port}`]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [1, "", `ccard fs calls: cannot reach FreeSWITCH at 127.0.0.1:${port}: connection refused\n`]);
    r = await runCli(t.db, ["fs", "calls", "--esl", fake.address], { CCARD_ESL_PASSWORD: "wrong" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ccard fs calls: FreeSWITCH at 127\.0\.0\.1:\d+ refused the Event Socket password \(-ERR invalid\); set --esl-password or CCARD_ESL_PASSWORD\n$/);
    r = await runCli(t.db, ["fs", "calls", "--esl", fake.address, "--esl-password", "secret", "--timeout-ms", "100"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ccard fs calls: FreeSWITCH at 127\.0\.0\.1:\d+ did not answer 'api show channels as json' within 100 ms\n$/);
  } finally {
    await fake.close();
    t.cleanup();
  }
});

test("a malformed --esl is a usage error (exit 2); fs check needs an initialised database", async () => {
  const t = tempDb();
  try {
    const r = await runCli(t.db, ["fs", "calls", "--esl", "host:notaport"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^ccard fs calls: --esl 'host:notaport': the port must be 1-65535\n/);
    // On PostgreSQL a test database exists already: a database never created stands for the missing file.
    const c = await runCli(ENGINE === "sqlite" ? t.db : `${t.db}_missing`, ["fs", "check", "--esl", "127.0.0.1:1"]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /run 'ccard init' first|create it first/);
  } finally {
    t.cleanup();
  }
});
