// bench/audit.mjs runs end to end at a small size: it builds its database of settled calls, the
// audit passes on it (the builder, pricing with callCost through its own price table, and the
// audit agree on every money rule), and it prints its figures. Times are never asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { repoRoot } from "./support/fixtures";

test("bench/audit.mjs builds a database the audit passes, and prints the ratios and the load average", () => {
  const out = execFileSync("node", ["bench/audit.mjs", "--cdrs", "3000", "--runs", "1"], { cwd: repoRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.match(out, /^audit: 3,000 CDRs \(\d+ estimated, 15 settled before schema 3\), [\d,]+ ledger rows, 300 accounts; \d+ MiB, built in [\d.]+ s\n/);
  assert.match(out, /\nccard audit \(in-process, --json\): +[\d.]+ s \(all 7 checks passed; median of 1\)\n/);
  assert.match(out, /\nbaseline, one SQL read of the tables \(COUNT, SUM\): +[\d.]+ s\nbaseline, every CDR and ledger row streamed to Node: +[\d.]+ s\n/);
  assert.match(out, /\nratio audit \/ SQL read: [\d.]+x; audit \/ streamed read: [\d.]+x\nload average before [\d.]+ [\d.]+ [\d.]+, after [\d.]+ [\d.]+ [\d.]+ \(\d+ cores\)\n$/);
});
