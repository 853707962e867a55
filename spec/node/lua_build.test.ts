import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tstl from "typescript-to-lua";
import { repoRoot } from "./support/fixtures";

/** The build's TypeScriptToLua settings (tstl.json), its plugin (scripts/tstl_plugin.cjs) found from the repository root. */
const build = JSON.parse(readFileSync(join(repoRoot(), "tstl.json"), "utf8")).tstl as tstl.CompilerOptions & { luaPlugins: { name: string }[] };
const buildOptions: tstl.CompilerOptions = {
  ...build, luaPlugins: build.luaPlugins.map((p) => ({ ...p, name: join(repoRoot(), p.name) })),
};

/** The Lua that the build's settings and plugin make of one module. */
function luaOf(source: string): string {
  const result = tstl.transpileVirtualProject(
    {
      // The plugin replaces the build's bug.lua and insists on finding it.
      "/v/src/domain/bug.ts": "export function bug(message: string): never { throw new Error(message); }",
      "/v/src/m.ts": source,
    },
    { ...buildOptions, rootDir: "/v/src", outDir: "/v/dist-lua", strict: true, types: [] },
  );
  assert.deepEqual(result.diagnostics.map((d) => d.messageText), []);
  const file = result.transpiledFiles.find((f) => f.outPath === "/v/dist-lua/m.lua");
  assert.ok(file?.lua !== undefined, "m.lua was emitted");
  return file.lua;
}

test("a chain of string concatenations is one Lua concatenation, adjacent literals joined", () => {
  const lua = luaOf(`export function f(a: string, b: string): string { return "SELECT " + a + " FROM t " + "WHERE id = " + b + ";"; }`);
  assert.match(lua, /return "SELECT " \.\. a \.\. " FROM t WHERE id = " \.\. b \.\. ";"\n/);
});

test("an operand looser than concatenation keeps its brackets, a tighter one needs none", () => {
  const lua = luaOf(`export function f(a: string, n: number, ok: boolean): string { return a + (ok ? "y" : "n") + "/" + (n + 1); }`);
  assert.match(lua, /return a \.\. \(ok and "y" or "n"\) \.\. "\/" \.\. tostring\(n \+ 1\)\n/);
});
