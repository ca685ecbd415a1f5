// Memory workloads: peak server RSS under many concurrent large PUTs, and server RSS while
// holding many idle keep-alive connections.
import { S3 } from '../tools/lib/s3.mjs';
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
    args: ['put', '-z', size, '-c', String(count), '-n', String(count), '-w', '0s', '-d', '300s', '--no-cleanup'],
  });
  return {
    workload: `${count} concurrent PUTs of ${size}`, rss_before_mib: r1(before), peak_rss_mib: j.peak_rss_mib,
    target_mib: BIG_PUT_TARGET_MIB, ok: !j.failed && j.errors === 0 && j.ops === count && j.peak_rss_mib < BIG_PUT_TARGET_MIB,
    ops: j.ops ?? 0, errors: j.errors ?? 1, seconds: j.window_s ?? null, mib_per_s: j.mib_per_s ?? null,
    ...(j.failed ? { error: j.error } : {}), ...(j.error_samples ? { error_samples: j.error_samples } : {}),
  };
}

/**
 * Opens `count` keep-alive connections with one signed ListBuckets each, lets them go idle,
 * and reads the server's RSS while they are held open.
 */
export async function idleConnections({ server, count, idleMs = 2000 }) {
  const before = treeRssMiB(server.pid);
  const s3 = new S3({ endpoint: server.url, accessKey: server.accessKey, secretKey: server.secretKey, connections: count, timeoutMs: 60_000 });
  const statuses = {};
  let transportErrors = 0;
  try {
    const { result, peakRssMiB } = await withPeakRss(server.pid, async () => {
      const rs = await Promise.allSettled(Array.from({ length: count }, () => s3.request({ method: 'GET', collect: true })));
      for (const r of rs) {
        if (r.status === 'fulfilled') statuses[r.value.status] = (statuses[r.value.status] || 0) + 1;
        else transportErrors++;
      }
      await sleep(idleMs);
      return { connected: s3.pool.stats.connected, rss: treeRssMiB(server.pid) };
    });
    const ok200 = statuses[200] || 0;
    return {
      workload: `${count} idle keep-alive connections`, connections_open: result.connected,
      rss_before_mib: r1(before), rss_idle_mib: r1(result.rss), peak_rss_mib: r1(peakRssMiB),
      kib_per_connection: before != null && result.rss != null && result.connected ? Math.round(((result.rss - before) * 1024) / result.connected) : null,
      target_mib: IDLE_TARGET_MIB,
      ok: ok200 === count && result.connected === count && result.rss != null && result.rss < IDLE_TARGET_MIB,
      statuses, transport_errors: transportErrors, errors: count - ok200, idle_ms: idleMs,
    };
  } finally {
    await s3.close().catch(() => {});
  }
}
