/**
 * Listing over real drives: prefix / delimiter / after / maxKeys pagination against a simple
 * model (keys with multi-byte and control characters, UTF-8 byte order), delete markers,
 * version listing markers, a k-way merge across two erasure sets, and the flat-cost check:
 * entries read from LMDB per page do not grow with the bucket.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErasureObjectLayer } from '../../src/object/erasure-object-layer.js';
import { objectKey } from '../../src/object/meta-keys.js';
import type { ListObjectsRequest } from '../../src/object/object-layer.js';
import { ErasureSetImpl, LocalDrive } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/storage.js';
import { BUCKET, CountingDrive, openHarness, type Harness } from './object-layer-harness.js';

const KEYS = [
  'a', 'a/', 'a/b', 'a/b/c', 'a/b/d', 'a/c', 'a-b', 'a\u0001x', 'a\tb/c', 'ab', 'b', 'b/x/y', 'b/x/z', 'c\u007f',
  'é', 'é/1', 'é/2', '\u{e000}', '\u{e000}/x', '😀', '😀/a', '😀/b', 'z/z/z', 'zz', '日本/語', '日本/x', ' space', '%41',
];
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What S3 returns for (prefix, delimiter), all pages together. */
function model(keys: readonly string[], prefix: string, delimiter: string | undefined): string[] {
  const out: string[] = [];
  for (const k of [...keys].sort(byteOrder)) {
    if (!k.startsWith(prefix)) continue;
    if (delimiter) {
      const idx = k.indexOf(delimiter, prefix.length);
      if (idx >= 0) {
        const cp = k.slice(0, idx + delimiter.length);
        if (out[out.length - 1] !== `P:${cp}`) out.push(`P:${cp}`);
        continue;
      }
    }
    out.push(`K:${k}`);
  }
  return out;
}

async function listAll(h: { layer: ErasureObjectLayer }, bucket: string, prefix: string, delimiter: string | undefined, maxKeys: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const r = await h.layer.listObjects({ bucket, prefix, ...(delimiter ? { delimiter } : {}), ...(after !== undefined ? { after } : {}), maxKeys });
    const items = [...r.objects.map((o) => `K:${o.key}`), ...r.commonPrefixes.map((p) => `P:${p}`)]
      .sort((a, b) => byteOrder(a.slice(2), b.slice(2)));
    assert.ok(items.length <= maxKeys);
    out.push(...items);
    if (!r.isTruncated) return out;
    assert.ok(r.nextMarker !== undefined);
    after = r.nextMarker;
  }
  throw new Error('pagination did not end');
}

/** Clone one real record under many keys directly into every drive (fast bucket filling). */
async function fill(h: Harness, keys: readonly string[]): Promise<void> {
  await h.put('__template', Buffer.from('t'));
  const set = h.storage.setFor(BUCKET, '__template');
  const templates = await Promise.all(set.drives.map((d) => d.metaGet(objectKey(BUCKET, '__template'))));
  // Removed from the drives directly (an inline object: no files): a delete would leave a
  // tombstone in the listed range.
  await Promise.all(set.drives.map((d) => d.metaBatch([{ key: objectKey(BUCKET, '__template'), value: null }])));
  for (let i = 0; i < keys.length; i += 5000) {
    const slice = keys.slice(i, i + 5000);
    await Promise.all(set.drives.map((d, j) => d.metaBatch(slice.map((k) => ({ key: objectKey(BUCKET, k), value: templates[j]! })))));
  }
}

