// The machine a run measured: CPU, cores, memory, runtimes, SQLite builds, filesystem, load (and
// the PostgreSQL server, which run.mjs adds when it has one).
import { execFileSync } from "node:child_process";
import os from "node:os";
import Database from "better-sqlite3";

function firstLine(cmd, args) {
  try {
    const r = execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return r.trim().split("\n")[0];
  } catch (e) {
    return `unavailable (${e.message.split("\n")[0]})`;
  }
}

/** The SQLite the Lua side runs on: the fake Dbh's native half (spec/support/fsdbh.c). */
function luaSqlite() {
  const code = 'local h=package.loadlib("spec/support/native/5.3/fsdbh.so","luaopen_fsdbh")().open(":memory:") h:exec("SELECT sqlite_version() AS v", function(r) print(r.v) end)';
  return firstLine("lua5.3", ["-e", code]);
}

function nodeSqlite() {
  const db = new Database(":memory:");
  const v = db.prepare("SELECT sqlite_version() AS v").get().v;
  db.close();
  return v;
}

/** Facts about this machine; dir is where the benchmark databases live (for its filesystem). */
export function machineFacts(dir) {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? "unknown") + (cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : ""),
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    lua: [firstLine("lua5.3", ["-v"]), firstLine("lua5.2", ["-v"])].map((s) => s.split("  ")[0]).join(", "),
    sqlite: `${luaSqlite()} (the fake Dbh, the IVR side), ${nodeSqlite()} (better-sqlite3, the CLI side)`,
    filesystem: firstLine("sh", ["-c", `df -T "${dir}" | awk 'NR==2 {print $2 " on " $1}'`]),
    date: new Date().toISOString(),
    loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  };
}

/** One line for the report, e.g. "Intel Xeon …, 2 cores, 3.8 GiB, Linux 6.1, node v20…". */
export function machineLine(m) {
  const pg = m.postgres === undefined ? "" : `, ${m.postgres}`;
  return `${m.cpu}, ${m.cores} cores, ${m.memory}, ${m.os}, node ${m.node}, ${m.lua}, SQLite ${m.sqlite}, databases on ${m.filesystem}${pg}`;
}
