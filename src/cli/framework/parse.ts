/**
 * The command line → a command's input, from its declarations alone: node:util parseArgs
 * splits it, then each value goes through its declared parser. Every mistake is a UsageError.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../exit";
import { Args, OptionDecl, Options, flagName } from "../options/declare";
import type { AnyCommand } from "./command";

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  db: { help: "database: an SQLite file, or postgres://USER:PASS@HOST:PORT/DB (else $CCARD_DB, else /var/lib/ccard/ccard.db)", placeholder: "PATH|URL" },
  json: { help: "print the result, or the error, as one JSON document (docs/cli-json.md)" },
  help: { help: "show help", short: "h" },
} as const;

export interface ParsedLine {
  /** The command's input, by declaration key. */
  input: Record<string, unknown>;
  db?: string;
  help: boolean;
}

type ParseArgsOptions = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

function parseArgsOptions(options: Options): ParseArgsOptions {
  const out: ParseArgsOptions = { db: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: GLOBAL_OPTIONS.help.short } };
  for (const [key, d] of Object.entries(options)) {
    out[flagName(key)] = d.mode === "repeated" ? { type: "string", multiple: true } : { type: d.mode === "flag" ? "boolean" : "string" };
  }
  return out;
}

/** parseArgs's complaint as a UsageError (its first line; the rest is advice about '--'). */
function parseArgsError(e: Error & { code?: string }): UsageError {
  const first = e.message.split("\n")[0];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError("UNKNOWN_OPTION", first.replace(/\. To specify a positional argument.*$/, ""));
  return new UsageError("BAD_VALUE", first);
}

function parseOption(key: string, d: OptionDecl, raw: unknown): unknown {
  const label = `--${flagName(key)}`;
  if (d.mode === "flag") return raw === true;
  if (d.mode === "repeated") return ((raw as string[] | undefined) ?? []).map((t) => d.value?.parse(t, label));
  if (raw === undefined) {
    if (d.mode === "required") throw new UsageError("MISSING_OPTION", `${label} is required`);
    return d.mode === "default" ? d.fallback : undefined;
  }
  return d.value?.parse(raw as string, label);
}

function positionalNames(args: Args): string {
  const names = Object.values(args).map((a) => a.name);
  return names.length === 0 ? "no arguments" : names.join(" ");
}

/**
 * Splits and checks `argv` (what follows the command's name) against the command's
 * declarations. With --help, only the split is checked (help needs no valid values).
 */
export function parseLine(cmd: AnyCommand, argv: string[]): ParsedLine {
  const options: Options = cmd.options ?? {};
  const args: Args = cmd.args ?? {};
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: parseArgsOptions(options), allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    if ((e as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS") !== true) throw e;
    throw parseArgsError(e as Error);
  }
  const v = parsed.values;
  const line: ParsedLine = { input: {}, db: v.db as string | undefined, help: v.help === true };
  if (line.db === "") throw new UsageError("BAD_VALUE", "--db needs a PATH or a postgres:// URL");
  if (line.help) return line;
  const argKeys = Object.keys(args);
  const given = parsed.positionals;
  if (given.length < argKeys.length) throw new UsageError("MISSING_ARGUMENT", `expected ${positionalNames(args)}`);
  if (given.length > argKeys.length) throw new UsageError("EXTRA_ARGUMENT", `expected ${positionalNames(args)}, got extra '${given[argKeys.length]}'`);
  for (const [key, d] of Object.entries(options)) {
    if (d.mode === "required" && v[flagName(key)] === undefined) throw new UsageError("MISSING_OPTION", `--${flagName(key)} is required`);
  }
  argKeys.forEach((key, i) => {
    const a = args[key];
    line.input[key] = a.value.parse(given[i], a.label);
  });
  for (const [key, d] of Object.entries(options)) line.input[key] = parseOption(key, d, v[flagName(key)]);
  return line;
}

/** True when the command line asks for --json (before any `--`), so even its errors are JSON. */
export function wantsJson(argv: string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--json") return true;
  }
  return false;
}
