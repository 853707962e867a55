import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { RATE_COLUMNS, rateLookupSql, versionInForce } from "../../../src/domain/rate_sql";
import { MAX_PREFIX_DIGITS } from "../../../src/domain/numbers";
import { dumpDb, exec, onlyOn, query, sqliteFile, withDb } from "../support/db";

const HEADER = "prefix,destination,rate_per_minute,connect_fee,disconnect_fee,initial_seconds,increment_seconds,grace_seconds,minimum_cost,route";
const DECK = `${HEADER}
44,United Kingdom,0.02,0,0,60,60,0,0,uk
4420,"UK, London",0.0123,0.05,0.01,30,6,3,0.1,uk
1,USA,0.01,,,,,,,
`;

/** withDb, with a helper that writes a file into the scratch folder and returns its path. */
function withFiles(fn: (db: string, dir: string, write: (name: string, text: string) => string) => Promise<void>): Promise<void> {
  return withDb((db, dir) => fn(db, dir, (name, text) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  }));
}

function rateRows(db: string): { version: number; prefix: string }[] {
  return query<{ version: number; prefix: string }>(db, "SELECT version, prefix FROM rates ORDER BY version, prefix");
}

test("create-table and tables list tables with active version and row count", async () => {
  await withFiles(async (db, _dir, write) => {
    assert.match((await runCli(db, ["rates", "tables"])).stdout, /no rate tables/);
    const c = await runCli(db, ["rates", "create-table", "retail", "--currency", "EUR"]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal((await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "retail"])).code, 0);
    const j = await runCli(db, ["rates", "tables", "--json"]);
    assert.deepEqual(JSON.parse(j.stdout), [{ name: "retail", currency: "EUR", active_version: 1, row_count: 3, pending: [] }]);
    assert.match((await runCli(db, ["rates", "tables"])).stdout, /retail\s+EUR\s+1\s+3/);
  });
});

test("create-table rejects a taken name, a bad name and a bad currency, changing nothing", async () => {
  await withFiles(async (db) => {
    await runCli(db, ["rates", "create-table", "retail"]);
    const before = dumpDb(db);
    for (const [argv, code, msg] of [
      [["retail"], 1, /already exists/],
      [["bad name"], 2, /may only hold/],
      [["x", "--currency", "usd"], 2, /three capital letters/],
    ] as [string[], number, RegExp][]) {
      const r = await runCli(db, ["rates", "create-table", ...argv]);
      assert.equal(r.code, code, argv.join(" "));
      assert.match(r.stderr, msg);
    }
    assert.equal((await runCli(db, ["rates", "create-table"])).code, 2);
    assert.equal(dumpDb(db), before);
  });
});

test("import stores exact micro-units and the documented defaults", async () => {
  await withFiles(async (db, _dir, write) => {
    const r = await runCli(db, ["rates", "import", write("d.csv", "prefix,destination,rate_per_minute\n49,Germany,0.000001\n"), "--table", "t", "--create"]);
    assert.equal(r.code, 0, r.stderr);
    const [row] = query(db, "SELECT * FROM rates");
    assert.deepEqual(row, {
      table_id: 1, version: 1, prefix: "49", destination: "Germany", rate_per_minute_micros: 1, connect_fee_micros: 0,
      disconnect_fee_micros: 0, initial_seconds: 60, increment_seconds: 60, grace_seconds: 0, minimum_cost_micros: 0, route: "", bands: "",
    });
  });
});

test("lookup runs the IVR query: longest prefix, tariff and costs", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "retail", "--create"]);
    const r = await runCli(db, ["rates", "lookup", "--table", "retail", "+442071234567", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.prefix, "4420");
    assert.equal(out.destination, "UK, London");
    assert.equal(out.rate_per_minute, "0.012300");
    // 1 min: 0.05 + 0.0123 + 0.01 = 0.0723, raised to the 0.1 minimum; 5 min: 0.05 + 0.0615 + 0.01.
    assert.deepEqual(out.costs.map((c: { cost: string }) => c.cost), ["0.100000", "0.121500", "0.798000"]);
    const uk = await runCli(db, ["rates", "lookup", "--table", "retail", "00441611234567"]);
    assert.match(uk.stdout, /prefix: +44 +United Kingdom/);
    const none = await runCli(db, ["rates", "lookup", "--table", "retail", "+8612345678"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no rate for 8612345678 in 'retail'/);
  });
});

