// The fake must speak FreeSWITCH's wire protocol, not just what modesl happens to accept:
// these tests talk to it over a raw socket and check the bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, Socket } from "node:net";
import { startFakeEsl } from "../support/fake_esl";

/** Collects everything the server sends; `until(text)` waits for it to appear. */
function rawClient(port: number): { socket: Socket; until(text: string): Promise<string> } {
  const socket = connect(port, "127.0.0.1");
  let seen = "";
  const waiters: (() => void)[] = [];
  socket.on("data", (d) => {
    seen += d.toString("utf8");
    waiters.splice(0).forEach((w) => w());
  });
  return {
    socket,
    until(text) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never saw ${JSON.stringify(text)} in ${JSON.stringify(seen)}`)), 1000);
        const check = () => {
          if (seen.includes(text)) {
            clearTimeout(timer);
            resolve(seen);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

test("the fake greets, authenticates, answers api with a Content-Length body, bgapi with a plain BACKGROUND_JOB, and says goodbye", async () => {
  const fake = await startFakeEsl({ handler: (cmd) => (cmd === "echo a b%" ? "é a b%" : undefined) });
  const c = rawClient(fake.port);
  try {
    await c.until("Content-Type: auth/request\n\n");
    c.socket.write("auth ClueCon\n\n");
    await c.until("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
    c.socket.write("api echo a b%\n\n");
    await c.until("Content-Type: api/response\nContent-Length: 7\n\né a b%");
    c.socket.write("event plain BACKGROUND_JOB\n\n");
    await c.until("Reply-Text: +OK event listener enabled plain\n\n");
    c.socket.write("bgapi echo a b%\nJob-UUID: 11111111-2222-4333-8444-555555555555\n\n");
    await c.until("Reply-Text: +OK Job-UUID: 11111111-2222-4333-8444-555555555555\nJob-UUID: 11111111-2222-4333-8444-555555555555\n\n");
    const all = await c.until("Job-Command-Arg: a%20b%25\nContent-Length: 7\n\né a b%");
    assert.match(all, /Content-Length: \d+\nContent-Type: text\/event-plain\n\nEvent-Name: BACKGROUND_JOB\n/);
    c.socket.write("api nothing\n\n");
    await c.until("-ERR nothing Command not found!\n");
    c.socket.write("exit\n\n");
    await c.until("Reply-Text: +OK bye\n\nContent-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
    assert.deepEqual(fake.unmodelled, []);
  } finally {
    c.socket.destroy();
    await fake.close();
  }
});

test("the fake refuses a wrong password with -ERR invalid and a disconnect notice", async () => {
  const fake = await startFakeEsl({ password: "right" });
  const c = rawClient(fake.port);
  try {
    c.socket.write("auth wrong\n\n");
    await c.until("Reply-Text: -ERR invalid\n\nContent-Type: text/disconnect-notice\n");
    await new Promise((r) => c.socket.once("close", r));
  } finally {
    c.socket.destroy();
    await fake.close();
  }
});
