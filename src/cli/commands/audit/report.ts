/** The text of an audit: a line per check (✓ or ✗), the problems under each failure, a tally. */
import { plural, visibleText } from "../../output/format";
import type { AuditCounts, CheckResult } from "./tally";

const n = (x: number): string => x.toLocaleString("en-US");

export function auditText(location: string, counts: AuditCounts, checks: CheckResult[]): string {
  let text = `audit of ${visibleText(location)}: accounts ${n(counts.accounts)}, ledger rows ${n(counts.ledger_rows)}, CDRs ${n(counts.cdrs)}, live holds ${n(counts.holds)}\n`;
  for (const c of checks) {
    text += `${c.status === "ok" ? "✓" : "✗"} ${c.name}: ${c.title}${c.status === "ok" ? "" : ` — ${plural(c.problem_count, "problem")}`}\n`;
    for (const p of c.problems) text += `    ${visibleText(p.problem)}\n`;
    if (c.problem_count > c.problems.length) text += `    … and ${n(c.problem_count - c.problems.length)} more (--limit)\n`;
  }
  if (counts.cdrs_not_priced > 0) text += `CDRs settled before schema 3, not priced again (they record no tariff): ${n(counts.cdrs_not_priced)}\n`;
  text += `estimated CDRs (billed from the answer mark: the callee leg never reported): ${n(counts.estimated_cdrs)}\n`;
  const failed = checks.filter((c) => c.status === "fail").length;
  text += failed === 0 ? `all ${checks.length} checks passed\n` : `${failed} of ${checks.length} checks failed\n`;
  return text;
}
