// Child processes for the benchmark: Lua scripts that print one `RESULT {json}` line, and
// wall-clock timing of processes run alone or side by side.
import { spawn, spawnSync } from "node:child_process";

function fail(cmd, args, r) {
  const err = (r.stderr ?? "").toString().trim() || (r.error ? r.error.message : "");
  return new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal}): ${err}`);
}

/** Parses the RESULT line of a script's output; throws when there is none. */
export function parseResult(stdout, what) {
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (line === undefined) throw new Error(`${what} printed no RESULT line:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length));
}

/** Runs `lua script args…` to completion and returns its RESULT object. */
export function runLua(lua, script, args) {
  const all = [script, ...args.map(String)];
  const r = spawnSync(lua, all, { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw fail(lua, all, r);
  return parseResult(r.stdout, `${lua} ${script}`);
}

/** Wall-clock milliseconds of one process run to completion (throws if it fails). */
export function timeProcess(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw fail(cmd, args, r);
  return ms;
}

/** Starts every [cmd, args] at once; resolves to { ms: wall time until the last exits, stdouts }. */
export function timeConcurrent(jobs) {
  const t0 = process.hrtime.bigint();
  const runs = jobs.map(
    ([cmd, args]) =>
      new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${err.trim()}`))));
      }),
  );
  return Promise.all(runs).then((stdouts) => ({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stdouts }));
}

/** Runs a node script and returns its stdout lines (throws if it fails). */
export function runNode(script, args) {
  const r = spawnSync("node", [script, ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw fail("node", [script, ...args], r);
  return r.stdout.split("\n").filter((l) => l.trim() !== "");
}

/** Nearest-rank quantile of a list of numbers. */
export function quantile(list, q) {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)];
}
