/**
 * Wait for a condition (sync or async) by polling it, bounded: resolves with the first truthy
 * value `check` returns, rejects with `what` and the last value seen after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string, check: () => T | undefined | false | Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
