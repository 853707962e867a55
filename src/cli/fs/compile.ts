/**
 * `ccard fs compile`: FreeSWITCH compiles the installed ccard bundles with mod_lua's own Lua
 * (`lua ccard/compile.lua dump NAME`, the bytecode sent back in hex), the CLI saves each as
 * ccard/NAME.BUILD.luac beside the bundle, and FreeSWITCH then confirms it loads it
 * (`lua ccard/compile.lua try …`). Bytecode of earlier builds is removed. The CLI must run on
 * the FreeSWITCH machine, as a user that may write the scripts folder.
 */
import { accessSync, constants, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EslClient, EslError } from "../esl/errors";
import { getGlobalVar } from "./channels";
import { ENTRY_NAMES, bytecodeLoadError, bytecodeName, compilerProblem, inspectScript, scriptProblem } from "./scripts";

/** Why compiling cannot go on; the message says what to do. */
export class CompileError extends Error {}

export interface CompiledScript {
  name: string;
  build: string;
  luaVersion: string;
  bytes: number;
  path: string;
  /** Bytecode files of earlier builds that were removed. */
  removed: string[];
}

const LUA_SIGNATURE = Buffer.from("\x1bLua", "latin1");

async function askSwitch(client: EslClient, command: string): Promise<string> {
  try {
    return await client.api(command);
  } catch (e) {
    if (e instanceof EslError && e.code === "COMMAND_FAILED") {
      throw new CompileError(e.message.includes("Command not found") ? `${e.message} (is mod_lua loaded?)` : e.message);
    }
    throw e;
  }
}

/** Compiles every entry script; stops at the first failure (files already saved stay valid). */
export async function compileScripts(client: EslClient, progress: (line: string) => void): Promise<CompiledScript[]> {
  const scriptDir = await getGlobalVar(client, "script_dir");
  if (scriptDir === undefined) throw new CompileError("FreeSWITCH has no script_dir");
  const ccardDir = join(scriptDir, "ccard");
  if (!existsSync(scriptDir)) {
    throw new CompileError(`FreeSWITCH's script_dir ${scriptDir} is not on this machine: run 'ccard fs compile' on the FreeSWITCH machine`);
  }
  const installed = ENTRY_NAMES.map((name) => ({ name, script: inspectScript(scriptDir, name) }));
  for (const { script } of installed) {
    const problem = scriptProblem(script, scriptDir);
    if (problem !== undefined) throw new CompileError(`${problem.title}: ${problem.fix}`);
  }
  const compiler = compilerProblem(scriptDir);
  if (compiler !== undefined) throw new CompileError(`${compiler.title}: ${compiler.fix}`);
  try {
    accessSync(ccardDir, constants.W_OK | constants.X_OK);
  } catch {
    throw new CompileError(`cannot write ${ccardDir}: run 'ccard fs compile' as root (or the folder's owner)`);
  }

  const done: CompiledScript[] = [];
  for (const { name, script } of installed) {
    if (script.state !== "ok") continue; // checked above
    const answer = await askSwitch(client, `lua ccard/compile.lua dump ${name}`);
    const m = /^\+OK (Lua \d\.\d) ([0-9a-f]+)$/.exec(answer);
    if (m === null) throw new CompileError(`FreeSWITCH's answer to compiling ${name} is not bytecode: ${answer.slice(0, 80)}`);
    const bytes = Buffer.from(m[2], "hex");
    if (bytes.length < 16 || !bytes.subarray(0, 4).equals(LUA_SIGNATURE)) throw new CompileError(`FreeSWITCH sent ${name} back without Lua's bytecode signature`);

    const file = bytecodeName(name, script.build);
    const path = join(ccardDir, file);
    const partial = `${path}.partial-${process.pid}`;
    try {
      writeFileSync(partial, bytes, { mode: 0o644 });
      renameSync(partial, path);
    } catch (e) {
      rmSync(partial, { force: true });
      throw new CompileError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const refused = await bytecodeLoadError(client, file);
    if (refused !== undefined) {
      rmSync(path, { force: true });
      throw new CompileError(`FreeSWITCH cannot load the bytecode it made for ${name} (${refused}); removed it, ${name}.lua keeps running from source`);
    }

    const removed: string[] = [];
    for (const other of readdirSync(ccardDir)) {
      if (other !== file && new RegExp(`^${name}\\.[0-9a-f]+\\.luac$`).test(other)) {
        rmSync(join(ccardDir, other), { force: true });
        removed.push(other);
      }
    }
    const c: CompiledScript = { name, build: script.build, luaVersion: m[1], bytes: statSync(path).size, path, removed };
    done.push(c);
    progress(`${name}.lua: ${path} (${c.bytes.toLocaleString("en-US")} bytes, ${c.luaVersion})${removed.length > 0 ? `; removed ${removed.join(", ")}` : ""}`);
  }
  return done;
}