for (const n of [1, 4]) {
  describe(`listing, ${n} drive(s)`, () => {
    test('prefix / delimiter / after / maxKeys agree with the model', async () => {
      const h = await openHarness(n);
      try {
        for (const k of KEYS) await h.put(k, Buffer.from(k));
        for (const [prefix, delimiter] of [['', undefined], ['', '/'], ['a', '/'], ['a/', '/'], ['a/b', '/'], ['é', '/'], ['', 'b'], ['😀/', undefined], ['nothing', '/'], ['', '/x']] as const) {
          const want = model(KEYS, prefix, delimiter);
          for (const maxKeys of [1, 2, 3, 1000]) {
            assert.deepEqual(await listAll(h, BUCKET, prefix, delimiter, maxKeys), want, `prefix=${JSON.stringify(prefix)} delim=${delimiter} max=${maxKeys}`);
          }
        }
        const first = await h.layer.listObjects({ bucket: BUCKET, maxKeys: 1 });
        assert.equal(first.objects[0]!.key, ' space');
        assert.equal(first.objects[0]!.size, 6);
        assert.equal(first.isTruncated, true);
        const zero = await h.layer.listObjects({ bucket: BUCKET, maxKeys: 0 });
        assert.deepEqual(zero, { objects: [], commonPrefixes: [], isTruncated: false });
        // after a key inside a prefix still lists the rest
        const r = await h.layer.listObjects({ bucket: BUCKET, prefix: 'a/', after: 'a/b/c', maxKeys: 10 });
        assert.deepEqual(r.objects.map((o) => o.key), ['a/b/d', 'a/c']);
      } finally {
        await h.close();
      }
    });

    test('delete markers hide keys; version listing pages by key and version markers', async () => {
      const h = await openHarness(n);
      try {
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) ids.push((await h.put('v', Buffer.from(`v${i}`), { versioned: true })).versionId);
        await h.put('w', Buffer.from('w'), { versioned: true });
        const dm = await h.layer.deleteObject({ bucket: BUCKET, key: 'w', versioning: 'Enabled' });
        await h.put('x', Buffer.from('x'));
        assert.deepEqual((await h.layer.listObjects({ bucket: BUCKET, maxKeys: 10 })).objects.map((o) => o.key), ['v', 'x']);
        const all: string[] = [];
        let keyMarker: string | undefined;
        let versionIdMarker: string | undefined;
        for (let page = 0; page < 20; page++) {
          const r = await h.layer.listObjectVersions({ bucket: BUCKET, maxKeys: 2, ...(keyMarker ? { keyMarker } : {}), ...(versionIdMarker ? { versionIdMarker } : {}) });
          all.push(...r.versions.map((v) => `${v.key}@${v.versionId}${v.isLatest ? '*' : ''}`));
          if (!r.isTruncated) break;
          keyMarker = r.nextKeyMarker;
          versionIdMarker = r.nextVersionIdMarker;
        }
        const w = (await h.records('w'))[0]!.versions.map((v) => v.versionId);
        assert.equal(w[0], dm.versionId);
        assert.deepEqual(all, [
          `v@${ids[2]}*`, `v@${ids[1]}`, `v@${ids[0]}`, `w@${w[0]}*`, `w@${w[1]}`, 'x@null*',
        ]);
      } finally {
        await h.close();
      }
    });

    test('flat cost: entries read per page do not depend on the bucket size', async () => {
      const small = await openHarness(n);
      const big = await openHarness(n);
      try {
        const keysFor = (dirs: number, files: number): string[] => {
          const out: string[] = [];
          for (let d = 0; d < dirs; d++) for (let f = 0; f < files; f++) out.push(`d${String(d).padStart(3, '0')}/f${String(f).padStart(6, '0')}`);
          return out;
        };
        await fill(small, keysFor(20, 100));     // 2,000 keys
        await fill(big, keysFor(20, 10_000));     // 200,000 keys
        const cost = async (h: Harness, opts: Omit<ListObjectsRequest, 'bucket'>): Promise<{ n: number; entries: number }> => {
          h.resetCounters();
          const r = await h.layer.listObjects({ bucket: BUCKET, ...opts });
          return { n: r.objects.length + r.commonPrefixes.length, entries: h.rangeEntries() };
        };
        // A page of 100 keys, from the start and from the middle of a directory.
        for (const opts of [{ maxKeys: 100 }, { maxKeys: 100, after: 'd005/f000050' }, { maxKeys: 60, prefix: 'd010/' }]) {
          const s = await cost(small, opts);
          const b = await cost(big, opts);
          assert.equal(s.n, opts.maxKeys);
          assert.equal(b.n, opts.maxKeys);
          assert.equal(b.entries, s.entries, `same work for ${JSON.stringify(opts)}`);
          assert.ok(b.entries <= 2 * (opts.maxKeys + 1) * n, `bounded work: ${b.entries}`);
        }
        // Delimiter listing: 20 common prefixes, each skipped with a seek, not a walk.
        const s = await cost(small, { maxKeys: 1000, delimiter: '/' });
        const b = await cost(big, { maxKeys: 1000, delimiter: '/' });
        assert.equal(s.n, 20);
        assert.equal(b.n, 20);
        assert.ok(b.entries <= 20 * 32 * n, `delimiter page read ${b.entries} entries for 200,000 keys`);
        assert.equal(b.entries, s.entries, `big ${b.entries} vs small ${s.entries}`);
        console.log(`listing cost (${n} drive(s)): delimiter page small=${s.entries} big=${b.entries} entries`);
      } finally {
        await small.close();
        await big.close();
      }
    });
  });
}

describe('listing across two erasure sets', () => {
  test('k-way merge yields one ordered listing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cairn-ol2-'));
    const drives = await Promise.all([0, 1, 2, 3].map(async (i) => new CountingDrive(await LocalDrive.open(join(root, `d${i}`)))));
    const sets = [
      new ErasureSetImpl({ index: 0, drives: drives.slice(0, 2), parity: 1 }),
      new ErasureSetImpl({ index: 1, drives: drives.slice(2, 4), parity: 1 }),
    ];
    const storage: Storage = {
      deploymentId: 'test-two-sets',
      sets,
      drives,
      replacedDrives: [],
      markDriveHealed: async () => undefined,
      refreshHealing: async () => undefined,
      setFor: (_b, key) => sets[Buffer.from(key).reduce((a, c) => a + c, 0) % 2]!,
      close: async () => { await Promise.all(drives.map((d) => d.close())); },
    };
    const layer = new ErasureObjectLayer(storage);
    try {
      await layer.makeBucket({ bucket: 'two' });
      const keys = Array.from({ length: 60 }, (_, i) => `k/${(i * 7919) % 1000}/${i % 3 === 0 ? 'é' : 'x'}`);
      for (const k of keys) await layer.putObject({ bucket: 'two', key: k, body: Readable.from([Buffer.from(k)]), size: Buffer.byteLength(k) });
      const inSet0 = keys.filter((k) => storage.setFor('two', k) === sets[0]).length;
      assert.ok(inSet0 > 5 && inSet0 < 55, 'keys spread over both sets');
      for (const maxKeys of [1, 7, 1000]) {
        assert.deepEqual(await listAll({ layer }, 'two', '', undefined, maxKeys), model(keys, '', undefined));
        assert.deepEqual(await listAll({ layer }, 'two', 'k/', '/', maxKeys), model(keys, 'k/', '/'));
      }
    } finally {
      await layer.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
