import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { exec, ok, query, rejectsAll, seeded, tempDb } from "../support/db";

async function withTargets(fn: (db: string, dir: string) => Promise<void>): Promise<void> {
  const t = tempDb();
  try {
    await seeded(t.db);
    await ok(t.db, ["accounts", "create", "--product", "shop", "--name", "Shop"]);
    await ok(t.db, ["cards", "generate", "--product", "gold", "--count", "2", "--value", "5"]);
    await fn(t.db, t.dir);
  } finally {
    t.cleanup();
  }
}

const mappings = (db: string): unknown[] => query(db, "SELECT cli, account_id FROM cli_map ORDER BY cli");

test("cli add normalises under the account's product rules; a card maps to its account", () =>
  withTargets(async (db) => {
    await ok(db, ["cli", "add", "02079460000", "--account", "1"]);
    await ok(db, ["cli", "add", "+12125550100", "--card", "0000000002"]);
    await ok(db, ["cli", "add", "0033123456789", "--card", "0000000001"]);
    assert.deepEqual(mappings(db), [
      { cli: "12125550100", account_id: 3 },
      { cli: "33123456789", account_id: 2 },
      { cli: "442079460000", account_id: 1 },
    ]);
    const list = JSON.parse((await ok(db, ["cli", "list", "--account", "3", "--json"])).stdout) as { cli: string; card_serial: string }[];
    assert.deepEqual(list.map((r) => [r.cli, r.card_serial]), [["12125550100", "0000000002"]]);
    assert.match((await ok(db, ["cli", "list"])).stdout, /^CALLER ID .*\n12125550100 +3 +card +0000000002\n33123456789/);
    await ok(db, ["cli", "remove", "+442079460000"]);
    await ok(db, ["cli", "remove", "12125550100"]);
    assert.deepEqual(mappings(db), [{ cli: "33123456789", account_id: 2 }]);
  }));

test("cli import maps every line of a good file, by account id or card:SERIAL", () =>
  withTargets(async (db, dir) => {
    const file = join(dir, "clis.csv");
    writeFileSync(file, 'cli,account\r\n02079460001,1\r\n"+4420 7946 0002",1\r\n\r\n+12125550101,card:0000000001\r\n');
    // "+4420 7946 0002" has spaces: not a number. Fix it and import.
    await rejectsAll(db, [[["cli", "import", file], 1, /clis\.csv:3: caller ID '\+4420 7946 0002' may only hold digits/]]);
    writeFileSync(file, 'cli,account\r\n02079460001,1\r\n"+442079460002",1\r\n\r\n+12125550101,card:0000000001\r\n');
    assert.match((await ok(db, ["cli", "import", file])).stdout, /3 caller IDs imported/);
    assert.deepEqual(mappings(db), [
      { cli: "12125550101", account_id: 2 },
      { cli: "442079460001", account_id: 1 },
      { cli: "442079460002", account_id: 1 },
    ]);
  }));

test("a bad import lists every bad line with its reason and writes nothing", () =>
  withTargets(async (db, dir) => {
    await ok(db, ["cli", "add", "+15550001111", "--account", "1"]);
    await ok(db, ["cards", "void", "0000000002"]);
    const file = join(dir, "bad.csv");
    writeFileSync(
      file,
      [
        "cli,account",
        "02079460001,1", // 2 ok
        "abc,1", // 3 not a number
        "+15550001111,1", // 4 already mapped
        "00442079460001,1", // 5 same number as line 2
        "02079460009,99", // 6 no account
        "02079460010,card:0000000002", // 7 void card
        "02079460011", // 8 one field
        "123,1", // 9 too short
        "02079460012,card:9999", // 10 no card
        "020794600,1,extra", // 11 three fields
        "0207946,card:0000000001", // 12 no country code for gold
        "+12125550199,x", // 13 bad account id
      ].join("\n") + "\n",
    );
    const before = mappings(db);
    await rejectsAll(db, [[["cli", "import", file], 1, /11 bad lines in .*bad\.csv; nothing imported/]]);
    const { stderr } = await runCli(db, ["cli", "import", file]);
    const lines = stderr.split("\n").filter((l) => l.startsWith(file + ":")).map((l) => l.slice(file.length + 1));
    assert.deepEqual(lines, [
      "3: caller ID 'abc' may only hold digits with an optional leading '+'",
      "4: caller ID 15550001111 is already mapped to account 1",
      "5: caller ID 442079460001 repeats line 2",
      "6: no account 99",
      "7: card 0000000002 is void",
      "8: expected 2 fields, found 1",
      "9: caller ID '123' is too short (an E.164 number has at least 7 digits)",
      "10: no card with serial '9999'",
      "11: expected 2 fields, found 3",
      "12: caller ID '0207946' has no country code: give it as +CC… or set the product's --country-code and --national-prefix",
      "13: account 'x' is not an account id (or card:SERIAL)",
    ]);
    assert.deepEqual(mappings(db), before);
  }));

test("bad cli input is refused with a clear message and changes nothing", () =>
  withTargets(async (db, dir) => {
    await ok(db, ["cli", "add", "+15550001111", "--account", "1"]);
    exec(db, "UPDATE accounts SET state = 'closed' WHERE id = 1");
    await ok(db, ["accounts", "create", "--product", "shop", "--name", "Open"]);
    writeFileSync(join(dir, "hdr.csv"), "number,account\n+15550002222,4\n");
    writeFileSync(join(dir, "empty.csv"), "cli,account\n\n");
    await rejectsAll(db, [
      [["cli", "add", "+15550002222"], 2, /give exactly one of --account ID or --card SERIAL/],
      [["cli", "add", "+15550002222", "--account", "4", "--card", "0000000001"], 2, /give exactly one/],
      [["cli", "add", "+15550001111", "--account", "4"], 1, /caller ID 15550001111 is already mapped to account 1/],
      [["cli", "add", "+15550002222", "--account", "1"], 1, /account 1 is closed/],
      [["cli", "add", "+15550002222", "--account", "77"], 1, /no account 77/],
      [["cli", "add", "+15550002222", "--card", "0000000077"], 1, /no card with serial '0000000077'/],
      [["cli", "add", "+1555000222233334444", "--account", "4"], 1, /is too long/],
      [["cli", "add", "555-1234", "--account", "4"], 1, /may only hold digits/],
      [["cli", "remove", "+15550009999"], 1, /caller ID 15550009999 is not mapped/],
      [["cli", "remove", "abc"], 1, /may only hold digits/],
      [["cli", "list", "--account", "77"], 1, /no account 77/],
      [["cli", "import", join(dir, "missing.csv")], 1, /cannot read .*missing\.csv: ENOENT/],
      [["cli", "import", join(dir, "hdr.csv")], 1, /line 1: the header must be 'cli,account', got 'number,account'/],
      [["cli", "import", join(dir, "empty.csv")], 1, /no caller IDs in the file/],
      [["cli", "import"], 2, /expected FILE/],
    ]);
  }));
