/** The Event Socket reply matcher (src/cli/esl/replies.ts), rule by rule: events in, effects out. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Effect, Event, Job, ReplyMatcher } from "../../../src/cli/esl/replies";

const WHERE = "127.0.0.1:8021";

const api = (id: number, command: string): Event => ({ type: "send", job: { id, kind: "api", command, jobUuid: `u${id}` } });
const bgapi = (id: number, command: string): Event => ({ type: "send", job: { id, kind: "bgapi", command, jobUuid: `u${id}` } });
const response = (text: string): Event => ({ type: "reply", reply: "api/response", text });
const reply = (text: string): Event => ({ type: "reply", reply: "command/reply", text });
const LOGIN: Event[] = [reply("+OK accepted"), reply("+OK event listener enabled json")];

/** An effect in one short line: "write 1", "answer 1 text", "fail 1 CODE", "loggedIn", "loginFailed CODE", "drop". */
function short(e: Effect): string {
  switch (e.type) {
    case "write":
      return `write ${e.job.id}`;
    case "answer":
      return `answer ${e.id} ${e.text}`;
    case "fail":
      return `fail ${e.id} ${e.code}`;
    case "loginFailed":
      return `loginFailed ${e.code}`;
    default:
      return e.type;
  }
}

function run(events: Event[]): { effects: string[]; all: Effect[] } {
  const m = new ReplyMatcher(WHERE, 5000);
  const all = events.flatMap((e) => m.step(e));
  return { effects: all.map(short), all };
}

const CASES: [string, Event[], string[]][] = [
  ["the password's verdict, then the subscription's, log in", LOGIN, ["loggedIn"]],
  ["a wrong password drops the connection and fails the login", [reply("-ERR invalid"), { type: "closed" }], ["drop", "loginFailed AUTH_FAILED"]],
  ["a refused subscription fails the login", [reply("+OK accepted"), reply("-ERR no"), { type: "closed" }], ["drop", "loginFailed PROTOCOL"]],
  ["a command asked for before the login is sent once logged in", [api(1, "status"), ...LOGIN], ["loggedIn", "write 1"]],
  ["one command on the wire at a time, answered in order", [...LOGIN, api(1, "a"), api(2, "b"), response("A\n"), response("B")], ["loggedIn", "write 1", "answer 1 A", "write 2", "answer 2 B"]],
  ["-ERR fails with COMMAND_FAILED; lower-case -err is a value", [...LOGIN, api(1, "x"), response("-ERR x Command not found!\n"), api(2, "y"), response("-err")], ["loggedIn", "write 1", "fail 1 COMMAND_FAILED", "write 2", "answer 2 -err"]],
  ["an api refused by a command/reply is that api's answer", [...LOGIN, api(1, "x"), api(2, "y"), reply("-ERR permission denied"), response("ok")], ["loggedIn", "write 1", "fail 1 COMMAND_FAILED", "write 2", "answer 2 ok"]],
  ["a bgapi is answered by its BACKGROUND_JOB, and its +OK frees the wire", [...LOGIN, bgapi(1, "x"), api(2, "y"), reply("+OK Job-UUID: u1"), { type: "jobDone", jobUuid: "u1", body: "done\n" }, response("Y")], ["loggedIn", "write 1", "write 2", "answer 1 done", "answer 2 Y"]],
  ["a BACKGROUND_JOB may come before the +OK", [...LOGIN, bgapi(1, "x"), { type: "jobDone", jobUuid: "u1", body: "done" }, reply("+OK Job-UUID: u1"), api(2, "y")], ["loggedIn", "write 1", "answer 1 done", "write 2"]],
  ["another client's job is ignored", [...LOGIN, bgapi(1, "x"), { type: "jobDone", jobUuid: "other", body: "no" }], ["loggedIn", "write 1"]],
  ["a command that timed out keeps the wire until its late reply, which is dropped", [...LOGIN, api(1, "slow"), { type: "timeout", id: 1 }, api(2, "next"), response("late"), response("N")], ["loggedIn", "write 1", "fail 1 TIMEOUT", "write 2", "answer 2 N"]],
  ["a command that timed out in the queue is never sent", [...LOGIN, api(1, "a"), api(2, "b"), { type: "timeout", id: 2 }, response("A")], ["loggedIn", "write 1", "fail 2 TIMEOUT", "answer 1 A"]],
  ["a timeout after the answer changes nothing", [...LOGIN, api(1, "a"), response("A"), { type: "timeout", id: 1 }], ["loggedIn", "write 1", "answer 1 A"]],
  ["the socket closing fails what is on the wire, queued and in the background", [...LOGIN, bgapi(1, "bg"), reply("+OK Job-UUID: u1"), api(2, "a"), api(3, "b"), { type: "closed" }], ["loggedIn", "write 1", "write 2", "fail 3 DISCONNECTED", "fail 1 DISCONNECTED", "fail 2 DISCONNECTED"]],
  ["nothing is written once the peer ended the stream", [...LOGIN, { type: "ended" }, api(1, "a"), { type: "closed" }], ["loggedIn", "fail 1 DISCONNECTED"]],
  ["after close, a command fails at once", [...LOGIN, { type: "closedByUs" }, api(1, "a"), { type: "closed" }], ["loggedIn", "fail 1 DISCONNECTED"]],
  ["an empty command or one with a line break is never sent", [...LOGIN, api(1, " "), api(2, "a\nb")], ["loggedIn", "fail 1 BAD_COMMAND", "fail 2 BAD_COMMAND"]],
  ["a reply nobody asked for is a protocol error", [...LOGIN, response("?")], ["loggedIn", "drop"]],
  ["the login timeout drops a login that has not finished", [reply("+OK accepted"), { type: "loginTimeout", ms: 50 }, { type: "closed" }], ["drop", "loginFailed TIMEOUT"]],
  ["the login timeout does nothing once logged in", [...LOGIN, { type: "loginTimeout", ms: 50 }], ["loggedIn"]],
  ["a host refused by the ACL fails the login with CONNECTION_REFUSED", [{ type: "refused", text: "Access Denied, go away.\n" }, { type: "closed" }], ["loginFailed CONNECTION_REFUSED"]],
  ["a connection closed during login with nothing said is DISCONNECTED", [{ type: "closed" }], ["loginFailed DISCONNECTED"]],
];

