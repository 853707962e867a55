/** `ccard security show|clear`: failed-PIN counters and lockouts per caller ID, card and access number. */
import { Failure } from "../exit";
import { arg, option } from "../options/declare";
import { oneOf, printable } from "../options/values";
import { command, Group } from "../framework/command";
import { changed, Column, listOf } from "../output/print";
import { nowSeconds, timeText } from "../time";

const kinds = oneOf(["ani", "card", "dnis"] as const);

interface FailureRow {
  kind: string;
  key: string;
  failures: number;
  first_at: number;
  last_at: number;
  locked_until: number;
}

type FailureView = FailureRow & { locked: boolean };

const COLUMNS: Column<FailureView>[] = [
  { header: "KIND", cell: (r) => r.kind },
  { header: "KEY", cell: (r) => r.key },
  { header: "FAILURES", cell: (r) => String(r.failures) },
  { header: "FIRST", cell: (r) => timeText(r.first_at) },
  { header: "LAST", cell: (r) => timeText(r.last_at) },
  { header: "STATE", cell: (r) => (r.locked ? `LOCKED until ${timeText(r.locked_until)}` : "open") },
];

const COUNTER = "SELECT kind, key, failures, first_at, last_at, locked_until FROM auth_failures";

const show = command({
  name: "show",
  summary: "show failed-PIN counters and lockouts",
  about: `One row per counter: kind (ani = caller ID, dnis = access number), key, failures in the
current window, first and last failure (UTC), and 'LOCKED until …' while locked out.`,
  options: { kind: option(kinds, "only counters of this kind") },
  db: "read",
  async run(o, { db }) {
    const rows = o.kind === undefined ? await db.all<FailureRow>(`${COUNTER} ORDER BY kind, key`) : await db.all<FailureRow>(`${COUNTER} WHERE kind = ? ORDER BY kind, key`, [o.kind]);
    const now = nowSeconds();
    return listOf(rows.map((r) => ({ ...r, locked: r.locked_until > now })), COLUMNS, "no failed PIN attempts recorded");
  },
});

const clear = command({
  name: "clear",
  summary: "forget a key's failures (lifts its lockout)",
  about: "KIND is ani (caller ID digits), card or dnis (access number digits); KEY as 'security show' prints it.",
  args: { kind: arg("KIND", kinds), key: arg("KEY", printable(1, 64), "KEY") },
  db: "write",
  async run({ kind, key }, { db }) {
    const row = await db.get<FailureRow>(`${COUNTER} WHERE kind = ? AND key = ?`, [kind, key]);
    if (row === undefined || (await db.run("DELETE FROM auth_failures WHERE kind = ? AND key = ?", [kind, key])) === 0) {
      throw new Failure("NOT_RECORDED", `no failed PIN attempts recorded for ${kind} '${key}'`);
    }
    return changed(`cleared ${kind} '${key}'`, row);
  },
});

export const securityCommand: Group = {
  name: "security",
  summary: "failed-PIN counters and lockouts: show, clear",
  commands: [show, clear],
};
