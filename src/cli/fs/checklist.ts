/** The shape and printing of `ccard fs check` results. */

/** ok, fail (exit 1), or unknown (could not be checked from here; does not fail the run). */
export type CheckStatus = "ok" | "fail" | "unknown";

export interface CheckItem {
  status: CheckStatus;
  /** One line saying what was found. */
  title: string;
  /** For fail/unknown: what the operator should do. */
  fix?: string;
}

const MARK: Record<CheckStatus, string> = { ok: "✓", fail: "✗", unknown: "?" };

/** The checklist as printed: a mark per line, the fix indented under failures, then a tally. */
export function formatChecklist(heading: string, items: CheckItem[]): string {
  let text = `${heading}\n`;
  for (const item of items) {
    text += `${MARK[item.status]} ${item.title}\n`;
    if (item.status !== "ok" && item.fix !== undefined) text += `    fix: ${item.fix}\n`;
  }
  const count = (s: CheckStatus) => items.filter((i) => i.status === s).length;
  const unknown = count("unknown") > 0 ? `, ${count("unknown")} not checked` : "";
  text += count("fail") === 0 ? `all ${count("ok")} checks passed${unknown}\n` : `${count("fail")} of ${items.length} checks failed${unknown}\n`;
  return text;
}

/** True when any item failed (the run exits 1); "unknown" items do not count. */
export function anyFailed(items: CheckItem[]): boolean {
  return items.some((i) => i.status === "fail");
}
