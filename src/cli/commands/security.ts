/** `ccard security show|clear`: failed-PIN counters and lockouts per caller ID, card and access number. */
import { CliError, Command, UsageError, optionalString, positionals } from "../framework";
import { nowSeconds } from "../store/db";
import { hasControlChar } from "../names";
import { table } from "../format";

const KINDS = ["ani", "card", "dnis"];

interface FailureRow {
  kind: string;
  key: string;
  failures: number;
  first_at: number;
  last_at: number;
  locked_until: number;
}

function checkKind(kind: string): string {
  if (!KINDS.includes(kind)) throw new UsageError(`KIND must be one of ${KINDS.join(", ")}, got '${kind}'`);
  return kind;
}

function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(".000Z", "Z");
}

const show: Command = {
  name: "show",
  summary: "show failed-PIN counters and lockouts",
  usage: `Usage: ccard security show [--kind ani|card|dnis]

One row per counter: kind (ani = caller ID, dnis = access number), key, failures in the
current window, first and last failure (UTC), and 'LOCKED until …' while locked out.`,
  options: { kind: { type: "string" } },
  run(args, ctx) {
    const kind = optionalString(args, "kind");
    if (kind !== undefined) checkKind(kind);
    const db = ctx.openDb();
    try {
      const sql = "SELECT kind, key, failures, first_at, last_at, locked_until FROM auth_failures" + (kind === undefined ? "" : " WHERE kind = ?") + " ORDER BY kind, key";
      const rows = (kind === undefined ? db.prepare(sql).all() : db.prepare(sql).all(kind)) as FailureRow[];
      if (rows.length === 0) {
        ctx.stdout.write("no failed PIN attempts recorded\n");
        return 0;
      }
      const now = nowSeconds();
      ctx.stdout.write(table(
        ["kind", "key", "failures", "first", "last", "state"],
        rows.map((r) => [r.kind, r.key, String(r.failures), isoTime(r.first_at), isoTime(r.last_at), r.locked_until > now ? `LOCKED until ${isoTime(r.locked_until)}` : "open"]),
      ));
      return 0;
    } finally {
      db.close();
    }
  },
};

const clear: Command = {
  name: "clear",
  summary: "forget a key's failures (lifts its lockout)",
  usage: `Usage: ccard security clear KIND KEY

KIND is ani (caller ID digits), card or dnis (access number digits); KEY as 'security show' prints it.`,
  run(args, ctx) {
    const [kindArg, key] = positionals(args, ["kind", "key"]);
    const kind = checkKind(kindArg);
    if (key.length === 0 || key.length > 64 || hasControlChar(key)) throw new CliError("KEY must be 1 to 64 printable characters");
    const db = ctx.openDb();
    try {
      const r = db.prepare("DELETE FROM auth_failures WHERE kind = ? AND key = ?").run(kind, key);
      if (r.changes === 0) throw new CliError(`no failed PIN attempts recorded for ${kind} '${key}'`);
      ctx.stdout.write(`cleared ${kind} '${key}'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const securityCommand: Command = {
  name: "security",
  summary: "failed-PIN counters and lockouts: show, clear",
  usage: "Usage: ccard security show|clear [options]",
  subcommands: [show, clear],
};
