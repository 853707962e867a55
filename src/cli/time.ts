/** Time as the CLI keeps it (whole epoch seconds, UTC days) and shows it. */

export const SECONDS_PER_DAY = 86400;

/** Current time in whole epoch seconds (the unit of every *_at column). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Epoch seconds of 00:00 UTC on a calendar day; undefined when the day does not exist (2025-02-30). */
export function dayStartSeconds(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / 1000;
}

/** The UTC day (YYYY-MM-DD) an epoch second falls on. */
export function dayText(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/** The last day (YYYY-MM-DD, UTC) on which something expiring at epoch second `at` still works. */
export function lastValidDay(at: number): string {
  return dayText(at - 1);
}

/** Epoch seconds as ISO 8601 UTC ("2026-11-26T02:00:00Z"). */
export function timeText(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(".000Z", "Z");
}
