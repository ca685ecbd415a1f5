/**
 * Node timers hold at most 2^31 - 1 ms (~24.8 days): a longer delay is replaced by 1 ms with a
 * TimeoutOverflowWarning, so `setInterval(f, 30 days)` would call f every millisecond. Every
 * configurable duration that reaches a timer goes through here.
 */

/** The longest delay a Node timer holds (a 32-bit signed count of ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay a timer can hold: `ms` capped at MAX_TIMER_MS. For periodic checks and re-checks
 * (a reload, a probe, a deadline re-tested when the timer fires), where firing early at most
 * does the check once more; a wait that must last the whole time is slept in pieces
 * (workers/sleep.ts).
 */
export function timerDelay(ms: number): number {
  return Math.min(Math.max(ms, 1), MAX_TIMER_MS);
}
