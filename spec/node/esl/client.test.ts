import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { connectEsl } from "../../../src/cli/esl/client";
import { EslClient, EslError, EslSettings } from "../../../src/cli/esl/errors";
import { FakeEsl, FakeEslOptions, startFakeEsl } from "../support/fake_esl";
import { seededRandom } from "../support/fixtures";

function settings(port: number, over: Partial<EslSettings> = {}): EslSettings {
  return { host: "127.0.0.1", port, password: "ClueCon", connectTimeoutMs: 2000, commandTimeoutMs: 2000, ...over };
}

/** Runs body against a fresh fake and client; both are closed whatever happens. */
async function withFake(options: FakeEslOptions, body: (fake: FakeEsl, client: EslClient) => Promise<void>, over: Partial<EslSettings> = {}): Promise<void> {
  const fake = await startFakeEsl(options);
  let client: EslClient | undefined;
  try {
    client = await connectEsl(settings(fake.port, over));
    await body(fake, client);
    assert.deepEqual(fake.unmodelled, []);
  } finally {
    await client?.close();
    await fake.close();
  }
}

/** Waits (up to 1 s) for the fake to see every connection closed. */
async function allClosed(fake: FakeEsl): Promise<void> {
  for (let i = 0; i < 100 && fake.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(fake.openConnections(), 0);
}

async function rejection(p: Promise<unknown>): Promise<EslError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EslError, `expected an EslError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected a rejection");
}

test("api answers the body; bgapi answers the BACKGROUND_JOB body", async () => {
  await withFake({ handler: (cmd) => (cmd === "status" ? "UP 0 years\n" : cmd === "global_getvar x" ? "42" : undefined) }, async (fake, client) => {
    assert.equal(await client.api("status"), "UP 0 years");
    assert.equal(await client.bgapi("global_getvar x"), "42");
    assert.deepEqual(fake.received.slice(0, 2), ["auth ClueCon", "event json BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE"]);
  });
});

test("the login timeout stops once logged in: a session may outlive it", async () => {
  await withFake({ handler: () => "still here" }, async (_fake, client) => {
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await client.api("status"), "still here");
  }, { connectTimeoutMs: 50 });
});

test("-ERR answers reject with COMMAND_FAILED and FreeSWITCH's text; lower-case -err is a value", async () => {
  await withFake({ handler: (cmd) => (cmd === "distributor nope" ? "-err" : undefined) }, async (_fake, client) => {
    const e = await rejection(client.api("bogus arg"));
    assert.equal(e.code, "COMMAND_FAILED");
    assert.equal(e.message, "'api bogus arg' failed: -ERR bogus Command not found!");
    assert.equal((await rejection(client.bgapi("bogus"))).code, "COMMAND_FAILED");
    assert.equal(await client.api("distributor nope"), "-err");
  });
});

test("a wrong password rejects with AUTH_FAILED and leaves no socket open", async () => {
  const fake = await startFakeEsl({ password: "secret" });
  try {
    const e = await rejection(connectEsl(settings(fake.port)));
    assert.equal(e.code, "AUTH_FAILED");
    assert.match(e.message, /^FreeSWITCH at 127\.0\.0\.1:\d+ refused the Event Socket password \(-ERR invalid\); set --esl-password or CCARD_ESL_PASSWORD$/);
    await allClosed(fake);
  } finally {
    await fake.close();
  }
});

test("nothing listening rejects with CONNECTION_REFUSED in one line", async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const e = await rejection(connectEsl(settings(port)));
  assert.equal(e.code, "CONNECTION_REFUSED");
  assert.equal(e.message, `cannot reach FreeSWITCH at 127.0.0.1:${port}: connection refused`);
});

test("a port that never says auth/request times out the login", async () => {
  const fake = await startFakeEsl({ greet: false });
  try {
    const started = Date.now();
    const e = await rejection(connectEsl(settings(fake.port, { connectTimeoutMs: 150 })));
    assert.equal(e.code, "TIMEOUT");
    assert.match(e.message, /no answer within 150 ms/);
    assert.ok(Date.now() - started < 1000);
  } finally {
    await fake.close();
  }
});

test("the server closing mid-command rejects the pending and queued commands at once", async () => {
  await withFake({ handler: (cmd) => (cmd === "crash" ? { close: true } : cmd === "slow" ? { body: "late", delayMs: 5000 } : "fine") }, async (_fake, client) => {
    assert.equal(await client.api("warmup"), "fine");
    const started = Date.now();
    const pending = [client.api("crash"), client.api("queued"), client.bgapi("slow")];
    const errors = await Promise.all(pending.map(rejection));
    assert.deepEqual(errors.map((e) => e.code), ["DISCONNECTED", "DISCONNECTED", "DISCONNECTED"]);
    assert.match(errors[0].message, /closed before it answered 'api crash'/);
    assert.ok(Date.now() - started < 1000, "rejected without waiting for the timeout");
    assert.equal((await rejection(client.api("after"))).code, "DISCONNECTED");
  });
});

test("a bgapi whose job never finishes is rejected when the socket drops", async () => {
  await withFake({ handler: (cmd) => (cmd === "forever" ? { body: "x", delayMs: 60000 } : cmd === "crash" ? { close: true } : "ok") }, async (_fake, client) => {
    const job = client.bgapi("forever");
    await new Promise((r) => setTimeout(r, 30));
    const crash = client.api("crash");
    assert.equal((await rejection(job)).code, "DISCONNECTED");
    assert.equal((await rejection(crash)).code, "DISCONNECTED");
  });
});

test("a reply slower than the timeout rejects with TIMEOUT; its late reply is not given to the next command", async () => {
  await withFake({ handler: (cmd) => (cmd === "slow" ? { body: "slow answer", delayMs: 300 } : cmd === "bgslow" ? { body: "bg late", delayMs: 300 } : `answer to ${cmd}`) }, async (_fake, client) => {
    const e = await rejection(client.api("slow"));
    assert.equal(e.code, "TIMEOUT");
    assert.match(e.message, /did not answer 'api slow' within 100 ms$/);
    assert.equal((await rejection(client.bgapi("bgslow"))).code, "TIMEOUT");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await client.api("next"), "answer to next");
    assert.equal(await client.bgapi("bgnext"), "answer to bgnext");
  }, { commandTimeoutMs: 100 });
});

test("50 interleaved api and bgapi commands with random delays each get their own answer", async () => {
  const rand = seededRandom(7);
  await withFake({ handler: (cmd) => ({ body: `answer(${cmd})\n`, delayMs: rand(0, 8) }) }, async (fake, client) => {
    const commands = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? { kind: "bgapi", cmd: `job ${i}` } : { kind: "api", cmd: `ask ${i}` }));
    const foreign = setInterval(() => fake.broadcastJob("00000000-0000-4000-8000-000000000000", "someone else's job"), 5);
    try {
      const answers = await Promise.all(commands.map((c) => (c.kind === "api" ? client.api(c.cmd) : client.bgapi(c.cmd))));
      assert.deepEqual(answers, commands.map((c) => `answer(${c.cmd})`));
    } finally {
      clearInterval(foreign);
    }
  });
});

test("an api refused with a command/reply (-ERR permission denied) does not shift a bgapi's reply", async () => {
  await withFake({ deniedApis: ["uuid_kill"], handler: (cmd) => `done ${cmd}` }, async (_fake, client) => {
    const [kill, job, ask] = [client.api("uuid_kill abc"), client.bgapi("status"), client.api("status")];
    const e = await rejection(kill);
    assert.equal(e.code, "COMMAND_FAILED");
    assert.match(e.message, /-ERR permission denied$/);
    assert.equal(await job, "done status");
    assert.equal(await ask, "done status");
  });
});

test("bytes modesl cannot parse (a bad %-escape in a header) fail the connection instead of crashing the process", async () => {
  await withFake({ handler: (cmd) => (cmd === "garble" ? { raw: "Content-Type: command/reply\nReply-Text: -ERR 100% broken\n\n" } : "ok") }, async (_fake, client) => {
    const [garbled, queued] = await Promise.all([rejection(client.api("garble")), rejection(client.api("queued"))]);
    assert.equal(garbled.code, "DISCONNECTED");
    assert.match(garbled.message, /closed before it answered 'api garble': unreadable data from FreeSWITCH at 127\.0\.0\.1:\d+: URI malformed$/);
    assert.equal(queued.code, "DISCONNECTED");
    const later = await rejection(client.api("later"));
    assert.match(later.message, /^not connected to FreeSWITCH at 127\.0\.0\.1:\d+: unreadable data/);
  });
});

test("commands that are not one line are refused before anything is sent", async () => {
  await withFake({ handler: () => "ok" }, async (fake, client) => {
    const before = fake.received.length;
    assert.equal((await rejection(client.api("status\n\nexit"))).code, "BAD_COMMAND");
    assert.equal((await rejection(client.bgapi(" "))).code, "BAD_COMMAND");
    assert.equal(fake.received.length, before);
  });
});

test("close() says exit, rejects what is queued, and leaves no connection open", async () => {
  const fake = await startFakeEsl({ handler: () => ({ body: "late", delayMs: 200 }) });
  try {
    const client = await connectEsl(settings(fake.port));
    const pending = rejection(client.api("slow"));
    await client.close();
    const e = await pending;
    assert.equal(e.code, "DISCONNECTED");
    assert.match(e.message, /\(closed by ccard\)$/);
    await allClosed(fake);
    assert.ok(fake.received.includes("exit"));
  } finally {
    await fake.close();
  }
});
