/** Runs the ccard CLI in-process against a database and captures its output. */
import { dispatch } from "../../../src/cli/framework/dispatch";
import type { Io } from "../../../src/cli/framework/command";
import { rootCommand } from "../../../src/cli/main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The process around a run: captured streams, CCARD_DB=dbPath and `env`. */
export function captureIo(dbPath: string, env: NodeJS.ProcessEnv = {}, interactive = false): Io & { out(): { stdout: string; stderr: string } } {
  let stdout = "";
  let stderr = "";
  return {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: { ...env, CCARD_DB: dbPath },
    interactive,
    out: () => ({ stdout, stderr }),
  };
}

/** ccard ARGV with CCARD_DB=dbPath; never throws for expected failures (the exit code tells). */
export async function runCli(dbPath: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const io = captureIo(dbPath, env);
  const code = await dispatch(rootCommand, argv, io);
  return { code, ...io.out() };
}
