// Memory workloads: peak server RSS under many concurrent large PUTs, and server RSS while
// holding many idle keep-alive connections.
import { openIdleConnections } from './idle-connections.mjs';
import { treeRssMiB, withPeakRss } from './proc-stats.mjs';
import { measure } from './s3bench-runner.mjs';

export const BIG_PUT_TARGET_MIB = 300;
export const IDLE_TARGET_MIB = 150;

const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `count` PUTs of `size` all in flight at once; the server's peak RSS over the run. */
export async function bigPuts({ server, count, size }) {
  const before = treeRssMiB(server.pid);
  const j = await measure({
    server, row: `mem-put-${size}-x${count}`, round: 1, timeoutMs: 900_000,
    args: ['put', '-z', size, '-c', String(count), '-n', String(count), '-w', '0s', '-d', '300s', '--no-cleanup', '--timeout', '600s'],
  });
  return {
    workload: `${count} concurrent PUTs of ${size}`, rss_before_mib: r1(before), peak_rss_mib: j.peak_rss_mib,
    target_mib: BIG_PUT_TARGET_MIB, ok: !j.failed && j.errors === 0 && j.ops === count && j.peak_rss_mib < BIG_PUT_TARGET_MIB,
    ops: j.ops ?? 0, errors: j.errors ?? 1, seconds: j.window_s ?? null, mib_per_s: j.mib_per_s ?? null,
    ...(j.failed ? { error: j.error } : {}), ...(j.error_samples ? { error_samples: j.error_samples } : {}),
  };
}

/**
 * Holds `count` keep-alive connections, each after one signed ListBuckets, and reads the server's
 * RSS while they sit idle (idleMs after the last response: Cairn closes idle ones after 5 s).
 */
export async function idleConnections({ server, count, idleMs = 500 }) {
  const before = treeRssMiB(server.pid);
  let conns = null;
  try {
    const { result, peakRssMiB } = await withPeakRss(server.pid, async () => {
      conns = await openIdleConnections({ url: server.url, accessKey: server.accessKey, secretKey: server.secretKey, count });
      await sleep(idleMs);
      return { open: conns.openCount(), rss: treeRssMiB(server.pid) };
    });
    const ok200 = conns.statuses[200] || 0;
    return {
      workload: `${count} idle keep-alive connections`, connections_open: result.open,
      rss_before_mib: r1(before), rss_idle_mib: r1(result.rss), peak_rss_mib: r1(peakRssMiB),
      kib_per_connection: before != null && result.rss != null && result.open ? Math.round(((result.rss - before) * 1024) / result.open) : null,
      target_mib: IDLE_TARGET_MIB,
      ok: ok200 === count && conns.errors === 0 && result.open === count && result.rss != null && result.rss < IDLE_TARGET_MIB,
      statuses: conns.statuses, errors: Math.max(conns.errors, count - ok200), idle_ms: idleMs,
    };
  } finally {
    if (conns) for (const s of conns.sockets) s.destroy();
  }
}
