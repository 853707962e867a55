import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEslAddress, resolveEslSettings } from "../../../src/cli/esl/settings";

test("flags win over the environment, which wins over the defaults", () => {
  const env = { CCARD_ESL: "10.0.0.2:8022", CCARD_ESL_PASSWORD: "envpw", CCARD_ESL_TIMEOUT_MS: "250" };
  assert.deepEqual(resolveEslSettings({}, {}), { host: "127.0.0.1", port: 8021, password: "ClueCon", connectTimeoutMs: 5000, commandTimeoutMs: 5000 });
  assert.deepEqual(resolveEslSettings({}, env), { host: "10.0.0.2", port: 8022, password: "envpw", connectTimeoutMs: 250, commandTimeoutMs: 250 });
  assert.deepEqual(resolveEslSettings({ esl: "fs1:9000", "esl-password": "flagpw", "timeout-ms": "900" }, env), { host: "fs1", port: 9000, password: "flagpw", connectTimeoutMs: 900, commandTimeoutMs: 900 });
});

test("addresses: host alone takes port 8021; IPv6 in brackets", () => {
  const cases: [string, { host: string; port: number }][] = [
    ["fs.example", { host: "fs.example", port: 8021 }],
    ["127.0.0.1:18021", { host: "127.0.0.1", port: 18021 }],
    ["[::1]:8021", { host: "::1", port: 8021 }],
    ["[::1]", { host: "::1", port: 8021 }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseEslAddress(text, "--esl"), want, text);
});

test("bad addresses and timeouts are refused naming where they came from", () => {
  const bad: [string, RegExp][] = [
    ["host:0", /^--esl 'host:0': the port must be 1-65535$/],
    ["host:99999", /the port must be 1-65535/],
    ["host:", /the port must be 1-65535/],
    [":8021", /^--esl ':8021' has no host$/],
    ["::1", /write an IPv6 address as \[ADDRESS\]:PORT/],
    ["host:80x", /the port must be 1-65535/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseEslAddress(text, "--esl"), { message: re }, text);
  assert.throws(() => resolveEslSettings({}, { CCARD_ESL: "x:y" }), { message: /^CCARD_ESL 'x:y': the port must be 1-65535$/ });
  assert.throws(() => resolveEslSettings({ "timeout-ms": "1.5" }, {}), { message: /^--timeout-ms '1.5' must be a whole number of milliseconds/ });
  assert.throws(() => resolveEslSettings({}, { CCARD_ESL_TIMEOUT_MS: "0" }), { message: /^CCARD_ESL_TIMEOUT_MS '0'/ });
});
