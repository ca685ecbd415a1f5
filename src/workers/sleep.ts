/**
 * Cancellable sleep for background workers: resolves early (false) when the signal aborts.
 * `idle: true` (a worker waiting for its next pass) unrefs the timer so an idle worker never
 * keeps the process alive; sleeps inside an operation someone awaits (rate limiting within a
 * scan pass) keep it alive, or the event loop could end under the awaiting caller.
 */
export function sleep(ms: number, signal?: AbortSignal, opts: { idle?: boolean } = {}): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(true); }, ms);
    if (opts.idle === true) timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
