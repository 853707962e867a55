/** `ccard holds list|reap`: the money reserved by live calls, and the release of stale holds. */
import { formatMicros } from "../../domain/money";
import { flag, option } from "../options/declare";
import { text } from "../options/values";
import { command, Group, RunContext } from "../framework/command";
import { Column, listOf, Printable } from "../output/print";
import { microsText } from "../output/format";
import { HoldRow, listHolds } from "../store/holds";
import { Applied, Reaped, applySpooled, reapHold } from "../store/reap";
import { DEFAULT_SPOOL_DIR, SpoolEntry, readSpool, removeSpooled } from "../store/spool_dir";
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

/** What an operator should know of a spooled hook: how it was dealt with. */
const APPLIED_NOTE: Record<Applied | "unreadable", string> = {
  settled: "settled from the figures its hook spooled",
  corrected: "estimated CDR corrected with the figures its hook spooled",
  already: "settled before: spool file removed",
  unknown: "no hold or CDR has this call: spool file kept, check which database its switch uses",
  unreadable: "not a spool file ccard wrote: kept as it is",
};

interface SpoolView {
  file: string;
  uuid: string;
  billmsec: number | null;
  outcome: Applied | "unreadable";
  note: string;
}

/** Settles from every spool file (or, dry, says what it would do); removes each one dealt with. */
async function applySpool(entries: SpoolEntry[], db: RunContext["db"], now: number, dry: boolean): Promise<SpoolView[]> {
  const out: SpoolView[] = [];
  for (const e of entries) {
    if ("unreadable" in e) {
      out.push({ file: e.file, uuid: "", billmsec: null, outcome: "unreadable", note: APPLIED_NOTE.unreadable });
      continue;
    }
    const outcome: Applied = dry ? "settled" : await applySpooled(db, e.hook, now);
    if (!dry && outcome !== "unknown") removeSpooled(e.file);
    out.push({ file: e.file, uuid: e.hook.uuid, billmsec: e.hook.evidence.answeredMs, outcome, note: dry ? "would settle from its spooled figures" : APPLIED_NOTE[outcome] });
  }
  return out;
}

const reap = command({
  name: "reap",
  summary: "settle what failed hooks spooled, and end every hold past its expiry",
  about: `First settles every call whose settle.lua could not settle it and spooled its figures instead
(one file per call in the spool folder): from those figures, with the writes the IVR uses; a call
another switch's reaper already billed as estimated gets its real figures, and the difference
back. Each file dealt with is removed.

Then ends every expired hold across all accounts, each in its own transaction, with the writes
the IVR's own reaper runs. A hold whose call the callee answered (its answer mark) is billed from
the answer for the time granted at most, as a CDR marked estimated, with a 'call_estimated'
ledger row. Any other hold is released: the account's held money drops by the hold, and the
ledger gets a 'hold_reaped' row (amount 0, ref = UUID); the balance is not touched.

Run it from cron every few minutes on every switch (each reads its own spool folder).
--dry-run reports only; --quiet prints nothing when there was nothing to do.`,
  options: {
    spoolDir: option(text("DIR"), "settle.lua's spool folder (the switch's ccard_spool_dir; else $CCARD_SPOOL_DIR)", DEFAULT_SPOOL_DIR),
    dryRun: flag("report what would be done, change nothing"),
    quiet: flag("print nothing when there is nothing to report"),
  },
  db: "write",
  async run(o, ctx): Promise<Printable> {
    const { db } = ctx;
    const now = nowSeconds();
    const spoolDir = o.spoolDir ?? (ctx.env.CCARD_SPOOL_DIR !== undefined && ctx.env.CCARD_SPOOL_DIR !== "" ? ctx.env.CCARD_SPOOL_DIR : DEFAULT_SPOOL_DIR);
    const entries = readSpool(spoolDir);
    if (entries === undefined) ctx.warn(`no spool folder ${spoolDir}: settle.lua has nowhere to keep the figures of a call it cannot settle (create it, owned by FreeSWITCH's user)`);
    const spooled = await applySpool(entries ?? [], db, now, o.dryRun);
    const reaped: (HoldView & { outcome: Reaped; note: string })[] = [];
    for (const h of await listHolds(db, now, true)) {
      const outcome = o.dryRun ? (h.answered_at === null ? "released" : "estimated") : await reapHold(db, h.uuid, now);
      if (outcome !== undefined) reaped.push({ ...holdView(h, now), outcome, note: OUTCOME_NOTE[outcome] });
    }
    const total = reaped.reduce((s, h) => s + BigInt(h.amount_micros), 0n);
    const billed = reaped.filter((h) => h.outcome === "estimated").length;
    const verb = o.dryRun ? "would reap" : "reaped";
    const summary = `${verb} ${reaped.length} hold(s), ${microsText(total)} released${billed > 0 ? `, ${billed} billed as estimated` : ""}`;
    const holdsTable = listOf(reaped, [...COLUMNS, { header: "STATUS", cell: (h) => h.note }], "");
    const spoolTable = listOf(spooled, [{ header: "SPOOLED CALL", cell: (x) => x.uuid === "" ? x.file : x.uuid }, { header: "BILLMSEC", cell: (x) => x.billmsec === null ? "" : String(x.billmsec) }, { header: "STATUS", cell: (x) => x.note }], "");
    return {
      json: { dry_run: o.dryRun, spool_dir: spoolDir, spooled, reaped, released_micros: Number(total), released: microsText(total) },
      text: () => {
        if (reaped.length === 0 && spooled.length === 0) return o.quiet ? "" : "no expired holds\n";
        const parts: string[] = [];
        if (spooled.length > 0) parts.push(spoolTable.text() + `${o.dryRun ? "would deal with" : "dealt with"} ${spooled.length} spooled call(s)\n`);
        if (reaped.length > 0) parts.push(holdsTable.text() + summary + "\n");
        return parts.join("\n");
      },
    };
  },
});

export const holdsCommand: Group = {
  name: "holds",
  summary: "live call holds: list, reap the stale ones",
  commands: [list, reap],
};
