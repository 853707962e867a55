// The benchmark runs end to end in its quick mode (tiny sizes): it completes, prints one table
// with every row, and writes its report. Times are never asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./support/fixtures";

const SIZES = ["100", "1,000", "2,000"];
const NAMES = [
  ...SIZES.flatMap((n) => [`Rate lookup, ${n} prefixes (Lua 5.3)`, `Rate lookup, ${n} prefixes (Lua 5.2)`]),
  "Rate lookup, 2,000 prefixes, banded with a version pending (Lua 5.3)",
  "Per call, precompiled scripts, fresh module state in one process (Lua 5.3)",
  "Per call, precompiled scripts, fresh module state in one process (Lua 5.2)",
  "Per call, scripts from source (no ccard fs compile), fresh module state (Lua 5.3)",
  "Per call, precompiled scripts, one lua5.3 process per call",
  "Per call, every caller feature on (language menu, announcements, caps, voucher key, blocked prefixes) vs off (Lua 5.3)",
  "SQLite handle per script: pooled Dbh, pragmas, one query, release (Lua 5.3)",
  "Bundle ccard/callingcard.lua: size and load (Lua 5.3)",
  "Bundle ccard/settle.lua: size and load (Lua 5.3)",
  ...["one shared account", "distinct accounts"].flatMap((who) =>
    [1, 2, 4, 8].map((n) => `Authorise+settle, ${n} process${n > 1 ? "es" : ""}, ${who}`),
  ),
  "Card generation, 1,000 cards",
  "Rate import, 1,000 lines",
  // The PostgreSQL section, on the test server npm test hands every process.
  ...(process.env.CCARD_TEST_PG_URL
    ? [
        "Rate lookup, PostgreSQL, 2,000 prefixes (Lua 5.3)",
        ...["one shared account", "distinct accounts"].flatMap((who) =>
          [1, 2, 4, 8].map((n) => `Authorise+settle, PostgreSQL, ${n} process${n > 1 ? "es" : ""}, ${who}`),
        ),
        "Card generation, PostgreSQL, 1,000 cards",
        "Rate import, PostgreSQL, 1,000 lines",
      ]
    : []),
];

// What each kind of row must show (the figures themselves vary).
const SHAPES: [RegExp, RegExp][] = [
  [/^Rate lookup, PostgreSQL, /, /^wall median [\d,]+ µs, p99 [\d,]+ µs \(200 lookups, of which the Dbh query [\d,]+ µs, CPU here [\d,]+ µs\); SQLite, same deck: wall median [\d,]+ µs \(the Dbh query [\d,]+ µs\): PostgreSQL\/SQLite [\d.,]+× \(best of 1\)$/],
  [/^Authorise\+settle, PostgreSQL/, /^[\d,]+ ops\/s; bare transactions [\d,]+ ops\/s: bare\/engine [\d.,]+× \(16 ops, best of 1\)$/],
  [/^Card generation, PostgreSQL/, /^cards: 1,000 on PostgreSQL \(.*\); ccard cards generate \(incl\. CSV file\): .* ratio issueBatch \/ bare: [\d.]+x; command \/ bare: [\d.]+x$/],
  [/^Rate import, PostgreSQL/, /^generated 1000 lines.*first import \/ bare: [\d.]+x; re-import \/ bare: [\d.]+x$/],
  [/^Rate lookup, .*banded/, /^median [\d,]+ µs vs [\d,]+ µs on the plain deck, alternated 2×: [\d.]+×$/],
  [/^Rate lookup, .*\(Lua 5\.3\)$/, /^median [\d,]+ µs, p99 [\d,]+ µs \(200 lookups, of which the Dbh query [\d,]+ µs\); LIKE scan median [\d,]+ µs \(10\): [\d.,]+× faster$/],
  [/^Rate lookup, .*\(Lua 5\.2\)$/, /^median [\d,]+ µs, p99 [\d,]+ µs \(of which the Dbh query [\d,]+ µs\)$/],
  [/^Per call, (precompiled scripts|scripts from source.*), fresh/, /^CPU median [\d.]+ ms, p99 [\d.]+ ms.*; wall mean -?[\d.]+ ms$/],
  [/^Per call, precompiled scripts, one/, /^wall median -?[\d.]+ ms, p99 -?[\d.]+ ms \(3 calls; start-up [\d.]+ ms subtracted; a cold process, two fsyncs waited for\)$/],
  [/^Per call, every caller feature/, /^CPU median [\d.]+ ms vs [\d.]+ ms, alternated 2× \(3 calls each\): [\d.]+×$/],
  [/^SQLite handle/, /^CPU median [\d.]+ ms, p99 [\d.]+ ms \(a call takes three\)$/],
  [/^Bundle /, /^[\d,]+ bytes; compile [\d.]+ ms, compile \+ define modules [\d.]+ ms; as stripped bytecode \([\d,]+ bytes\) load [\d.]+ ms$/],
  [/^Authorise\+settle/, /^[\d,]+ ops\/s; bare transactions [\d,]+ ops\/s: bare\/engine [\d.,]+× \(16 ops, best of 1\)$/],
  [/^Card generation/, /^(skipped: bench\/cards\.mjs is not on this branch|.*\d.*)$/],
  [/^Rate import/, /^generated 1000 lines.*rows\/s.*rows\/s$/],
];

