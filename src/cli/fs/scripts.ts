/**
 * The ccard scripts as installed in FreeSWITCH's script_dir (scripts/bundle.mjs makes them):
 * NAME.lua, the loader the dialplan runs, which names its build; ccard/NAME.lua, the bundle of
 * that build (its SHA-256 starts with the build); ccard/NAME.BUILD.luac, the bundle as bytecode
 * of mod_lua's own Lua, which `ccard fs compile` saves and the loader prefers.
 */
import { createHash } from "node:crypto";
import { EslClient, EslError } from "../esl/errors";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The entry scripts: the callee leg's answer mark, card calls, retail calls, the settlement hook. */
export const ENTRY_NAMES = ["answered", "callingcard", "retail", "settle"];

/** The build a loader runs (12 hex digits), or undefined when the text is not a ccard loader. */
export function loaderBuild(loaderText: string, name: string): string | undefined {
  const m = new RegExp(`ccard/${name}\\.([0-9a-f]{12})\\.luac`).exec(loaderText);
  return m === null ? undefined : m[1];
}

/** The build id of a bundle's text: what its loader names. */
export function bundleBuild(bundle: Buffer): string {
  return createHash("sha256").update(bundle).digest("hex").slice(0, 12);
}

export function bytecodeName(name: string, build: string): string {
  return `${name}.${build}.luac`;
}

/** What is installed for one entry script. */
export type InstalledScript =
  | { state: "no-loader"; loader: string }
  | { state: "not-ccard"; loader: string }
  | { state: "no-bundle"; loader: string; bundle: string; build: string }
  | { state: "other-build"; loader: string; bundle: string; build: string; found: string }
  | { state: "ok"; loader: string; bundle: string; build: string; bytecode?: string };

export function inspectScript(scriptDir: string, name: string): InstalledScript {
  const loader = join(scriptDir, `${name}.lua`);
  if (!existsSync(loader)) return { state: "no-loader", loader };
  const build = loaderBuild(readFileSync(loader, "utf8"), name);
  if (build === undefined) return { state: "not-ccard", loader };
  const bundle = join(scriptDir, "ccard", `${name}.lua`);
  if (!existsSync(bundle)) return { state: "no-bundle", loader, bundle, build };
  const found = bundleBuild(readFileSync(bundle));
  if (found !== build) return { state: "other-build", loader, bundle, build, found };
  const bytecode = join(scriptDir, "ccard", bytecodeName(name, build));
  return existsSync(bytecode) ? { state: "ok", loader, bundle, build, bytecode } : { state: "ok", loader, bundle, build };
}

/** One line saying what is wrong with an installed script and how to fix it, or undefined when it is whole. */
export function scriptProblem(s: InstalledScript, scriptDir: string): { title: string; fix: string } | undefined {
  const name = s.loader.slice(s.loader.lastIndexOf("/") + 1);
  const copy = `copy dist-lua/${name} and the folder dist-lua/ccard from one ccard release into ${scriptDir} (README, Install step 4)`;
  switch (s.state) {
    case "no-loader":
      return { title: `${s.loader} is missing`, fix: copy };
    case "not-ccard":
      return { title: `${s.loader} is not a ccard loader (an older release, or another script of that name)`, fix: copy };
    case "no-bundle":
      return { title: `${s.bundle} is missing (${name} runs it)`, fix: copy };
    case "other-build":
      return { title: `${s.bundle} is build ${s.found}, but ${name} runs build ${s.build}`, fix: copy };
    case "ok":
      return undefined;
  }
}

/** ccard/compile.lua, which `ccard fs compile` and `ccard fs check` have FreeSWITCH run, when it is missing. */
export function compilerProblem(scriptDir: string): { title: string; fix: string } | undefined {
  const path = join(scriptDir, "ccard", "compile.lua");
  if (existsSync(path)) return undefined;
  return { title: `${path} is missing`, fix: `copy the folder dist-lua/ccard from the ccard release into ${scriptDir} (README, Install step 4)` };
}

/**
 * Asks FreeSWITCH to load ccard/FILE as bytecode with mod_lua's Lua (`lua ccard/compile.lua
 * try FILE`): undefined when it loads, else FreeSWITCH's answer. Rejects only on EslErrors
 * other than a -ERR answer.
 */
export async function bytecodeLoadError(client: EslClient, file: string): Promise<string | undefined> {
  try {
    await client.api(`lua ccard/compile.lua try ${file}`);
    return undefined;
  } catch (e) {
    if (e instanceof EslError && e.code === "COMMAND_FAILED") return e.message.split("\n")[0];
    throw e;
  }
}
