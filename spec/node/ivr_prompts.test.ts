import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MESSAGE_IDS } from "../../src/domain/prompts";
import { repoRoot } from "./support/fixtures";

function sources(dir: string): string {
  let text = "";
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    text += e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? readFileSync(p, "utf8") : "";
  }
  return text;
}

// The IVR plays message prompts only through Voice.say/file, typed with MessageId, so it cannot
// play an id that is not in the catalogue; this checks the other way round: no recording is dead.
test("every message prompt of the catalogue is played somewhere in the IVR", () => {
  const ivr = sources(join(repoRoot(), "src", "ivr"));
  const unused = MESSAGE_IDS.filter((id) => !ivr.includes(`"${id}"`));
  assert.deepEqual(unused, []);
});
