/** The command framework (src/cli/framework): declarations → parsing, help, the database, the exit code. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Failure } from "../../../src/cli/exit";
import { command, Group } from "../../../src/cli/framework/command";
import { dispatch } from "../../../src/cli/framework/dispatch";
import { arg, flag, option, repeated, required, withDefault } from "../../../src/cli/options/declare";
import { amount, day, name, wholeNumber } from "../../../src/cli/options/values";
import { changed } from "../../../src/cli/output/print";
import { captureIo } from "../support/cli";
import { ok, query, tempDb, withDb } from "../support/db";

let seen: unknown;

const probe = command({
  name: "probe",
  summary: "hands its input to the spec",
  about: "A command made for the spec.",
  args: { who: arg("NAME", name("gateway")) },
  options: {
    count: required(wholeNumber(1, 9), "how many"),
    price: option(amount({ positive: true }), "what it costs"),
    weight: withDefault(wholeNumber(1, 100), "its share", 7),
    tag: repeated(name("route"), "a tag; repeat for several"),
    since: option(day, "from this day"),
    quiet: flag("say nothing"),
  },
  async run(input) {
    seen = input;
    return changed("done", { ok: true });
  },
});

const boom = command({ name: "boom", summary: "a defect", async run() {
  throw new Error("kaput");
} });

const writesWhileReading = command({ name: "sneak", summary: "writes on a read connection", db: "read", async run(_i, { db }) {
  await db.run("INSERT INTO routes (name, max_attempts, created_at) VALUES ('x', 1, 0)");
} });

const checked = command({ name: "checked", summary: "refused by its check", options: { a: flag("a"), b: flag("b") }, db: "write",
  check(o) {
    if (o.a && o.b) throw new Failure("PRODUCT_RULE", "not both");
  },
  async run() {
    return undefined;
  } });

const ROOT: Group = { name: "t", summary: "the spec's tree", commands: [probe, boom, writesWhileReading, checked] };

async function run(argv: string[], dbPath = "/nonexistent/never.db"): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(dbPath);
  const code = await dispatch(ROOT, argv, io);
  return { code, ...io.out() };
}

test("the declarations become the command's input: parsed values, defaults, repeats, flags", async () => {
  assert.equal((await run(["probe", "gw1", "--count", "3", "--price", "0.50", "--tag", "a", "--tag", "b", "--since", "2026-01-02"])).code, 0);
  assert.deepEqual(seen, { who: "gw1", count: 3, price: 500000, weight: 7, tag: ["a", "b"], since: Date.UTC(2026, 0, 2) / 1000, quiet: false });
  assert.equal((await run(["probe", "gw1", "--count=9", "--weight", "100", "--quiet"])).code, 0);
  assert.deepEqual(seen, { who: "gw1", count: 9, price: undefined, weight: 100, tag: [], since: undefined, quiet: true });
});

test("--help is generated from the declarations: synopsis, ranges, defaults, global options", async () => {
  const r = await run(["probe", "--help"]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    `t probe — hands its input to the spec

Usage: t probe NAME --count N [options]

A command made for the spec.

Options:
  --count N           how many (1-9)
  --price AMOUNT      what it costs
  --weight N          its share (1-100; default 7)
  --tag NAME          a tag; repeat for several
  --since YYYY-MM-DD  from this day
  --quiet             say nothing

Global options:
  --db PATH|URL  database: an SQLite file, or postgres://USER:PASS@HOST:PORT/DB (else $CCARD_DB, else /var/lib/ccard/ccard.db)
  --json         print the result, or the error, as one JSON document (docs/cli-json.md)
  -h, --help     show help
`,
  );
});

test("a usage error names the mistake and where the usage is; a value's parser names its option", async () => {
  assert.deepEqual(await run(["probe", "gw1", "--count", "10"]), { code: 2, stdout: "", stderr: "t probe: --count must be from 1 to 9, got 10\nrun 't probe --help' for its usage\n" });
  assert.match((await run(["probe", "gw 1", "--count", "1"])).stderr, /^t probe: gateway name 'gw 1' may only hold/);
  assert.match((await run(["probe", "gw1"])).stderr, /^t probe: --count is required\n/);
  assert.match((await run(["probe", "--count", "1"])).stderr, /^t probe: expected NAME\n/);
  assert.match((await run(["probe", "gw1", "--count", "1", "--quiet=yes"])).stderr, /^t probe: Option '--quiet' does not take an argument/);
  assert.match((await run(["probe", "gw1", "--count", "1", "--db="])).stderr, /^t probe: --db needs a PATH or a postgres:\/\/ URL\n/);
  assert.match((await run(["--db", "-h"])).stderr, /^t: --db needs a PATH or a postgres:\/\/ URL\n/);
});

test("a defect exits 70 with its stack, in text and in JSON; dispatch itself never throws", async () => {
  const r = await run(["boom"]);
  assert.equal(r.code, 70);
  assert.match(r.stderr, /^t boom: internal error \(a bug\): Error: kaput\n +at /);
  const j = await run(["boom", "--json"]);
  const e = JSON.parse(j.stderr).error;
  assert.deepEqual([j.code, e.code, e.exit, e.message], [70, "BUG", 70, "internal error (a bug): kaput"]);
  assert.match(e.stack, /^Error: kaput\n +at /);
});

test("a read command's connection cannot write: the attempt is a defect and changes nothing", async () => {
  await withDb(async (db) => {
    const r = await run(["sneak"], db);
    assert.equal(r.code, 70);
    assert.match(r.stderr, /readonly|read-only|query_only|attempt to write/i);
    assert.deepEqual(query(db, "SELECT name FROM routes"), []);
  });
});

test("checks across options run before the database is opened", async () => {
  const t = tempDb();
  try {
    const r = await run(["checked", "--a", "--b"], t.db);
    assert.deepEqual([r.code, r.stderr], [1, "t checked: not both\n"]);
    assert.equal(existsSync(t.db), false, "the database was opened");
    await ok(t.db, ["init"]);
    assert.equal((await run(["checked", "--a"], t.db)).code, 0);
  } finally {
    t.cleanup();
  }
});
