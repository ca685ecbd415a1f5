/**
 * bin/cairn.js sizes libuv's thread pool (file I/O and fsyncs) before anything uses it: 16
 * threads unless UV_THREADPOOL_SIZE is set, which is kept. Counted on the running server: the
 * same server started with UV_THREADPOOL_SIZE=4 has exactly 12 threads fewer (libuv starts
 * every pool thread at once, on the first use, which a server's start makes).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { startServer, type CairnServer } from '../helpers/server.js';

function threadsOf(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

describe('libuv thread pool size set by bin/cairn.js', () => {
  const servers: CairnServer[] = [];
  after(async () => { await Promise.all(servers.map((s) => s.stop())); });

  it('is 16 by default and UV_THREADPOOL_SIZE when given', async () => {
    // An empty value counts as unset (the launcher's default applies), so the runner's own
    // environment cannot decide the default case.
    const byDefault = await startServer({ env: { UV_THREADPOOL_SIZE: '' } });
    servers.push(byDefault);
    const four = await startServer({ env: { UV_THREADPOOL_SIZE: '4' } });
    servers.push(four);
    const six = await startServer({ env: { UV_THREADPOOL_SIZE: '6' } });
    servers.push(six);
    // Each answers a request (the pool has been used by the start: drives opened, format read).
    for (const s of servers) assert.equal((await fetch(`${s.endpoint}/minio/health/live`)).status, 200);
    // Every other thread (V8's, the signal thread) starts with the process, before the S3-API
    // line; none starts later in an idle server (a server's count stays the same for 16 s after).
    const counts = [byDefault, four, six].map((s) => threadsOf(s.pid));
    assert.equal(counts[0]! - counts[1]!, 16 - 4, `default pool: 16 threads (threads ${counts.join(' / ')})`);
    assert.equal(counts[2]! - counts[1]!, 6 - 4, `UV_THREADPOOL_SIZE=6 kept (threads ${counts.join(' / ')})`);
  });
});