test("lookup applies a product's dialling rules", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "retail", "--create"]);
    exec(db, "INSERT INTO products (name, rate_table_id, international_prefixes, national_prefix, country_code, national_number_length, created_at) VALUES ('uk', 1, '00', '0', '44', 10, 0)");
    const r = await runCli(db, ["rates", "lookup", "--table", "retail", "02071234567", "--product", "uk", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).number, "442071234567");
    const plain = await runCli(db, ["rates", "lookup", "--table", "retail", "02071234567"]);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /number '02071234567' has no country code/);
    assert.match((await runCli(db, ["rates", "lookup", "--table", "retail", "1", "--product", "nope"])).stderr, /no product named 'nope'/);
  });
});

test("lookup errors: unknown table, empty table, bad number, missing --table", async () => {
  await withFiles(async (db) => {
    await runCli(db, ["rates", "create-table", "empty"]);
    assert.match((await runCli(db, ["rates", "lookup", "--table", "nope", "+4420"])).stderr, /no rate table 'nope'/);
    assert.match((await runCli(db, ["rates", "lookup", "--table", "empty", "+442071234567"])).stderr, /no deck in force/);
    assert.match((await runCli(db, ["rates", "lookup", "--table", "empty", "+44abc"])).stderr, /number '\+44abc' may only hold digits/);
    assert.equal((await runCli(db, ["rates", "lookup", "+442071234567"])).code, 2);
  });
});

test("export writes the active deck in import format and it round-trips", async () => {
  await withFiles(async (db, dir, write) => {
    await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "a", "--create"]);
    const first = await runCli(db, ["rates", "export", "--table", "a"]);
    assert.equal(first.code, 0);
    assert.equal(first.stdout.split("\n")[0], HEADER);
    assert.match(first.stdout, /\n4420,"UK, London",0\.012300,0\.050000,0\.010000,30,6,3,0\.100000,uk\n/);
    const out = join(dir, "a.csv");
    assert.equal((await runCli(db, ["rates", "export", "--table", "a", "--out", out])).code, 0);
    assert.equal(readFileSync(out, "utf8"), first.stdout);
    assert.equal((await runCli(db, ["rates", "import", out, "--table", "b", "--create"])).code, 0);
    assert.equal((await runCli(db, ["rates", "export", "--table", "b"])).stdout, first.stdout);
    assert.match((await runCli(db, ["rates", "export", "--table", "a", "--out", join(dir, "no/such/dir.csv")])).stderr, /cannot write .*ENOENT/);
  });
});

test("a new import becomes a new version, switched live, and older rows are deleted", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "t", "--create"]);
    const r = await runCli(db, ["rates", "import", write("e.csv", "prefix,destination,rate_per_minute\n33,France,0.03\n"), "--table", "t", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).version, 2);
    assert.deepEqual(rateRows(db), [{ version: 2, prefix: "33" }]);
    assert.equal((await runCli(db, ["rates", "lookup", "--table", "t", "+442071234567"])).code, 1);
    assert.equal((await runCli(db, ["rates", "lookup", "--table", "t", "+33123456789"])).code, 0);
  });
});

test("a loaded deck's version records its longest prefix for the IVR's lookups; a failed import registers nothing", async () => {
  await withFiles(async (db, _dir, write) => {
    const versions = (): unknown => query(db, "SELECT version AS v, max_prefix_digits AS m, row_count AS n FROM rate_versions ORDER BY version");
    assert.equal((await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "t", "--create"])).code, 0);
    assert.deepEqual(versions(), [{ v: 1, m: 4, n: 3 }]);
    assert.equal((await runCli(db, ["rates", "import", write("e.csv", "prefix,destination,rate_per_minute\n3312345,Paris,0.03\n1,USA,0.01\n"), "--table", "t"])).code, 0);
    assert.deepEqual(versions(), [{ v: 2, m: 7, n: 2 }]); // version 1, superseded, is gone
    assert.equal((await runCli(db, ["rates", "import", write("f.csv", "prefix,destination,rate_per_minute\n123456789012,X,0.03\n1,USA,x\n"), "--table", "t"])).code, 1);
    assert.deepEqual(versions(), [{ v: 2, m: 7, n: 2 }]);
  });
});

/** A valid 10-field deck line with some fields replaced: {2: "x"} sets rate_per_minute. */
function line(changes: Record<number, string>): string {
  const f = ["44", "X", "0.1", "0", "0", "60", "60", "0", "0", ""];
  for (const [i, v] of Object.entries(changes)) f[Number(i)] = v;
  return f.join(",");
}

