/**
 * The shape every `ccard` command has: a name, a one-line summary, a usage text, option
 * definitions (node:util parseArgs), and run(args, ctx) → exit code. Subcommands are
 * commands too (`ccard cards generate` is the `generate` child of `cards`).
 *
 * Exit codes: 0 ok; 1 expected failure (CliError, one line on stderr); 2 usage (UsageError,
 * with the usage text); anything else is a bug and prints its stack.
 */
import { parseArgs, ParseArgsConfig } from "node:util";
import type { Db } from "./store/db";
import { visibleText } from "./format";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** An expected failure: bad input, a missing card, a constraint. Exit 1, one line. */
export class CliError extends Error {}

/** The command line itself is wrong. Exit 2, with the command's usage. */
export class UsageError extends Error {}

export interface Output {
  write(text: string): void;
}

export interface Context {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Opens (and migrates) the database chosen by --db / CCARD_DB / the default. */
  openDb(options?: { create?: boolean }): Db;
  /** The absolute database path that openDb uses. */
  dbPath(): string;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Full usage text shown by --help and on a usage error (without the global options). */
  usage: string;
  options?: OptionSpec;
  subcommands?: Command[];
  run?(args: ParsedArgs, ctx: Context): number | Promise<number>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpec = {
  db: { type: "string" },
  help: { type: "boolean", short: "h" },
};

export const GLOBAL_USAGE = `Global options:
  --db PATH     database file (else $CCARD_DB, else /var/lib/ccard/ccard.db)
  -h, --help    show help`;

function helpText(cmd: Command, path: string[]): string {
  let text = `${path.join(" ")} — ${cmd.summary}\n\n${cmd.usage.trimEnd()}\n`;
  if (cmd.subcommands !== undefined && cmd.subcommands.length > 0) {
    text += "\nCommands:\n";
    for (const sub of cmd.subcommands) text += `  ${sub.name.padEnd(12)} ${sub.summary}\n`;
    text += `\nRun '${path.join(" ")} COMMAND --help' for a command's options.\n`;
  }
  return text + "\n" + GLOBAL_USAGE + "\n";
}

/** Runs argv against a command tree; returns the exit code. Never throws for CliError/UsageError. */
export async function dispatch(root: Command, argv: string[], ctx: Context, path: string[] = [root.name]): Promise<number> {
  let cmd = root;
  let rest = argv;
  // Global options may also come before the command: `ccard --db PATH cards list`.
  while (rest.length > 0 && (rest[0] === "--db" || rest[0].startsWith("--db="))) {
    const value = rest[0] === "--db" ? rest[1] : rest[0].slice("--db=".length);
    if (value === undefined || value === "" || value.startsWith("-")) {
      ctx.stderr.write(`${path.join(" ")}: --db needs a PATH\n`);
      return 2;
    }
    ctx.env = { ...ctx.env, CCARD_DB: value };
    rest = rest.slice(rest[0] === "--db" ? 2 : 1);
  }
  // Walk down subcommands by leading positional words.
  while (cmd.subcommands !== undefined && rest.length > 0 && !rest[0].startsWith("-")) {
    const next = cmd.subcommands.find((c) => c.name === rest[0]);
    if (next === undefined) {
      ctx.stderr.write(`${path.join(" ")}: unknown command '${rest[0]}'\n\n${helpText(cmd, path)}`);
      return 2;
    }
    cmd = next;
    path = [...path, next.name];
    rest = rest.slice(1);
  }
  try {
    let parsed: ParsedArgs;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...(cmd.options ?? {}) }, allowPositionals: true, strict: true }) as ParsedArgs;
    } catch (e) {
      throw new UsageError((e as Error).message.split("\n")[0]);
    }
    if (parsed.values.help === true || cmd.run === undefined) {
      const text = helpText(cmd, path);
      if (parsed.values.help === true) {
        ctx.stdout.write(text);
        return 0;
      }
      ctx.stderr.write(text);
      return 2;
    }
    if (typeof parsed.values.db === "string") ctx.env = { ...ctx.env, CCARD_DB: parsed.values.db };
    return await cmd.run(parsed, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.stderr.write(`${path.join(" ")}: ${visibleText(e.message)}\n\n${helpText(cmd, path)}`);
      return 2;
    }
    if (e instanceof CliError) {
      ctx.stderr.write(`${path.join(" ")}: ${visibleText(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}

/** A required string option, or a UsageError naming it. */
export function requireString(args: ParsedArgs, name: string): string {
  const v = args.values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

/** An optional string option. */
export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

/** Exactly n positionals, named in the error. */
export function positionals(args: ParsedArgs, names: string[]): string[] {
  if (args.positionals.length !== names.length) {
    throw new UsageError(`expected ${names.map((n) => n.toUpperCase()).join(" ")}${args.positionals.length > names.length ? `, got extra '${args.positionals[names.length]}'` : ""}`);
  }
  return args.positionals;
}