test("npm run bench --quick runs end to end and prints every row", () => {
  const dir = mkdtempSync(join(tmpdir(), "ccard-bench-test-"));
  try {
    const report = join(dir, "RESULTS.md");
    const out = execFileSync("node", ["bench/run.mjs", "--quick", "--results", report], { cwd: repoRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const password = process.env.CCARD_TEST_PG_URL ? new URL(process.env.CCARD_TEST_PG_URL).password : "";
    // As a URL's or a conninfo's password (the test role's password may be its name, which the output shows).
    if (password !== "") assert.ok(!out.includes(`:${password}@`) && !out.includes(`password=${password}`), "the PostgreSQL password is printed");
    const lines = out.split("\n").filter((l) => l.includes(" | ")).map((l) => l.split(/ \|(?: |$)/).map((c) => c.trim()));
    assert.deepEqual(lines[0], ["Benchmark", "Result", "Target"]);
    assert.deepEqual(lines.slice(1).map((c) => c[0]), NAMES);
    for (const [name, result] of lines.slice(1)) {
      const shape = SHAPES.find(([n]) => n.test(name));
      assert.ok(shape !== undefined, "no shape for " + name);
      assert.match(result, shape[1], name);
    }
    assert.ok(existsSync(report));
    const md = readFileSync(report, "utf8");
    assert.match(md, /^Machine: .+, \d+ cores, .+ GiB, .*node v\d+.*Lua 5\.3.*Lua 5\.2.*SQLite \d/m);
    assert.match(md, /Load average \(1, 5, 15 min\) before: [\d.]+ [\d.]+ [\d.]+; after: [\d.]+/);
    assert.equal(md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Benchmark")).length, NAMES.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the benchmark refuses an unknown option", () => {
  assert.throws(
    () => execFileSync("node", ["bench/run.mjs", "--quik"], { cwd: repoRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    (e: Error & { stderr?: string }) => /Unknown option '--quik'/.test(e.stderr ?? ""),
  );
});

const runBench = (script: string, args: string[]): string =>
  execFileSync("node", [script, ...args], { cwd: repoRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("bench/callprofile.mjs splits a retail call's CPU: the statements each mode runs, loading, defining, the rest", () => {
  const out = runBench("bench/callprofile.mjs", ["--calls", "3", "--runs", "1"]);
  const row = (name: string): string[] => {
    const line = out.split("\n").find((l) => l.startsWith(name + " "));
    assert.ok(line !== undefined, `no row ${name} in:\n${out}`);
    return line.slice(name.length).trim().split(/\s{2,}/);
  };
  // A retail call's statements (docs/benchmarks.md, "Where a retail call's CPU goes"): reads adds
  // to bare's writes the product, account, rate and hold reads; ccard reads more, all three write
  // the same rows.
  assert.match(row("SELECT rate_versions").join(" "), /^— 1\.00 × \d+ 2\.00 × \d+$/);
  for (const r of ["SELECT products", "SELECT cli_map", "SELECT holds"]) assert.match(row(r).join(" "), /^— 1\.00 × \d+ 1\.00 × \d+$/);
  assert.match(row("PRAGMA (handle setup)").join(" "), /^3\.00 × \d+ 3\.00 × \d+ 4\.00 × \d+$/);
  for (const w of ["BEGIN", "COMMIT", "UPDATE accounts"]) assert.match(row(w).join(" "), /^2\.00 × \d+ 2\.00 × \d+ 2\.00 × \d+$/);
  for (const w of ["INSERT holds", "INSERT cdrs", "INSERT ledger", "DELETE holds", "UPDATE holds"]) assert.match(row(w).join(" "), /^1\.00 × \d+ 1\.00 × \d+ 1\.00 × \d+$/);
  assert.match(row("loading bytecode").join(" "), /^0 0 \d+$/);
  assert.match(row("defining modules").join(" "), /^0 0 \d+$/);
  assert.match(row("whole call").join(" "), /^\d+ \d+ \d+ [\d.]+× [\d.]+×$/);
  assert.match(out, /^load average before [\d. ]+, after [\d. ]+$/m);
});

test("bench/callrate.mjs offers a rate to every mode, finds the money exact and prints the ratios, bounded past the grid", () => {
  const out = runBench("bench/callrate.mjs", ["--rates", "4", "--seconds", "1", "--talk-ms", "100", "--accounts", "4", "--engines", "sqlite", "--modes", "bare,reads,ccard"]);
  for (const mode of ["bare", "reads", "ccard"]) assert.match(out, new RegExp(`^sqlite ${mode}: capacity ≥ 4 calls/s .*; 4 CDRs = bridged calls, sum = debit = ledger, nothing held$`, "m"));
  for (const mode of ["reads", "ccard"]) assert.match(out, new RegExp(`^sqlite: ${mode} / bare capacity: ≥ 4 / ≥ 4 = 1\\.00×$`, "m"));
});

test("the capacity ratios are bounds where a mode held the grid's top rate", async () => {
  const { capacityRatios } = await import(pathToFileURL(join(repoRoot(), "bench/lib/callrate.mjs")).href);
  const run = (n: number, mode: string, capacity: number) => ({ run: n, engine: "sqlite", mode, capacity });
  const runs = [run(1, "bare", 200), run(1, "ccard", 130), run(2, "bare", 180), run(2, "ccard", 145), run(3, "bare", 160), run(3, "ccard", 200)];
  assert.deepEqual(capacityRatios(runs, { engines: ["sqlite"], modes: ["bare", "ccard"], repeat: 3, top: 200 }), [
    "sqlite: ccard / bare capacity, run by run: 130 / ≥ 200 = ≤ 0.65×, 145 / 180 = 0.81×, ≥ 200 / 160 = ≥ 1.25×; median 0.81×",
  ]);
  assert.deepEqual(capacityRatios(runs.slice(0, 2), { engines: ["sqlite"], modes: ["bare", "ccard"], repeat: 1, top: 200 }), [
    "sqlite: ccard / bare capacity: 130 / ≥ 200 = ≤ 0.65×",
  ]);
  assert.deepEqual(capacityRatios(runs.slice(0, 4), { engines: ["sqlite"], modes: ["bare", "ccard"], repeat: 2, top: 200 }), [
    "sqlite: ccard / bare capacity, run by run: 130 / ≥ 200 = ≤ 0.65×, 145 / 180 = 0.81×; median ≤ 0.73×",
  ]);
});
