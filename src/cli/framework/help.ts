/** Usage texts, generated from the declarations: what --help prints. */
import { Args, OptionDecl, Options, flagName } from "../options/declare";
import { AnyCommand, Group, Node, isGroup } from "./command";
import { GLOBAL_OPTIONS } from "./parse";

function columns(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(w)}  ${r}`.trimEnd()).join("\n");
}

function optionLeft(key: string, d: OptionDecl): string {
  return d.value === undefined ? `--${flagName(key)}` : `--${flagName(key)} ${d.value.placeholder}`;
}

/** The help line, then what the value may be and its default: "live calls per card (1-1000; default 1)". */
function optionRight(d: OptionDecl): string {
  const notes = [d.value?.range ?? "", d.defaultText === undefined ? "" : `default ${d.defaultText}`].filter((n) => n !== "");
  return notes.length === 0 ? d.help : `${d.help} (${notes.join("; ")})`;
}

/** `ccard cards generate --product NAME --count N --value AMOUNT [options]`. */
function synopsis(cmd: AnyCommand, path: string[]): string {
  const args = Object.values((cmd.args ?? {}) as Args).map((a) => a.name);
  const options = Object.entries((cmd.options ?? {}) as Options);
  const needed = options.filter(([, d]) => d.mode === "required").map(([k, d]) => optionLeft(k, d));
  const more = options.some(([, d]) => d.mode !== "required") ? ["[options]"] : [];
  return [...path, ...args, ...needed, ...more].join(" ");
}

const GLOBAL_TEXT = `Global options:\n${columns([
  [`--db ${GLOBAL_OPTIONS.db.placeholder}`, GLOBAL_OPTIONS.db.help],
  ["--json", GLOBAL_OPTIONS.json.help],
  [`-${GLOBAL_OPTIONS.help.short}, --help`, GLOBAL_OPTIONS.help.help],
])}`;

function groupHelp(g: Group, path: string[]): string {
  const p = path.join(" ");
  const list = columns(g.commands.map((c) => [c.name, c.summary]));
  const about = g.about === undefined ? "" : `\n${g.about.trimEnd()}\n`;
  return `${p} — ${g.summary}\n\nUsage: ${p} COMMAND [options]\n${about}\nCommands:\n${list}\n\nRun '${p} COMMAND --help' for a command's options.\n\n${GLOBAL_TEXT}\n`;
}

function commandHelp(cmd: AnyCommand, path: string[]): string {
  const options = Object.entries((cmd.options ?? {}) as Options);
  let text = `${path.join(" ")} — ${cmd.summary}\n\nUsage: ${synopsis(cmd, path)}\n`;
  if (cmd.about !== undefined) text += `\n${cmd.about.trimEnd()}\n`;
  if (options.length > 0) text += `\nOptions:\n${columns(options.map(([k, d]) => [optionLeft(k, d), optionRight(d)]))}\n`;
  return `${text}\n${GLOBAL_TEXT}\n`;
}

/** The help of a command or group at `path` (`["ccard", "cards", "generate"]`). */
export function helpText(node: Node, path: string[]): string {
  return isGroup(node) ? groupHelp(node, path) : commandHelp(node, path);
}
