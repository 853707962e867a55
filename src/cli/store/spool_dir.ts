/**
 * The spool folder as the CLI reads it: the files settle.lua wrote for calls it could not
 * settle (src/domain/spool.ts has the format). `ccard holds reap` settles from them, then
 * removes each one it has dealt with.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SpooledHook, parseSpool } from "../../domain/spool";

/** Where settle.lua spools unless ccard_spool_dir says otherwise (src/ivr/settings.ts). */
export const DEFAULT_SPOOL_DIR = "/var/lib/ccard/spool";

export type SpoolEntry = { file: string; hook: SpooledHook } | { file: string; unreadable: true };

/** The spool files of `dir`, oldest name first; undefined when the folder does not exist. */
export function readSpool(dir: string): SpoolEntry[] | undefined {
  if (!existsSync(dir)) return undefined;
  const out: SpoolEntry[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".hook")).sort()) {
    const file = join(dir, name);
    const hook = parseSpool(readFileSync(file, "latin1"));
    out.push(hook === undefined || `${hook.uuid}.hook` !== name ? { file, unreadable: true } : { file, hook });
  }
  return out;
}

export function removeSpooled(file: string): void {
  rmSync(file, { force: true });
}
