/** The shape and printing of `ccard fs check` results. */

/**
 * ok; fail (exit 1); unknown (could not be checked from here); note (works, but could be
 * better: advice that does not fail the run).
 */
export type CheckStatus = "ok" | "fail" | "unknown" | "note";

export interface CheckItem {
  status: CheckStatus;
  /** One line saying what was found. */
  title: string;
  /** For fail/unknown/note: what the operator should do. */
  fix?: string;
}

const MARK: Record<CheckStatus, string> = { ok: "✓", fail: "✗", unknown: "?", note: "•" };

/** The checklist as printed: a mark per line, the fix indented under failures, then a tally. */
export function formatChecklist(heading: string, items: CheckItem[]): string {
  let text = `${heading}\n`;
  for (const item of items) {
    text += `${MARK[item.status]} ${item.title}\n`;
    if (item.status !== "ok" && item.fix !== undefined) text += `    fix: ${item.fix}\n`;
  }
  const count = (s: CheckStatus) => items.filter((i) => i.status === s).length;
  const unknown = count("unknown") > 0 ? `, ${count("unknown")} not checked` : "";
  const notes = count("note") > 0 ? `, ${count("note")} ${count("note") === 1 ? "note" : "notes"}` : "";
  const checks = items.length - count("note");
  text += count("fail") === 0 ? `all ${count("ok")} checks passed${unknown}${notes}\n` : `${count("fail")} of ${checks} checks failed${unknown}${notes}\n`;
  return text;
}

/** True when any item failed (the run exits 1); "unknown" and "note" items do not count. */
export function anyFailed(items: CheckItem[]): boolean {
  return items.some((i) => i.status === "fail");
}
