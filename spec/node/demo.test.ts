import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { repoRoot } from "./support/fixtures";

function demo(args: string[]) {
  const r = spawnSync("node", ["scripts/demo.mjs", ...args], { cwd: repoRoot(), encoding: "utf8", timeout: 120000 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
}

test("the console demo runs a paid card call unattended and prints the settled CDR and balance", () => {
  const out = demo(["--dtmf", "pin,00441612345678,2", "--talk", "61"]);
  assert.match(out, /♪ Your balance is\n  ♪ five\n  ♪ dollars/);
  // 50 minutes granted, cut off one second inside them (src/ivr/cutoff.ts): the caller hears 49.
  assert.match(out, /♪ You have\n  ♪ forty\n  ♪ nine\n  ♪ minutes\n  ♪ of talk time\./);
  assert.match(out, /dialling 441612345678 via gateway gw1 \(cut-off 2999 s after answer, warning at 2939 s\)/);
  assert.match(out, /CDR \S+: 441612345678 via gw1, answered 61\.0 s, cost 0\.200000 \(vendor 0\.020334\), balance 5\.000000 → 4\.800000, NORMAL_CLEARING/);
  assert.match(out, /card 0000000001 balance: 4\.80 USD/);
  // What the demo's CLI and its call wrote keeps every money rule.
  const audit = spawnSync("node", ["bin/ccard", "audit", "--db", "demo-data/demo.db"], { cwd: repoRoot(), encoding: "utf8" });
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, /CDRs 1, .*\nall 7 checks passed\n$/s);
});

test("the console demo runs a retail call that is cut off when the money runs out", () => {
  const out = demo(["--retail", "--to", "0033142685300", "--talk", "3000"]);
  assert.match(out, /cut-off 1985 s after answer/);
  assert.match(out, /cost 1\.996000 .*balance 2\.000000 → 0\.004000, ALLOTTED_TIMEOUT/);
  assert.match(out, /account \d+ balance: 0\.00 USD/);
});

test("the console demo rejects bad flags with its usage", () => {
  const r = spawnSync("node", ["scripts/demo.mjs", "--talk", "soon"], { cwd: repoRoot(), encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--talk takes whole seconds/);
});
