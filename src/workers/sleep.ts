import { MAX_TIMER_MS } from '../util/timer-delay.js';

/**
 * Cancellable sleep for background workers: resolves early (false) when the signal aborts.
 * `idle: true` (a worker waiting for its next pass) unrefs the timer so an idle worker never
 * keeps the process alive; sleeps inside an operation someone awaits (rate limiting within a
 * scan pass) keep it alive, or the event loop could end under the awaiting caller.
 * A wait longer than a timer can hold (2^31 - 1 ms, ~24.8 days: Node fires a longer one after
 * 1 ms) is slept in pieces, so `CAIRN_SCRUB_INTERVAL=30d` waits 30 days.
 */
export function sleep(ms: number, signal?: AbortSignal, opts: { idle?: boolean } = {}): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (!(ms > 0)) return Promise.resolve(true);
  return new Promise((resolve) => {
    let left = ms;
    let timer: NodeJS.Timeout;
    const onAbort = (): void => { clearTimeout(timer); resolve(false); };
    const arm = (): void => {
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      timer = setTimeout(() => {
        if (left > 0) { arm(); return; }
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      }, step);
      if (opts.idle === true) timer.unref();
    };
    arm();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

