/** `ccard fs check` and `ccard fs calls`: FreeSWITCH seen through its Event Socket. */
import { CliError, Command } from "../framework";
import { eslAddress } from "../esl/errors";
import { ESL_OPTIONS, ESL_USAGE } from "../esl/settings";
import { eslSettingsFor, withEsl } from "../esl/with_esl";
import { runChecks } from "../fs/check";
import { CompileError, compileScripts } from "../fs/compile";
import { anyFailed, formatChecklist } from "../fs/checklist";
import { formatCalls, listCalls } from "../fs/calls";

const checkCommand: Command = {
  name: "check",
  summary: "check that FreeSWITCH is deployed right for ccard",
  usage: `Usage: ccard fs check [--esl HOST:PORT] [--esl-password TEXT] [--timeout-ms N]

Checks that mod_lua, mod_distributor and mod_hash are loaded; that the entry scripts
(callingcard.lua, retail.lua, settle.lua) and the bundles they run (folder ccard) are in
FreeSWITCH's script_dir, of one build, and whether they run precompiled; that the global
variable ccard_dsn names this CLI's database; and that every route in the database has a
mod_distributor list of the same name with the route's enabled gateways and weights.
Prints a checklist with the fix for each failure. Exit 1 when any check fails.

${ESL_USAGE}`,
  options: { ...ESL_OPTIONS },
  async run(args, ctx) {
    const settings = eslSettingsFor(args.values, ctx.env);
    const db = ctx.openDb();
    try {
      const items = await withEsl(settings, (client) => runChecks(client, db, ctx.dbPath()));
      ctx.stdout.write(formatChecklist(`FreeSWITCH at ${eslAddress(settings)}, database ${ctx.dbPath()}`, items));
      return anyFailed(items) ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

const compileCommand: Command = {
  name: "compile",
  summary: "have FreeSWITCH precompile the installed ccard scripts",
  usage: `Usage: ccard fs compile [--esl HOST:PORT] [--esl-password TEXT] [--timeout-ms N]

mod_lua compiles the script it runs on every call. This asks FreeSWITCH to compile the
installed bundles (script_dir/ccard/callingcard.lua, retail.lua, settle.lua) once, with its
own Lua, and saves the bytecode beside them as ccard/NAME.BUILD.luac; the entry scripts run
it from the next call on, and fall back to the source if it ever stops loading (another Lua
after an upgrade). FreeSWITCH confirms each file loads; bytecode of earlier builds is removed.
Run it on the FreeSWITCH machine as root after every install or upgrade of the scripts:
'ccard fs check' says when a script runs from source.

${ESL_USAGE}`,
  options: { ...ESL_OPTIONS },
  async run(args, ctx) {
    const settings = eslSettingsFor(args.values, ctx.env);
    try {
      const done = await withEsl(settings, (client) => compileScripts(client, (line) => ctx.stdout.write(line + "\n")));
      ctx.stdout.write(`compiled ${done.length} scripts for ${done[0]?.luaVersion ?? "Lua"}\n`);
      return 0;
    } catch (e) {
      throw e instanceof CompileError ? new CliError(e.message) : e;
    }
  },
};

const callsCommand: Command = {
  name: "calls",
  summary: "list live card and retail calls",
  usage: `Usage: ccard fs calls [--json] [--esl HOST:PORT] [--esl-password TEXT] [--timeout-ms N]

Lists the calls the IVR is handling: card serial (or account for retail callers), caller ID,
destination, gateway, talk time since the callee answered, and the maximum talk time granted.
--json prints them as a JSON array (times in seconds, epochs in seconds).

${ESL_USAGE}`,
  options: { ...ESL_OPTIONS, json: { type: "boolean" } },
  async run(args, ctx) {
    const settings = eslSettingsFor(args.values, ctx.env);
    const calls = await withEsl(settings, (client) => listCalls(client, Math.floor(Date.now() / 1000)));
    ctx.stdout.write(args.values.json === true ? JSON.stringify(calls, null, 2) + "\n" : formatCalls(calls));
    return 0;
  },
};

/** `ccard fs`: the Event Socket commands (check, compile, calls). */
export const fsCommand: Command = {
  name: "fs",
  summary: "see and check FreeSWITCH over the Event Socket",
  usage: `Usage: ccard fs COMMAND [options]

Talks to FreeSWITCH's Event Socket (mod_event_socket).

${ESL_USAGE}`,
  subcommands: [checkCommand, compileCommand, callsCommand],
};
