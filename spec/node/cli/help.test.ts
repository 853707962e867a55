import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { Node, isGroup } from "../../../src/cli/framework/command";
import { rootCommand } from "../../../src/cli/main";
import { runCli } from "../support/cli";
import { tempDb } from "../support/db";

function paths(cmd: Node, prefix: string[] = []): string[][] {
  if (!isGroup(cmd)) return [prefix];
  return [prefix, ...cmd.commands.flatMap((c) => paths(c, [...prefix, c.name]))];
}

test("every command and subcommand answers --help with its usage, exit 0, touching no database", async () => {
  const t = tempDb();
  try {
    const all = paths(rootCommand);
    assert.ok(all.length > 40, `${all.length} commands`);
    for (const p of all) {
      const r = await runCli(t.db, [...p, "--help"]);
      assert.equal(r.code, 0, `${p.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, /Usage: ccard/, p.join(" "));
      assert.match(r.stdout, /--db PATH/, p.join(" "));
    }
    assert.equal(existsSync(t.db), false, "--help created the database");
  } finally {
    t.cleanup();
  }
});
