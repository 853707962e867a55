/** `ccard audit`: the whole database against the money rules; exit 1 when any breaks. */
import { Failure } from "../../exit";
import { command } from "../../framework/command";
import { flag, withDefault } from "../../options/declare";
import { wholeNumber } from "../../options/values";
import type { Printable } from "../../output/print";
import type { Sql } from "../../store/store";
import { nowSeconds } from "../../time";
import { checkCdrCosts, checkCdrLedger } from "./cdr_checks";
import { checkBalances, checkExpiredHolds, checkHeld, checkLedgerRows } from "./ledger_checks";
import { auditText } from "./report";
import { AuditCounts, CHECKS, CheckResult, Tally } from "./tally";

/** Every check, on one snapshot of the database. */
async function audit(db: Sql, now: number, limit: number): Promise<{ counts: AuditCounts; checks: CheckResult[] }> {
  const tally = new Tally(limit);
  const rows = await db.get<{ accounts: number; ledger_rows: number; holds: number }>(
    "SELECT (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM ledger) AS ledger_rows, (SELECT COUNT(*) FROM holds) AS holds",
  );
  await checkLedgerRows(db, tally);
  await checkBalances(db, tally);
  await checkHeld(db, tally);
  await checkExpiredHolds(db, tally, now);
  const cdrs = await checkCdrCosts(db, tally);
  await checkCdrLedger(db, tally);
  const counts = { accounts: Number(rows?.accounts), ledger_rows: Number(rows?.ledger_rows), holds: Number(rows?.holds), cdrs: cdrs.cdrs, estimated_cdrs: cdrs.estimated, cdrs_not_priced: cdrs.notPriced };
  return { counts, checks: tally.results() };
}

/** Words of `text` in lines of at most `width` characters, the first after `first`, the others after `indent`. */
function wrapped(text: string, width: number, first: string, indent: string): string {
  const lines = [first];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last].length + word.length + 1 > width && lines[last].trim() !== "") lines.push(indent + word);
    else lines[last] += (lines[last].endsWith(" ") || lines[last] === "" ? "" : " ") + word;
  }
  return lines.join("\n");
}

const RULES = CHECKS.map((c, i) => wrapped(`${c.rule}.`, 96, `${i + 1}. ${c.name}: `, "   ")).join("\n");

export const auditCommand = command({
  name: "audit",
  summary: "check the whole database against the money rules",
  about: `Reads the whole database on one snapshot (calls may go on meanwhile; nothing is written)
and checks the money rules:
${RULES}

Prints each check, with the rows that break it under a failed one (account id, ledger id, CDR
or hold UUID), and the counts of estimated CDRs and of CDRs not priced. Exit 1 (AUDIT_FAILED)
when any check fails. --quiet prints nothing when every check holds, for cron:
'ccard audit --quiet || mail …' (--json prints its document either way). docs/audit.md says more.`,
  options: {
    limit: withDefault(wholeNumber(1, 1000000), "problems shown per check", 20),
    quiet: flag("print nothing when every check holds"),
  },
  db: "read",
  async run(o, ctx): Promise<Printable> {
    const started = Date.now();
    const now = nowSeconds();
    const { counts, checks } = await ctx.db.snapshot((db) => audit(db, now, o.limit));
    const failed = checks.filter((c) => c.status === "fail");
    const problems = failed.reduce((n, c) => n + c.problem_count, 0);
    const doc = { database: ctx.db.location, checked_at: now, ok: failed.length === 0, ...counts, checks, elapsed_ms: Date.now() - started };
    const first = failed.length === 0 ? "" : failed[0].problems[0]?.problem ?? "";
    return {
      json: doc,
      text: () => (o.quiet && failed.length === 0 ? "" : auditText(ctx.db.location, counts, checks)),
      failure: failed.length === 0 ? undefined : new Failure("AUDIT_FAILED", `${failed.length} of ${checks.length} checks failed, ${problems} problem(s); first: ${first}`),
    };
  },
});
