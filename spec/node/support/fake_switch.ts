/**
 * A scripted FreeSWITCH for the fake Event Socket: the API commands ccard uses, answered as
 * FreeSWITCH and its modules answer them (texts from mod_commands and mod_distributor).
 * Anything else gets FreeSWITCH's "-ERR NAME Command not found!".
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { FakeAnswer, FakeHandler } from "./fake_esl";

export interface FakeChannel {
  uuid: string;
  direction: "inbound" | "outbound";
  name: string;
  cid_num: string;
  dest: string;
  created_epoch: number;
  vars: Record<string, string>;
  /** The callee's answer in µs since the epoch, as uuid_dump reports it (absent: not answered). */
  otherLegAnsweredUs?: number;
}

export interface SwitchState {
  modules: string[];
  globals: Record<string, string>;
  channels: FakeChannel[];
  /** mod_distributor lists as loaded: list → node → weight. */
  lists: Record<string, Record<string, number>>;
  /** An older mod_distributor without `distributor_ctl dump`. */
  noDump?: boolean;
  /** What `distributor_ctl reload` finds once reloadxml has run (undefined: the lists as they are). */
  listsOnDisk?: Record<string, Record<string, number>>;
  /** uuid_getvar answers "-ERR No such channel!" for these (they hung up mid-listing). */
  vanished?: string[];
  /** The interpreter behind mod_lua's `lua` API (default lua5.3). */
  lua?: string;
  /** mod_sofia's gateways and their status (what `sofia status gateway NAME` shows). */
  sofiaGateways?: Record<string, "UP" | "DOWN">;
}

/** `sofia status gateway NAME` as mod_sofia prints it (cmd_status), or its "Invalid Gateway!". */
function sofiaStatus(state: SwitchState, args: string[]): FakeAnswer | undefined {
  if (args[0] !== "status" || args[1] !== "gateway" || args.length !== 3) return undefined;
  const status = (state.sofiaGateways ?? {})[args[2]];
  if (status === undefined) return "Invalid Gateway!\n";
  const line = "=".repeat(79);
  return `${line}\nName    \t${args[2]}\nProfile \texternal\nState   \tNOREG\nStatus  \t${status}\n${line}\n`;
}

/**
 * mod_lua's `lua SCRIPT ARGS…` API: runs the real script (relative to script_dir) in a real Lua
 * with the globals mod_lua gives an API script (argv, stream); a script that raises answers
 * "-ERR Cannot execute script".
 */
function luaApi(state: SwitchState, args: string[]): FakeAnswer {
  if (!state.modules.includes("mod_lua")) return "-ERR lua Command not found!\n";
  const [script, ...rest] = args;
  const quote = (s: string) => `'${s.replace(/[\\']/g, (c) => "\\" + c)}'`;
  const prelude = `stream = { write = function(_, s) io.write(s) end }; argv = { [0] = ${quote(script)}${rest.map((a) => ", " + quote(a)).join("")} }`;
  const path = script.startsWith("/") ? script : join(state.globals.script_dir ?? "", script);
  const r = spawnSync(state.lua ?? "lua5.3", ["-e", prelude, path], { encoding: "latin1", maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : "-ERR Cannot execute script\n";
}

export function fakeSwitch(state: SwitchState): FakeHandler {
  let xmlReloaded = false;
  return (command: string): FakeAnswer | undefined => {
    const [name, ...args] = command.split(" ");
    switch (name) {
      case "module_exists":
        return state.modules.includes(args[0]) ? "true" : "false";
      case "global_getvar":
        return state.globals[args[0]] ?? ""; // empty output: the socket says -ERR no reply
      case "show": {
        if (args.join(" ") !== "channels as json") return undefined;
        if (state.channels.length === 0) return `{"row_count":0}\n`;
        const rows = state.channels.map((c) => ({ uuid: c.uuid, direction: c.direction, created: "2026-11-26 02:00:00", created_epoch: String(c.created_epoch), name: c.name, state: "CS_EXECUTE", cid_name: "", cid_num: c.cid_num, dest: c.dest, application: "lua", context: "ccard" }));
        return JSON.stringify({ row_count: rows.length, rows }, null, 2) + "\n";
      }
      case "uuid_getvar": {
        const ch = state.channels.find((c) => c.uuid === args[0]);
        if (ch === undefined || (state.vanished ?? []).includes(args[0])) return "-ERR No such channel!\n";
        return ch.vars[args[1]] ?? "_undef_";
      }
      case "uuid_dump": {
        const ch = state.channels.find((c) => c.uuid === args[0]);
        if (ch === undefined) return "-ERR No such channel!\n";
        return `Channel-State: CS_EXECUTE\nUnique-ID: ${ch.uuid}\nOther-Leg-Channel-Answered-Time: ${ch.otherLegAnsweredUs ?? 0}\n`;
      }
      case "uuid_kill": {
        const i = state.channels.findIndex((c) => c.uuid === args[0]);
        if (i < 0) return "-ERR No such channel!\n";
        state.channels.splice(i, 1);
        return "+OK\n";
      }
      case "reloadxml":
        xmlReloaded = true;
        return "+OK [Success]\n";
      case "distributor_ctl":
        if (args[0] === "reload") {
          if (xmlReloaded && state.listsOnDisk !== undefined) state.lists = state.listsOnDisk;
          return "+ok reloaded.\n";
        }
        if (args[0] === "dump" && state.noDump !== true) {
          const list = state.lists[args[1]];
          if (list === undefined) return "cannot find list\n";
          return `list: name=${args[1]}\n` + Object.entries(list).map(([n, w]) => `node: name=${n} weight=${w}\n`).join("");
        }
        return "-error\n";
      case "distributor": {
        const list = state.lists[args[0]];
        const nodes = Object.keys(list ?? {}).filter((n) => !args.slice(1).includes(n));
        return nodes.length === 0 ? "-err" : nodes[0];
      }
      case "lua":
        return luaApi(state, args);
      case "sofia":
        return sofiaStatus(state, args);
      default:
        return undefined;
    }
  };
}
