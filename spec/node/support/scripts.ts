/** A FreeSWITCH scripts folder with the ccard scripts installed from this build's dist-lua/. */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./fixtures";

export const ALL_SCRIPTS = ["answered", "callingcard", "retail", "settle"];

/** Makes DIR/scripts with the loaders of `names`, their bundles and ccard/compile.lua (README, Install step 4). */
export function installScripts(dir: string, names: string[] = ALL_SCRIPTS): string {
  const scripts = join(dir, "scripts");
  mkdirSync(join(scripts, "ccard"), { recursive: true });
  const dist = join(repoRoot(), "dist-lua");
  for (const n of names) {
    copyFileSync(join(dist, `${n}.lua`), join(scripts, `${n}.lua`));
    copyFileSync(join(dist, "ccard", `${n}.lua`), join(scripts, "ccard", `${n}.lua`));
  }
  copyFileSync(join(dist, "ccard", "compile.lua"), join(scripts, "ccard", "compile.lua"));
  return scripts;
}
