/**
 * Bitrot: random bytes flipped in random shard files on disk (never more than m = 2 drives per
 * file) and in one drive's inline shard of a small object. Every object still reads back
 * byte-identical; the scanner in deep mode finds every damaged object, heal rewrites the
 * damaged files byte-for-byte as they were, and reads that must use a healed drive (the
 * others offline) return the right bytes.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createObjectHealer, healObject } from '../../src/object/heal/index.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { decodeObjectRecord, encodeObjectRecord } from '../../src/storage/format/index.js';
import { ObjectScanner } from '../../src/workers/index.js';
import { BUCKET, openFaultHarness, rng, shardFiles, within } from './fault-harness.js';

test('bitrot in shard files and inline records: reads stay exact, deep scan finds it, heal restores the files', async () => {
  const h = await openFaultHarness({ drives: 4 });
  const random = rng(0xb17);
  try {
    const entries = await h.writeCatalogue({ multipart: true });
    // Which data dir belongs to which key (to know which objects were damaged).
    const dirOwner = new Map<string, string>();
    for (const e of entries) {
      const rec = decodeObjectRecord((await h.faults[0]!.metaGet(objectKey(BUCKET, e.key)))!);
      const v = rec.versions[0]!;
      if (v.dataId !== undefined) dirOwner.set(v.dataId, e.key);
    }
    const files = await shardFiles(h.endpoints[0]!);
    assert.ok(files.length >= 4, `shard files on disk: ${files.length}`);

    // Damage: for every shard file path, 1 or 2 random drives, 1-3 random bytes each.
    const damaged: { drive: number; path: string; original: Buffer }[] = [];
    const damagedKeys = new Set<string>();
    for (const rel of files) {
      const nDrives = 1 + Math.floor(random() * 2);
      const drives = [0, 1, 2, 3].sort(() => random() - 0.5).slice(0, nDrives);
      for (const d of drives) {
        const abs = join(h.endpoints[d]!, '.cairn', rel);
        const original = await readFile(abs);
        const bad = Buffer.from(original);
        const flips = 1 + Math.floor(random() * 3);
        for (let f = 0; f < flips; f++) {
          const at = Math.floor(random() * bad.length);
          bad[at] = bad[at]! ^ (1 + Math.floor(random() * 255));
        }
        await writeFile(abs, bad);
        damaged.push({ drive: d, path: rel, original });
      }
      damagedKeys.add(dirOwner.get(rel.split('/')[2]!)!);
    }
    // And one drive's inline shard of a small object (record rewritten with a flipped byte).
    const inlineKey = 'small-1k';
    const okey = objectKey(BUCKET, inlineKey);
    const rec = decodeObjectRecord((await h.faults[2]!.metaGet(okey))!);
    const v0 = rec.versions[0]!;
    const inline = Buffer.from(v0.inline!);
    inline[10] = inline[10]! ^ 0x41;
    await h.faults[2]!.metaBatch([{ key: okey, value: encodeObjectRecord({ ...rec, versions: [{ ...v0, inline }] }) }]);
    damagedKeys.add(inlineKey);

    // Every object reads back exactly, despite the damage.
    for (const e of entries) {
      const got = await within(15_000, h.get(e.key), e.key);
      assert.ok(got.equals(e.data), `bytes of ${e.key}`);
    }
    assert.ok(h.queue.size > 0, 'reads that met bad shards queued their keys');

    // The cheap scan sees only the inline damage (sizes are intact); the deep scan sees all.
    const cheap = new Set<string>();
    await new ObjectScanner(createObjectHealer(h.layer.context), (_b, k) => cheap.add(k), { objectsPerSecond: 100_000 }).scanPass();
    assert.ok(cheap.has(inlineKey));
    const found = new Set<string>();
    const scanner = new ObjectScanner(createObjectHealer(h.layer.context), (_b, k) => found.add(k), { objectsPerSecond: 100_000, deep: true });
    const stats = await scanner.scanPass({ deep: true });
    assert.equal(stats.objects, entries.length);
    assert.deepEqual([...found].sort(), [...damagedKeys].sort());

    let shardsHealed = 0;
    let recordsHealed = 0;
    for (const key of found) {
      const res = await healObject(h.layer.context, { bucket: BUCKET, key: key, deep: true });
      assert.deepEqual(res.failures, []);
      shardsHealed += res.shardsHealed;
      recordsHealed += res.recordsHealed;
    }
    assert.equal(shardsHealed, damaged.length);
    assert.equal(recordsHealed, 1);

    // The damaged files are byte-for-byte what was written; the inline shard too.
    for (const d of damaged) {
      const now = await readFile(join(h.endpoints[d.drive]!, '.cairn', d.path));
      assert.ok(now.equals(d.original), `healed ${d.path} on drive ${d.drive}`);
    }
    const healedRec = decodeObjectRecord((await h.faults[2]!.metaGet(okey))!);
    assert.ok(healedRec.versions[0]!.inline!.equals(v0.inline!));

    // Reads that must use each healed drive (two others offline) are exact.
    for (const drive of new Set(damaged.map((d) => d.drive))) {
      const others = [0, 1, 2, 3].filter((x) => x !== drive).slice(0, 2);
      h.resetFaults();
      for (const o of others) h.faults[o]!.set({ offline: true });
      for (const e of entries) {
        const got = await within(15_000, h.get(e.key), `${e.key} via drive ${drive}`);
        assert.ok(got.equals(e.data), `bytes of ${e.key} with drives ${others} offline`);
      }
    }
    h.resetFaults();
    const again = new Set<string>();
    await new ObjectScanner(createObjectHealer(h.layer.context), (_b, k) => again.add(k), { objectsPerSecond: 100_000 }).scanPass({ deep: true });
    assert.equal(again.size, 0, 'a second deep scan finds nothing');
  } finally {
    await h.close();
  }
});
