/** `ccard fs check|compile|calls`: FreeSWITCH seen through its Event Socket. */
import { Failure } from "../exit";
import { command, Group } from "../framework/command";
import { Printable } from "../output/print";
import { eslAddress } from "../esl/errors";
import { ESL_OPTIONS } from "../esl/options";
import { eslSettingsFor, withEsl } from "../esl/with_esl";
import { runChecks } from "../fs/check";
import { CompileError, compileScripts } from "../fs/compile";
import { anyFailed, formatChecklist } from "../fs/checklist";
import { callsJson, formatCalls, listCalls } from "../fs/calls";
import { nowSeconds } from "../time";

const check = command({
  name: "check",
  summary: "check that FreeSWITCH is deployed right for ccard",
  about: `Checks that mod_lua, mod_distributor and mod_hash are loaded; that the entry scripts
(answered.lua, callingcard.lua, retail.lua, settle.lua) and the bundles they run (folder ccard)
are in FreeSWITCH's script_dir, of one build, and whether they run precompiled; that the global
variable ccard_dsn names this CLI's database; that settle.lua's spool folder (ccard_spool_dir)
exists; that every enabled gateway in the database is a sofia gateway of the same name (and
whether it is up); and that every route in the database has a mod_distributor list of the same
name with the route's enabled gateways and weights.
Prints a checklist with the fix for each failure. Exit 1 when any check fails.`,
  options: ESL_OPTIONS,
  db: "read",
  async run(o, ctx): Promise<Printable> {
    const settings = eslSettingsFor(o, ctx.env);
    const items = await withEsl(settings, (client) => runChecks(client, ctx.db));
    const failed = items.filter((i) => i.status === "fail").length;
    return {
      json: { switch: eslAddress(settings), database: ctx.db.location, checks: items, failed },
      text: () => formatChecklist(`FreeSWITCH at ${eslAddress(settings)}, database ${ctx.db.location}`, items),
      failure: anyFailed(items) ? new Failure("CHECKS_FAILED", `${failed} of ${items.filter((i) => i.status !== "note").length} checks failed`) : undefined,
    };
  },
});

const compile = command({
  name: "compile",
  summary: "have FreeSWITCH precompile the installed ccard scripts",
  about: `mod_lua compiles the script it runs on every call. This asks FreeSWITCH to compile the
installed bundles (script_dir/ccard/answered.lua, callingcard.lua, retail.lua, settle.lua)
once, with its own Lua, and saves the bytecode beside them as ccard/NAME.BUILD.luac; the entry scripts run
it from the next call on, and fall back to the source if it ever stops loading (another Lua
after an upgrade). FreeSWITCH confirms each file loads; bytecode of earlier builds is removed.
Run it on the FreeSWITCH machine as root after every install or upgrade of the scripts:
'ccard fs check' says when a script runs from source.`,
  options: ESL_OPTIONS,
  async run(o, ctx): Promise<Printable> {
    const settings = eslSettingsFor(o, ctx.env);
    // Each script is reported as it is done, so a later failure leaves the earlier ones said.
    const progress = (line: string): void => void (ctx.json ? undefined : ctx.stdout.write(line + "\n"));
    try {
      const done = await withEsl(settings, (client) => compileScripts(client, progress));
      return {
        json: { scripts: done.map((c) => ({ name: c.name, build: c.build, lua_version: c.luaVersion, bytes: c.bytes, path: c.path, removed: c.removed })) },
        text: () => `compiled ${done.length} scripts for ${done[0]?.luaVersion ?? "Lua"}\n`,
      };
    } catch (e) {
      if (e instanceof CompileError) throw new Failure("COMPILE_FAILED", e.message);
      throw e;
    }
  },
});

const calls = command({
  name: "calls",
  summary: "list live card and retail calls",
  about: `Lists the calls the IVR is handling: card serial (or account for retail callers), caller ID,
destination, gateway, talk time since the callee answered, and the maximum talk time granted.
JSON: times in seconds, instants (*_at) in epoch seconds.`,
  options: ESL_OPTIONS,
  async run(o, ctx): Promise<Printable> {
    const found = await withEsl(eslSettingsFor(o, ctx.env), (client) => listCalls(client, nowSeconds()));
    return { json: callsJson(found), text: () => formatCalls(found) };
  },
});

/** `ccard fs`: the Event Socket commands (check, compile, calls). */
export const fsCommand: Group = {
  name: "fs",
  summary: "see and check FreeSWITCH over the Event Socket",
  about: "Talks to FreeSWITCH's Event Socket (mod_event_socket).",
  commands: [check, compile, calls],
};
