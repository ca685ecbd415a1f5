import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { makeSet, chunked, collect } from './erasure-harness.js';

test('a drive slower than the deadline is dropped from a write; its late file is removed', async () => {
  const h = await makeSet(4, 2, 1024, 100);
  try {
    const layout = h.set.layoutFor('b', 'slow');
    const data = randomBytes(8000);
    h.drives[2]!.set({ delayMs: 400 });
    const t0 = Date.now();
    const r = await h.set.writeShards({ layout, path: 'tmp/slow/part.1', body: chunked(data, 1000) });
    assert.ok(Date.now() - t0 < 1500, `write took ${Date.now() - t0} ms`);
    assert.deepEqual(r.written, [true, true, false, true]);
    assert.equal(r.errors[2]?.name, 'DriveOfflineError');
    h.drives[2]!.reset();
    await new Promise((res) => setTimeout(res, 600));
    assert.equal(await h.drives[2]!.statFile('tmp/slow/part.1'), undefined);
    assert.ok((await collect(h.set.readShards({ layout, path: 'tmp/slow/part.1', size: data.length }))).equals(data));
  } finally { await h.cleanup(); }
});

test('a data drive slower than the deadline is replaced by parity on read', async () => {
  const h = await makeSet(4, 2, 1024, 100);
  try {
    const layout = h.set.layoutFor('b', 'slow-read');
    const data = randomBytes(5000);
    await h.set.writeShards({ layout, path: 'tmp/sr/part.1', body: chunked(data, 1000) });
    const slow = layout.distribution.indexOf(0);
    h.drives[slow]!.set({ delayMs: 2000 });
    const reports: number[][] = [];
    const t0 = Date.now();
    const got = await collect(h.set.readShards({ layout, path: 'tmp/sr/part.1', size: data.length, onDegraded: (b) => reports.push([...b]) }));
    assert.ok(Date.now() - t0 < 1500, `read took ${Date.now() - t0} ms`);
    assert.ok(got.equals(data));
    assert.deepEqual(reports, [[slow]]);
    h.drives[slow]!.reset();
  } finally { await h.cleanup(); }
});
