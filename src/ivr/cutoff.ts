/**
 * When the switch cuts a call off, for a grant of G seconds (the most talk its hold pays for).
 *
 * The dial string has the callee leg run `sched_hangup +N` as it answers (execute_on_answer),
 * at t_s, a moment after its answer at t_a. FreeSWITCH's scheduler keeps whole epoch seconds:
 * the task is due at floor(t_s) + N, and its thread runs due tasks each time it wakes, which is
 * at most 500 ms apart (switch_scheduler.c waits up to 500 ms on its event queue between
 * passes). So the callee is hung up between floor(t_s) + N and floor(t_s) + N + 0.5 s (plus the
 * time the pass takes), and its answered time (billmsec) lies between N − 1 s and
 * N + 0.5 s + (t_s − t_a). Measured on 1.10.12: +30 gave 29,180 to 30,220 ms.
 *
 * The rule: schedule N = G − 1. The answered time is then at most G − 0.5 s plus those two
 * small delays, below G whenever together they stay under half a second, so the carrier's
 * bill (whole seconds, rounded up) fits the hold. The caller gets between G − 2 and G − 0.5 s.
 */

/** Seconds kept back from a grant for the scheduler's rounding. */
export const CUTOFF_MARGIN_SECONDS = 1;

/** The N of `sched_hangup +N` for a grant of `grantedSeconds` (≤ 0: no call can be placed). */
export function cutoffSeconds(grantedSeconds: number): number {
  return grantedSeconds - CUTOFF_MARGIN_SECONDS;
}
