/** `ccard holds list|reap`: the money reserved by live calls, and the release of stale holds. */
import { formatMicros } from "../../domain/money";
import { flag } from "../options/declare";
import { command, Group } from "../framework/command";
import { Column, listOf, Printable } from "../output/print";
import { microsText } from "../output/format";
import { HoldRow, listHolds, reapHold } from "../store/holds";
import { nowSeconds, timeText } from "../time";

/** What an operator must do about a reaped hold: its call may have been answered and never billed. */
export const UNSETTLED_NOTE = "unsettled: the call may have been answered; check the switch's CDRs";

function ageText(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

interface HoldView extends HoldRow {
  amount: string;
  age_seconds: number;
  expired: boolean;
}

function holdView(h: HoldRow, now: number): HoldView {
  return {
    uuid: h.uuid, account_id: h.account_id, amount_micros: h.amount_micros, amount: formatMicros(h.amount_micros), granted_seconds: h.granted_seconds,
    destination: h.destination, created_at: h.created_at, expires_at: h.expires_at, age_seconds: now - h.created_at, expired: h.expires_at <= now,
  };
}

const COLUMNS: Column<HoldView>[] = [
  { header: "UUID", cell: (h) => h.uuid },
  { header: "ACCOUNT", cell: (h) => String(h.account_id) },
  { header: "AMOUNT", cell: (h) => h.amount },
  { header: "AGE", cell: (h) => ageText(h.age_seconds) },
];

const list = command({
  name: "list",
  summary: "list live holds (money reserved by calls in progress)",
  about: `One row per hold: call UUID, account, amount held, age, and when it expires.
--expired lists only holds past their expiry (what 'ccard holds reap' would release).`,
  options: { expired: flag("only the holds past their expiry") },
  db: "read",
  async run(o, { db }) {
    const now = nowSeconds();
    const holds = (await listHolds(db, now, o.expired)).map((h) => holdView(h, now));
    const expires: Column<HoldView> = { header: "EXPIRES", cell: (h) => (h.expired ? "expired" : `in ${ageText(h.expires_at - now)} (${timeText(h.expires_at)})`) };
    return listOf(holds, [...COLUMNS, expires], o.expired ? "no expired holds" : "no holds");
  },
});

const reap = command({
  name: "reap",
  summary: "release every hold past its expiry, with a ledger row each",
  about: `Releases every expired hold across all accounts, each in its own transaction: the account's
held money drops by the hold, and the ledger gets a 'hold_reaped' row (amount 0, ref = UUID).
The balance is not touched. A reaped hold's call may have been answered without being billed:
each is reported as unsettled so you can check the switch's CDRs. --dry-run reports only.`,
  options: { dryRun: flag("report what would be reaped, change nothing") },
  db: "write",
  async run(o, { db }): Promise<Printable> {
    const now = nowSeconds();
    const expired = await listHolds(db, now, true);
    const reaped: HoldRow[] = [];
    for (const h of expired) if (o.dryRun || (await reapHold(db, h.uuid, now))) reaped.push(h);
    const views = reaped.map((h) => holdView(h, now));
    const total = reaped.reduce((s, h) => s + BigInt(h.amount_micros), 0n);
    const summary = `${o.dryRun ? "would reap" : "reaped"} ${reaped.length} hold(s), ${microsText(total)} released`;
    const table = listOf(views, [...COLUMNS, { header: "STATUS", cell: () => UNSETTLED_NOTE }], "");
    return {
      json: { dry_run: o.dryRun, reaped: views, released_micros: Number(total), released: microsText(total), note: UNSETTLED_NOTE },
      text: () => (reaped.length === 0 ? "no expired holds\n" : table.text() + summary + "\n"),
    };
  },
});

export const holdsCommand: Group = {
  name: "holds",
  summary: "live call holds: list, reap the stale ones",
  commands: [list, reap],
};
