/** The CLI's documentation stays in step with the code: the command reference and the error codes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/fixtures";

test("docs/cli-reference.md is what the commands' --help prints", () => {
  const r = spawnSync(process.execPath, ["scripts/cli-reference.mjs", "--check"], { cwd: repoRoot(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("docs/cli-json.md explains every usage and failure code of src/cli/exit.ts", () => {
  const exit = readFileSync(join(repoRoot(), "src/cli/exit.ts"), "utf8");
  const docs = readFileSync(join(repoRoot(), "docs/cli-json.md"), "utf8");
  const codes = [...exit.matchAll(/^ {2}\| "([A-Z_]+)"$/gm)].map((m) => m[1]);
  assert.ok(codes.length > 40, `${codes.length} codes found in exit.ts`);
  for (const code of codes) assert.ok(docs.includes("`" + code + "`"), `docs/cli-json.md does not explain ${code}`);
});
