import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../support/cli";
import { rootCommand } from "../../../src/cli/main";
import { Node, isGroup } from "../../../src/cli/framework/command";
import { tempDb } from "../support/db";

const GROUPS = ["rates", "gateways", "routes", "distributor", "cdr", "report"];

function paths(cmd: Node, prefix: string[]): string[][] {
  const here = [...prefix, cmd.name];
  return [here, ...(isGroup(cmd) ? cmd.commands : []).flatMap((c) => paths(c, here))];
}

test("every rates/routing/report command answers --help with exit 0 and its usage", async () => {
  const t = tempDb();
  try {
    const groups = rootCommand.commands.filter((c) => GROUPS.includes(c.name));
    assert.equal(groups.length, GROUPS.length);
    for (const path of groups.flatMap((g) => paths(g, []))) {
      const r = await runCli(t.db, [...path, "--help"]);
      assert.equal(r.code, 0, path.join(" "));
      assert.match(r.stdout, new RegExp(`^ccard ${path.join(" ")} — .+\\n\\nUsage: ccard `), path.join(" "));
    }
    const unknown = await runCli(t.db, ["rates", "frobnicate"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  } finally {
    t.cleanup();
  }
});
