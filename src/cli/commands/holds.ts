/** `ccard holds list|reap`: the money reserved by live calls, and the release of stale holds. */
import { Command } from "../framework";
import { nowSeconds } from "../store/db";
import { HoldRow, listHolds, reapHold } from "../store/holds";
import { microsText, table } from "../format";

/** What an operator must do about a reaped hold: its call may have been answered and never billed. */
export const UNSETTLED_NOTE = "unsettled: the call may have been answered; check the switch's CDRs";

function ageText(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

function rowsOf(holds: HoldRow[], now: number): string[][] {
  return holds.map((h) => [h.uuid, String(h.accountId), microsText(h.amountMicros), ageText(now - h.createdAt), h.expiresAt <= now ? "expired" : `in ${ageText(h.expiresAt - now)}`]);
}

const list: Command = {
  name: "list",
  summary: "list live holds (money reserved by calls in progress)",
  usage: `Usage: ccard holds list [--expired]

One row per hold: call UUID, account, amount held, age, and when it expires.
--expired lists only holds past their expiry (what 'ccard holds reap' would release).`,
  options: { expired: { type: "boolean" } },
  run(args, ctx) {
    const db = ctx.openDb();
    try {
      const now = nowSeconds();
      const holds = listHolds(db, now, args.values.expired === true);
      if (holds.length === 0) {
        ctx.stdout.write(args.values.expired === true ? "no expired holds\n" : "no holds\n");
        return 0;
      }
      ctx.stdout.write(table(["uuid", "account", "amount", "age", "expires"], rowsOf(holds, now)));
      return 0;
    } finally {
      db.close();
    }
  },
};

const reap: Command = {
  name: "reap",
  summary: "release every hold past its expiry, with a ledger row each",
  usage: `Usage: ccard holds reap [--dry-run]

Releases every expired hold across all accounts, each in its own transaction: the account's
held money drops by the hold, and the ledger gets a 'hold_reaped' row (amount 0, ref = UUID).
The balance is not touched. A reaped hold's call may have been answered without being billed:
each is reported as unsettled so you can check the switch's CDRs. --dry-run reports only.`,
  options: { "dry-run": { type: "boolean" } },
  run(args, ctx) {
    const dry = args.values["dry-run"] === true;
    const db = ctx.openDb();
    try {
      const now = nowSeconds();
      const expired = listHolds(db, now, true);
      const reaped = dry ? expired : expired.filter((h) => reapHold(db, h.uuid, now));
      if (reaped.length === 0) {
        ctx.stdout.write("no expired holds\n");
        return 0;
      }
      ctx.stdout.write(table(["uuid", "account", "amount", "age", "status"], reaped.map((h) => [...rowsOf([h], now)[0].slice(0, 4), UNSETTLED_NOTE])));
      const total = reaped.reduce((s, h) => s + h.amountMicros, 0n);
      ctx.stdout.write(`${dry ? "would reap" : "reaped"} ${reaped.length} hold(s), ${microsText(total)} released\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const holdsCommand: Command = {
  name: "holds",
  summary: "live call holds: list, reap the stale ones",
  usage: "Usage: ccard holds list|reap [options]",
  subcommands: [list, reap],
};