const BAD_LINES: [string, RegExp][] = [
  [line({ 0: "4a4" }), /prefix '4a4' must be 1 to 15 digits/],
  [line({ 0: "" }), /prefix '' must be 1 to 15 digits/],
  [line({ 0: "1234567890123456" }), /must be 1 to 15 digits/],
  [line({ 2: "0.0000001" }), /rate_per_minute '0.0000001': TOO_MANY_DECIMALS/],
  [line({ 2: "-1" }), /NEGATIVE_AMOUNT/],
  [line({ 2: "1e3" }), /INVALID_AMOUNT/],
  [line({ 2: " 1" }), /INVALID_AMOUNT/],
  [line({ 2: "" }), /rate_per_minute '': EMPTY_AMOUNT/],
  [line({ 3: "x" }), /connect_fee 'x': INVALID_AMOUNT/],
  [line({ 8: "1.2.3" }), /minimum_cost '1.2.3': INVALID_AMOUNT/],
  [line({ 5: "6.5" }), /initial_seconds '6.5' is not a whole number/],
  [line({ 6: "0" }), /increment_seconds must be at least 1/],
  [line({ 6: "-6" }), /increment_seconds '-6' is not a whole number/],
  [line({ 7: "90000" }), /tariff rejected: RATE_FIELD_TOO_LARGE/],
  [line({ 2: "10001" }), /tariff rejected: RATE_FIELD_TOO_LARGE/],
  [line({ 1: '"a\tb"' }), /destination holds a control character/],
  [line({ 1: "x".repeat(201) }), /destination longer than 200/],
  [line({ 9: '"r\u0007"' }), /route holds a control character/],
  [line({ 0: "33" }), /duplicate prefix 33 \(first on line 2\)/],
  ["44,X", /expected 10 fields, found 2/],
  [line({}) + ",", /expected 10 fields, found 11/],
  [line({ 1: '"X' }), /unterminated quoted field/],
  [line({ 1: 'a"b' }), /a quote inside an unquoted field at column 2/],
];

test("every bad line is reported with its number and nothing is written", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("good.csv", DECK), "--table", "t"]).then((r) => assert.equal(r.code, 1));
    await runCli(db, ["rates", "import", write("good.csv", DECK), "--table", "t", "--create"]);
    const before = dumpDb(db);
    for (const [bad, reason] of BAD_LINES) {
      const file = write("bad.csv", `${HEADER}\n${line({ 0: "33" })}\n${bad}\n`);
      const r = await runCli(db, ["rates", "import", file, "--table", "t"]);
      assert.equal(r.code, 1, `${bad}: ${r.stdout}`);
      assert.match(r.stderr, new RegExp(`bad\\.csv:3: .*${reason.source}`), bad);
      assert.match(r.stderr, /1 bad line in .*; nothing imported/, bad);
      assert.equal(dumpDb(db), before, bad);
    }
  });
});

test("all bad lines are listed at once, duplicates name the first line", async () => {
  await withFiles(async (db, _dir, write) => {
    const before = dumpDb(db);
    const r = await runCli(db, ["rates", "import", write("bad.csv", "prefix,destination,rate_per_minute\n44,A,0.1\n45,B,x\n44,C,0.2\n46,D,0.1\n46,E,y\n"), "--table", "t", "--create"]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.trim().split("\n"), [
      `${r.stderr.split(":")[0]}:3: rate_per_minute 'x': INVALID_AMOUNT`,
      `${r.stderr.split(":")[0]}:4: duplicate prefix 44 (first on line 2)`,
      `${r.stderr.split(":")[0]}:6: rate_per_minute 'y': INVALID_AMOUNT`,
      `ccard rates import: 3 bad lines in ${r.stderr.split(":")[0]}; nothing imported`,
    ]);
    assert.equal(dumpDb(db), before, "--create made no table");
  });
});

test("bad headers, empty decks and unreadable files are refused", async () => {
  await withFiles(async (db, dir, write) => {
    await runCli(db, ["rates", "create-table", "t"]);
    const before = dumpDb(db);
    const cases: [string, RegExp][] = [
      ["prefix,destination\n44,A\n", /missing required column 'rate_per_minute'/],
      ["prefix,destination,rate_per_minute,colour\n", /unknown column 'colour'/],
      ["prefix,destination,rate_per_minute,Prefix\n", /column 'prefix' appears twice/],
      ["", /is empty/],
      ["prefix,destination,rate_per_minute\n", /no rate lines/],
    ];
    for (const [text, msg] of cases) {
      const r = await runCli(db, ["rates", "import", write("h.csv", text), "--table", "t"]);
      assert.equal(r.code, 1, text);
      assert.match(r.stderr, msg);
    }
    assert.match((await runCli(db, ["rates", "import", join(dir, "missing.csv"), "--table", "t"])).stderr, /cannot read .*ENOENT/);
    assert.match((await runCli(db, ["rates", "import", dir, "--table", "t"])).stderr, /cannot read .*EISDIR/);
    assert.match((await runCli(db, ["rates", "import", write("x.csv", DECK), "--table", "u", "--create", "--currency", "eu"])).stderr, /three capital letters/);
    assert.match((await runCli(db, ["rates", "import", write("x.csv", DECK), "--table", "t", "--currency", "EUR"])).stderr, /--currency only goes with --create/);
    assert.equal((await runCli(db, ["rates", "import", write("x.csv", DECK)])).code, 2);
    assert.equal(dumpDb(db), before);
  });
});

