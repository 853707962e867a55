/**
 * Runs one command line: finds the command, parses and checks its input from the declarations,
 * opens the database the command declares (once) and closes it whatever happens, prints the
 * result, and turns any error into the exit code of exit.ts. Never throws.
 */
import { EXIT, UsageError, outcomeOf } from "../exit";
import { printOutcome, printResult } from "../output/print";
import { visibleText } from "../output/format";
import { dbLocation, openStore } from "../store/open";
import type { Store } from "../store/store";
import { AnyCommand, Group, Io, Node, RunContext, isGroup } from "./command";
import { helpText } from "./help";
import { parseLine, wantsJson } from "./parse";

/** A word that names no command of its group. */
class UnknownCommand extends UsageError {
  constructor(
    word: string,
    readonly where: { group: Group; path: string[] },
  ) {
    super("UNKNOWN_COMMAND", `unknown command '${word}'`);
  }
}

interface Routed {
  node: Node;
  path: string[];
  rest: string[];
  env: NodeJS.ProcessEnv;
}

/** Walks down the groups by the leading words; `--db PATH` may come before the command. */
function route(root: Group, argv: string[], env: NodeJS.ProcessEnv): Routed {
  let node: Node = root;
  let path = [root.name];
  let rest = argv;
  for (;;) {
    const a = rest[0];
    if (a === "--db" || a?.startsWith("--db=") === true) {
      const value = a === "--db" ? rest[1] : a.slice("--db=".length);
      if (value === undefined || value === "" || value.startsWith("-")) throw new UsageError("BAD_VALUE", "--db needs a PATH or a postgres:// URL");
      env = { ...env, CCARD_DB: value };
      rest = rest.slice(a === "--db" ? 2 : 1);
      continue;
    }
    if (a === "--json") {
      rest = rest.slice(1);
      continue;
    }
    if (!isGroup(node) || a === undefined || a.startsWith("-")) return { node, path, rest, env };
    const next: Node | undefined = node.commands.find((c) => c.name === a);
    if (next === undefined) throw new UnknownCommand(a, { group: node, path });
    node = next;
    path = [...path, next.name];
    rest = rest.slice(1);
  }
}

async function runCommand(cmd: AnyCommand, input: Record<string, unknown>, io: Io, env: NodeJS.ProcessEnv, json: boolean): Promise<void> {
  const warnings: string[] = [];
  let store: Store | undefined;
  if (cmd.db !== undefined) store = await openStore(dbLocation(env), cmd.db);
  const ctx: RunContext = {
    ...io,
    env,
    json,
    get db(): Store {
      if (store === undefined) throw new Error(`${cmd.name} uses the database without declaring it`);
      return store;
    },
    warn(text) {
      if (json) warnings.push(text);
      else io.stderr.write(`warning: ${visibleText(text)}\n`);
    },
  };
  try {
    const result = await cmd.run(input, ctx);
    if (result !== undefined) {
      printResult(io, result, json, warnings);
      if (result.failure !== undefined) throw result.failure;
    }
  } finally {
    await store?.close();
  }
}

/** Runs argv (without the program name) against the command tree; resolves with the exit code. */
export async function dispatch(root: Group, argv: string[], io: Io): Promise<number> {
  const json = wantsJson(argv);
  let path = [root.name];
  let node: Node = root;
  try {
    const r = route(root, argv, io.env);
    path = r.path;
    node = r.node;
    if (isGroup(node)) {
      const asked = r.rest.includes("--help") || r.rest.includes("-h");
      if (asked) {
        io.stdout.write(helpText(node, path));
        return EXIT.OK;
      }
      if (r.rest.length === 0) throw new UsageError("MISSING_ARGUMENT", "expected a COMMAND");
      throw new UsageError("UNKNOWN_OPTION", `Unknown option '${r.rest[0]}'`);
    }
    const line = parseLine(node, r.rest);
    if (line.help) {
      io.stdout.write(helpText(node, path));
      return EXIT.OK;
    }
    node.check?.(line.input, json);
    const env = line.db !== undefined ? { ...r.env, CCARD_DB: line.db } : r.env;
    await runCommand(node, line.input, io, env, json);
    return EXIT.OK;
  } catch (e) {
    const o = outcomeOf(e);
    // An unknown command is reported by the group it is not in, with that group's help.
    const where = e instanceof UnknownCommand ? e.where : { group: isGroup(node) ? node : undefined, path };
    const p = where.path.join(" ");
    const hint = e instanceof UsageError ? (where.group !== undefined ? "\n" + helpText(where.group, where.path) : `run '${p} --help' for its usage\n`) : undefined;
    printOutcome(io, p, o, json, hint);
    return o.exit;
  }
}
