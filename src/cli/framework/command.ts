/**
 * The one shape of a `ccard` command: a name, a summary, its arguments and options declared
 * once (options/declare.ts), what it needs from the database, and run(input, ctx). The
 * framework (dispatch.ts) parses and checks the command line from the declarations, opens and
 * closes the database, prints what run returns as text or JSON, and maps what it throws to an
 * exit code (exit.ts). A group (`ccard cards`) holds commands and groups.
 */
import type { Args, Input, Options } from "../options/declare";
import type { Printable } from "../output/print";
import type { DbMode, Store } from "../store/store";

/** The process around a command: its streams, environment and terminal. */
export interface Io {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

/** What run() gets besides its input. */
export interface RunContext extends Io {
  /** The database, open in the command's mode; using it without declaring `db` is a bug. */
  readonly db: Store;
  /** --json: run's result is printed as JSON; a command that streams its output reads this. */
  readonly json: boolean;
  /** A warning for the operator: a stderr line, or under --json an entry of the result's "warnings". */
  warn(text: string): void;
}

export interface Command<A extends Args = Args, O extends Options = Options> {
  readonly name: string;
  readonly summary: string;
  /** Paragraphs printed under the usage line. */
  readonly about?: string;
  readonly args?: A;
  readonly options?: O;
  /** The database the command works on and how; absent: it never opens one. */
  readonly db?: DbMode;
  /** Checks across options, on the command line alone (`json`: --json given): UsageError when they do not go together. */
  readonly check?: (input: Input<A, O>, json: boolean) => void;
  /** Does the work; what it returns is printed (text, or JSON with --json). */
  readonly run: (input: Input<A, O>, ctx: RunContext) => Promise<Printable | void>;
}

export interface Group {
  readonly name: string;
  readonly summary: string;
  readonly about?: string;
  readonly commands: readonly Node[];
}

export type AnyCommand = Command<any, any>;
export type Node = AnyCommand | Group;

export function isGroup(n: Node): n is Group {
  return "commands" in n;
}

/** Declares a command; TypeScript infers its input from its declarations. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no arguments, no options
export function command<A extends Args = {}, O extends Options = {}>(spec: Command<A, O>): Command<A, O> {
  for (const key of Object.keys(spec.args ?? {})) {
    if (spec.options !== undefined && key in spec.options) throw new Error(`${spec.name}: '${key}' is both an argument and an option`);
  }
  return spec;
}
