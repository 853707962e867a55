// Tiny helpers shared by the build, lint and test scripts: run a command, fail loudly.
import { spawnSync } from "node:child_process";

/** Runs cmd, echoing it first (quiet: no echo); exits with its status when it fails. */
export function run(cmd, args, { quiet = false, ...opts } = {}) {
  const engine = opts.env?.CCARD_TEST_ENGINE;
  const shown = [...(engine ? [`CCARD_TEST_ENGINE=${engine}`] : []), cmd, ...args].join(" ");
  if (!quiet) process.stdout.write(`\n> ${shown}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) {
    console.error(`cannot run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`failed (exit ${r.status}): ${shown}`);
    process.exit(r.status ?? 1);
  }
}

export function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}
