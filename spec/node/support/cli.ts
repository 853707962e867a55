/** Runs the ccard CLI in-process against a temporary database and captures its output. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Context, dispatch } from "../../../src/cli/framework";
import { rootCommand } from "../../../src/cli/main";
import { openStore } from "../../../src/cli/context";
import { resolveDbPath } from "../../../src/cli/store/db";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch folder with a database path inside; call cleanup() when done. */
export function tempDb(): { dir: string; db: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "ccard-test-"));
  return { dir, db: join(dir, "ccard.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** ccard ARGV with CCARD_DB=dbPath; never throws for expected failures (the exit code tells). */
export async function runCli(dbPath: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const ctx: Context = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: { ...env, CCARD_DB: dbPath },
    interactive: false,
    dbPath: () => resolveDbPath(undefined, ctx.env),
    openDb: (options) => openStore(ctx.dbPath(), options?.create === true),
  };
  const code = await dispatch(rootCommand, argv, ctx);
  return { code, stdout, stderr };
}