for (const [name, events, expected] of CASES) {
  test(`reply matching: ${name}`, () => {
    assert.deepEqual(run(events).effects, expected);
  });
}

function messageOf(events: Event[], id: number): string {
  const e = run(events).all.find((x) => (x.type === "fail" && x.id === id) || (x.type === "loginFailed" && id === 0));
  assert.ok(e !== undefined && (e.type === "fail" || e.type === "loginFailed"));
  return e.message;
}

test("failures say what happened, where, to which command", () => {
  assert.equal(messageOf([...LOGIN, api(1, "bogus"), response("-ERR bogus Command not found!\n")], 1), "'api bogus' failed: -ERR bogus Command not found!");
  assert.equal(messageOf([...LOGIN, api(1, "status"), { type: "timeout", id: 1 }], 1), `FreeSWITCH at ${WHERE} did not answer 'api status' within 5000 ms`);
  assert.equal(messageOf([...LOGIN, api(1, "a b"), { type: "notice", text: "Disconnected, goodbye.\nSee you\n" }, { type: "closed" }], 1), `the connection to FreeSWITCH at ${WHERE} closed before it answered 'api a b' (FreeSWITCH said: Disconnected, goodbye.)`);
  assert.equal(messageOf([...LOGIN, { type: "closedByUs" }, api(1, "a")], 1), `not connected to FreeSWITCH at ${WHERE} (closed by ccard)`);
  assert.equal(messageOf([...LOGIN, api(1, "a\nb")], 1), "cannot send 'api a\\nb': a command is one non-empty line");
  assert.equal(messageOf([reply("-ERR invalid\n"), { type: "closed" }], 0), `FreeSWITCH at ${WHERE} refused the Event Socket password (-ERR invalid); set --esl-password or CCARD_ESL_PASSWORD`);
  assert.equal(messageOf([{ type: "notice", text: "bye" }, { type: "closed" }], 0), `FreeSWITCH at ${WHERE} closed the connection during login (bye)`);
});

test("a broken connection names why in the failure of the commands it leaves", () => {
  const events: Event[] = [...LOGIN, api(1, "a"), { type: "broken", code: "PROTOCOL", message: "unreadable data" }, { type: "closed" }];
  assert.deepEqual(run(events).effects, ["loggedIn", "write 1", "drop", "fail 1 DISCONNECTED"]);
  assert.match(messageOf(events, 1), /closed before it answered 'api a': unreadable data$/);
});

test("a bgapi is written with its Job-UUID", () => {
  const write = run([...LOGIN, bgapi(7, "status")]).all.find((e) => e.type === "write") as { job: Job };
  assert.deepEqual(write.job, { id: 7, kind: "bgapi", command: "status", jobUuid: "u7" });
});