test("a failing import leaves the previous deck active and readable", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("d.csv", DECK), "--table", "t", "--create"]);
    const before = dumpDb(db);
    const lines = [HEADER];
    for (let i = 0; i < 5000; i++) lines.push(`${700000 + i},Zone,0.01,0,0,60,60,0,0,`);
    lines.push("999,Zone,oops,0,0,60,60,0,0,");
    const r = await runCli(db, ["rates", "import", write("big.csv", lines.join("\n")), "--table", "t"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /big\.csv:5002: rate_per_minute 'oops'/);
    assert.equal(dumpDb(db), before);
    const l = await runCli(db, ["rates", "lookup", "--table", "t", "+442071234567", "--json"]);
    assert.equal(JSON.parse(l.stdout).prefix, "4420");
  });
});

test("import warns about routes that are not defined", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["routes", "add", "uk"]);
    const r = await runCli(db, ["rates", "import", write("d.csv", `${HEADER}\n1,USA,0.01,0,0,60,60,0,0,us\n44,UK,0.01,0,0,60,60,0,0,uk\n`), "--table", "t", "--create"]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "warning: route 'us' is not defined yet (ccard routes add us)\n");
  });
});

test("while a deck loads, readers see the old deck whole, then the new one whole", onlyOn("sqlite"), async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("old.csv", "prefix,destination,rate_per_minute\n44,old,0.1\n1,old,0.1\n"), "--table", "t", "--create"]);
    const lines = ["prefix,destination,rate_per_minute"];
    for (let i = 0; i < 150000; i++) lines.push(`${3000000 + i},new,0.01`);
    lines.push("44,new,0.2");
    const file = write("new.csv", lines.join("\n") + "\n");
    const reader = sqliteFile(db);
    const seen = new Set<string>();
    let done = false;
    let polls = 0;
    let writesDuringImport = 0;
    reader.pragma("busy_timeout = 0");
    const poll = (): void => {
      const row = reader.prepare(rateLookupSql(1, "442071234567", Math.floor(Date.now() / 1000), MAX_PREFIX_DIGITS, RATE_COLUMNS)).get() as { destination: string };
      const n = reader.prepare(`SELECT COUNT(*) AS n FROM rates r WHERE r.table_id = 1 AND r.version = ${versionInForce("1", String(Math.floor(Date.now() / 1000)))}`).get() as { n: number };
      seen.add(`${row.destination}:${n.n}`);
      polls++;
      // A settlement's write must get the lock between the import's transactions.
      try {
        reader.exec("BEGIN IMMEDIATE");
        reader.exec("ROLLBACK");
        if (!done) writesDuringImport++;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
      }
      if (!done) setImmediate(poll);
    };
    setImmediate(poll);
    const r = await runCli(db, ["rates", "import", file, "--table", "t"]);
    done = true;
    await new Promise((res) => setImmediate(res));
    poll();
    reader.close();
    assert.equal(r.code, 0, r.stderr);
    assert.ok(polls > 3, `the reader ran ${polls} times during the import`);
    assert.deepEqual([...seen].sort(), ["new:150001", "old:2"]);
    assert.ok(writesDuringImport > 0, "another connection could take the write lock while the deck loaded");
  });
});

test("a deck that fails after rows were committed leaves no trace", async () => {
  await withFiles(async (db, _dir, write) => {
    await runCli(db, ["rates", "import", write("old.csv", "prefix,destination,rate_per_minute\n44,old,0.1\n"), "--table", "t", "--create"]);
    const lines = ["prefix,destination,rate_per_minute"];
    for (let i = 0; i < 90000; i++) lines.push(`${3000000 + i},new,0.01`);
    lines.push("44,new,1e3");
    const before = dumpDb(db);
    const r = await runCli(db, ["rates", "import", write("bad.csv", lines.join("\n") + "\n"), "--table", "t"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.csv:90002: /);
    assert.equal(dumpDb(db), before);
    const fresh = await runCli(db, ["rates", "import", write("big.csv", lines.slice(0, 90001).join("\n") + "\n"), "--table", "n", "--create"]);
    assert.equal(fresh.code, 0, fresh.stderr);
    const bad = await runCli(db, ["rates", "import", write("bad2.csv", lines.join("\n") + "\n"), "--table", "m", "--create"]);
    assert.equal(bad.code, 1);
    const tables = await runCli(db, ["rates", "tables", "--json"]);
    assert.doesNotMatch(tables.stdout, /"m"/, "a table created by a failed import is removed");
  });
});
