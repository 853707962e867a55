/**
 * The CLI half of the adversarial table (spec/fixtures/hostile_inputs.json): hostile money,
 * CSV fields, names, dates and keys through the commands that take them. Each must fail with
 * its expected exit code and message and leave every table exactly as it was.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { dumpDb, tempDb } from "../support/db";

interface HostileCase {
  id: string;
  surface: string;
  input?: string;
  repeat?: { text: string; times: number };
  expect: string;
  column?: string;
  /** For CLI cases: the exit code and a regular expression the error must match. */
  exit?: number;
  error?: string;
}

const CASES = (JSON.parse(readFileSync("spec/fixtures/hostile_inputs.json", "utf8")) as { cases: HostileCase[] }).cases;

const HEADER = ["prefix", "destination", "rate_per_minute", "connect_fee", "initial_seconds", "increment_seconds", "route"];
const GOOD = ["44", "United Kingdom", "0.10", "0", "60", "60", "intl"];

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.split('"').join('""')}"` : v;
}

function deck(dir: string, name: string, column?: string, value?: string): string {
  const bad = HEADER.map((h, i) => (h === column ? (value ?? "") : GOOD[i]));
  const lines = [HEADER, ["33", "France", "0.06", "0", "30", "6", "intl"]];
  if (column !== undefined) lines.push(bad);
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => l.map(csvField).join(",")).join("\n") + "\n");
  return path;
}

/** A caller-ID import file: one good line, then the hostile one (line 3). */
function callerIds(dir: string, name: string, line: string): string {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `cli,account\n+15551234567,1\n${line}\n`);
  return path;
}

/** The command line that feeds a case's input to its surface. */
function argvFor(c: HostileCase, v: string, dir: string): string[] {
  switch (c.surface) {
    case "csv": return ["rates", "import", deck(dir, `${c.id}.csv`, c.column, v), "--table", "std"];
    case "gateway_name": return ["gateways", "add", v];
    case "dial_prefix": return ["gateways", "add", "gw9", `--dial-prefix=${v}`];
    case "max_channels": return ["gateways", "add", "gw9", `--max-channels=${v}`];
    case "route_name": return ["routes", "add", v];
    case "route_weight": return ["routes", "add-gateway", "intl", "gw1", `--weight=${v}`];
    case "table_name": return ["rates", "import", deck(dir, "good.csv"), `--table=${v}`, "--create"];
    case "currency": return ["rates", "create-table", "t2", `--currency=${v}`];
    case "cdr_from": return ["cdr", "export", `--from=${v}`];
    case "cdr_to": return ["cdr", "export", `--to=${v}`];
    case "report_from": return ["report", "margin", `--from=${v}`];
    case "report_to": return ["report", "asr-acd", `--to=${v}`];
    case "lookup_number": return ["rates", "lookup", "--table", "std", v];
    case "security_key": return ["security", "clear", "ani", v];
    case "card_value": return ["cards", "generate", "--product", "gold", "--count", "1", `--value=${v}`];
    case "card_count": return ["cards", "generate", "--product", "gold", "--value", "1", `--count=${v}`];
    case "cli_add": return ["cli", "add", "--account", "1", "--", v];
    case "cli_import": return ["cli", "import", callerIds(dir, c.id, v + ",1")];
    case "cli_import_card": return ["cli", "import", callerIds(dir, c.id, "+15559876543,card:" + v)];
    case "account_credit": return ["accounts", "credit", "1", "--", v];
    case "account_debit": return ["accounts", "debit", "1", "--", v];
    case "lockout_failures": return ["products", "set", "gold", `--lockout-failures=${v}`];
    case "expiry": return ["products", "set", "gold", `--expiry=${v}`];
    default: throw new Error(`no CLI runner for surface '${c.surface}'`);
  }
}

const IVR_SURFACES = new Set(["ani", "dnis", "pin", "destination"]);
const cliCases = CASES.filter((c) => !IVR_SURFACES.has(c.surface));

test("the adversarial table has at least 50 cases, 30 of them for the CLI", () => {
  assert.ok(CASES.length >= 50, `${CASES.length} cases`);
  assert.ok(cliCases.length >= 30, `${cliCases.length} CLI cases`);
  assert.equal(new Set(CASES.map((c) => c.id)).size, CASES.length, "case ids are unique");
});

test("hostile CLI input is refused with a clear error and changes nothing", async () => {
  const t = tempDb();
  try {
    const setup = [
      ["init"], ["gateways", "add", "gw1"], ["routes", "add", "intl"], ["routes", "add-gateway", "intl", "gw1"],
      ["rates", "import", deck(t.dir, "seed.csv"), "--table", "std", "--create"],
      ["products", "add", "shop", "--kind", "retail", "--rate-table", "std"],
      ["accounts", "create", "--product", "shop", "--name", "A", "--balance", "1.00"],
      ["products", "add", "gold", "--rate-table", "std"],
    ];
    for (const argv of setup) assert.equal((await runCli(t.db, argv)).code, 0, argv.join(" "));
    const before = dumpDb(t.db);
    for (const c of cliCases) {
      const v = c.repeat !== undefined ? c.repeat.text.repeat(c.repeat.times) : (c.input ?? "");
      const r = await runCli(t.db, argvFor(c, v, t.dir));
      assert.equal(r.code, c.exit, `${c.id}: exit ${r.code}\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(c.error ?? "^$"), `${c.id}: ${r.stderr}`);
      assert.ok(r.stderr.length < 2000, `${c.id}: the error echoes too much (${r.stderr.length} characters)`);
      assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, `${c.id}: a raw control character reached the terminal`);
      assert.equal(dumpDb(t.db), before, `${c.id} changed the database`);
    }
  } finally {
    t.cleanup();
  }
});
