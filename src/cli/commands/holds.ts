/** `ccard holds list|reap`: the money reserved by live calls, and the release of stale holds. */
import { formatMicros } from "../../domain/money";
import { flag } from "../options/declare";
import { command, Group } from "../framework/command";
import { Column, listOf, Printable } from "../output/print";
import { microsText } from "../output/format";
import { HoldRow, listHolds } from "../store/holds";
import { Reaped, reapHold } from "../store/reap";
import { nowSeconds, timeText } from "../time";

/** What an operator should know of a reaped hold: how it ended, and what to check. */
const OUTCOME_NOTE: Record<Reaped, string> = {
  released: "unsettled: the call may have been answered; check the switch's CDRs",
  estimated: "billed as estimated: answered, its settlement never came (CDR estimated = 1)",
};

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
    destination: h.destination, created_at: h.created_at, expires_at: h.expires_at, answered_at: h.answered_at, age_seconds: now - h.created_at,
    expired: h.expires_at <= now,
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
  summary: "end every hold past its expiry: bill the answered ones as estimated, release the others",
  about: `Ends every expired hold across all accounts, each in its own transaction, with the writes the
IVR's own reaper runs. A hold whose call the callee answered (its answer mark) is billed from the
answer for the time granted at most, as a CDR marked estimated, with a 'call_estimated' ledger row.
Any other hold is released: the account's held money drops by the hold, and the ledger gets a
'hold_reaped' row (amount 0, ref = UUID); the balance is not touched. A released hold's call may
still have been answered without a mark: each is reported so you can check the switch's CDRs.
--dry-run reports only.`,
  options: { dryRun: flag("report what would be reaped, change nothing") },
  db: "write",
  async run(o, { db }): Promise<Printable> {
    const now = nowSeconds();
    const reaped: (HoldView & { outcome: Reaped; note: string })[] = [];
    for (const h of await listHolds(db, now, true)) {
      const outcome = o.dryRun ? (h.answered_at === null ? "released" : "estimated") : await reapHold(db, h.uuid, now);
      if (outcome !== undefined) reaped.push({ ...holdView(h, now), outcome, note: OUTCOME_NOTE[outcome] });
    }
    const total = reaped.reduce((s, h) => s + BigInt(h.amount_micros), 0n);
    const billed = reaped.filter((h) => h.outcome === "estimated").length;
    const summary = `${o.dryRun ? "would reap" : "reaped"} ${reaped.length} hold(s), ${microsText(total)} released${billed > 0 ? `, ${billed} billed as estimated` : ""}`;
    const table = listOf(reaped, [...COLUMNS, { header: "STATUS", cell: (h) => h.note }], "");
    return {
      json: { dry_run: o.dryRun, reaped, released_micros: Number(total), released: microsText(total) },
      text: () => (reaped.length === 0 ? "no expired holds\n" : table.text() + summary + "\n"),
    };
  },
});

export const holdsCommand: Group = {
  name: "holds",
  summary: "live call holds: list, reap the stale ones",
  commands: [list, reap],
};
