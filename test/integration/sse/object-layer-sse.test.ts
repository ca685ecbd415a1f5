/**
 * Server-side encryption in the object layer over real drives: every mode, inline and data-dir
 * sizes, ranges (decrypting only what they touch), copies between modes, multipart, the SSE-C
 * key rules, no KMS, and the marker test (no plaintext byte on any drive, LMDB included).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { KmsNotConfiguredError, SseCustomerKeyError } from '../../../src/errors/domain-errors.js';
import { OpenBatchPool } from '../../../src/object/index.js';
import { BUCKET, bytes, KiB, MiB, readAll } from '../object-layer-harness.js';
import { customerKey, filesContaining, KMS_KEY, MODES, openSseHarness } from './sse-layer-harness.js';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const SIZES = [0, 1, 100 * KiB, 200 * KiB + 3, 3 * MiB + 7];

describe('object layer SSE', () => {
  for (const cipher of ['aes-256-gcm', 'chacha20-poly1305'] as const) {
    test(`every mode round-trips put/head/get/ranges/list (${cipher}, EC 2+2)`, async () => {
      const h = await openSseHarness(4, { cipher });
      try {
        for (const m of MODES) {
          for (const size of SIZES) {
            const data = bytes(size, size + 7);
            const key = `${m.name}/${size}`;
            const put = await h.put(key, data, { encryption: m.enc });
            assert.equal(put.size, size);
            assert.equal(put.encryption?.mode, m.enc.mode);
            if (m.enc.mode === 'SSE-S3') assert.equal(put.etag, md5(data));
            else assert.notEqual(put.etag, md5(data), `${m.name}: the ETag is not the MD5`);
            const ck = m.ck ? { customerKey: m.ck } : {};
            const head = await h.layer.headObject({ bucket: BUCKET, key, ...ck });
            assert.equal(head.size, size);
            assert.equal(head.etag, put.etag);
            assert.equal(head.encryption?.kmsKeyId, m.enc.mode === 'SSE-C' ? undefined : KMS_KEY);
            assert.ok((await h.get(key, ck)).equals(data), `${m.name} ${size}`);
            if (size > 0) {
              for (const [s, e] of [[0, 0], [size - 1, size - 1], [Math.floor(size / 3), Math.floor((2 * size) / 3)], [65535, 65537], [65536, 131071]] as const) {
                if (e >= size) continue;
                const got = await h.get(key, { ...ck, range: { kind: 'bounded', start: s, end: e } });
                assert.ok(got.equals(data.subarray(s, e + 1)), `${m.name} ${size} range ${s}-${e}`);
              }
            }
          }
        }
        const listed = await h.layer.listObjects({ bucket: BUCKET, maxKeys: 1000 });
        for (const o of listed.objects) assert.equal(o.size, Number(o.key.split('/')[1]), `listing size of ${o.key}`);
      } finally {
        await h.close();
      }
    });
  }

  test('SSE-C key rules: missing, wrong, and a key for a plain object', async () => {
    const h = await openSseHarness(1);
    try {
      const data = bytes(300 * KiB);
      await h.put('c', data, { encryption: { mode: 'SSE-C', customerKey: customerKey(1) } });
      await h.put('plain', data);
      const kind = (k: SseCustomerKeyError['kind']) => (err: unknown) => err instanceof SseCustomerKeyError && err.kind === k;
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'c' }), kind('required'));
      await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'c' }), kind('required'));
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'c', customerKey: customerKey(2) }), kind('mismatch'));
      await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'plain', customerKey: customerKey(1) }), kind('not-applicable'));
      assert.ok((await h.get('c', { customerKey: customerKey(1) })).equals(data));
    } finally {
      await h.close();
    }
  });

  test('without a KMS: SSE-S3 and SSE-KMS are refused, SSE-C works', async () => {
    const h = await openSseHarness(1, { kms: false });
    try {
      await assert.rejects(h.put('a', bytes(10), { encryption: { mode: 'SSE-S3' } }), KmsNotConfiguredError);
      await assert.rejects(h.put('a', bytes(10), { encryption: { mode: 'SSE-KMS' } }), KmsNotConfiguredError);
      await h.put('c', bytes(10), { encryption: { mode: 'SSE-C', customerKey: customerKey() } });
      assert.ok((await h.get('c', { customerKey: customerKey() })).equals(bytes(10)));
      assert.deepEqual(await h.dataFiles(), []);
    } finally {
      await h.close();
    }
  });

  test('copies decrypt the source and re-encrypt for the destination, between every pair of modes', async () => {
    const h = await openSseHarness(4);
    try {
      const data = bytes(400 * KiB + 5, 3);
      const modes = [{ name: 'plain', enc: undefined, ck: undefined }, ...MODES];
      for (const from of modes) {
        await h.put(`src-${from.name}`, data, from.enc ? { encryption: from.enc } : {});
        for (const to of modes) {
          const dst = `dst-${from.name}-${to.name}`;
          const info = await h.layer.copyObject({
            bucket: BUCKET, key: dst, metadataDirective: 'COPY',
            source: { bucket: BUCKET, key: `src-${from.name}`, ...(from.ck ? { customerKey: from.ck } : {}) },
            ...(to.enc ? { encryption: to.enc } : {}),
          });
          assert.equal(info.encryption?.mode, to.enc?.mode);
          assert.equal(info.size, data.length);
          assert.ok((await h.get(dst, to.ck ? { customerKey: to.ck } : {})).equals(data), `${from.name} -> ${to.name}`);
        }
      }
      // Re-encrypting an object onto itself (plain -> SSE-S3).
      await h.layer.copyObject({ bucket: BUCKET, key: 'src-plain', metadataDirective: 'COPY', source: { bucket: BUCKET, key: 'src-plain' }, encryption: { mode: 'SSE-S3' } });
      assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'src-plain' })).encryption?.mode, 'SSE-S3');
      assert.ok((await h.get('src-plain')).equals(data));
    } finally {
      await h.close();
    }
  });

  for (const m of MODES) {
    test(`multipart ${m.name}: parts, complete, ranges across parts, partNumber, UploadPartCopy`, async () => {
      const h = await openSseHarness(4);
      try {
        const p1 = bytes(5 * MiB + 11, 1);
        const p2 = bytes(MiB + 3, 2);
        const whole = Buffer.concat([p1, p2]);
        const up = await h.layer.createMultipartUpload({ bucket: BUCKET, key: 'mp', encryption: m.enc });
        assert.equal(up.encryption?.mode, m.enc.mode);
        const ck = m.ck ? { customerKey: m.ck } : {};
        const part1 = await h.layer.putObjectPart({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, partNumber: 1, body: Readable.from([p1]), size: p1.length, ...ck });
        assert.equal(part1.size, p1.length);
        await h.put('small', p2);
        const part2 = await h.layer.copyObjectPart({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, partNumber: 2, source: { bucket: BUCKET, key: 'small' }, ...ck });
        const listed = await h.layer.listParts({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, maxParts: 10 });
        assert.deepEqual(listed.parts.map((p) => p.size), [p1.length, p2.length]);
        if (m.enc.mode === 'SSE-C') {
          await assert.rejects(
            h.layer.putObjectPart({ bucket: BUCKET, key: 'mp', uploadId: up.uploadId, partNumber: 3, body: Readable.from([p2]), size: p2.length }),
            (err: unknown) => err instanceof SseCustomerKeyError && err.kind === 'required',
          );
        }
        const done = await h.layer.completeMultipartUpload({
          bucket: BUCKET, key: 'mp', uploadId: up.uploadId, parts: [{ partNumber: 1, etag: part1.etag }, { partNumber: 2, etag: part2.etag }],
        });
        assert.equal(done.size, whole.length);
        assert.match(done.etag, /-2$/);
        assert.ok((await h.get('mp', ck)).equals(whole));
        for (const [s, e] of [[5 * MiB, 5 * MiB + 100], [5 * MiB + 5, 5 * MiB + 20], [100, whole.length - 1]] as const) {
          assert.ok((await h.get('mp', { ...ck, range: { kind: 'bounded', start: s, end: e } })).equals(whole.subarray(s, e + 1)), `range ${s}-${e}`);
        }
        const second = await h.layer.getObject({ bucket: BUCKET, key: 'mp', partNumber: 2, ...ck });
        assert.deepEqual(second.range, { start: p1.length, end: whole.length - 1 });
        assert.ok((await readAll(second.body)).equals(p2));
      } finally {
        await h.close();
      }
    });
  }

  test('marker test: no plaintext marker on any drive (shard files and LMDB), every mode, inline and data dir', async () => {
    const h = await openSseHarness(4);
    try {
      const marker = Buffer.from('CAIRN-MARKER-7f3a9c-PLAINTEXT-MUST-NOT-APPEAR');
      const body = (size: number): Buffer => {
        const b = Buffer.alloc(size, 0x20);
        for (let at = 0; at + marker.length <= size; at += 4096) marker.copy(b, at);
        return b;
      };
      for (const m of MODES) {
        for (const size of [4 * KiB, 100 * KiB, 2 * MiB]) await h.put(`${m.name}-${size}`, body(size), { encryption: m.enc });
        const up = await h.layer.createMultipartUpload({ bucket: BUCKET, key: `${m.name}-mp`, encryption: m.enc });
        const part = await h.layer.putObjectPart({
          bucket: BUCKET, key: `${m.name}-mp`, uploadId: up.uploadId, partNumber: 1, body: Readable.from([body(MiB)]), size: MiB,
          ...(m.ck ? { customerKey: m.ck } : {}),
        });
        await h.layer.completeMultipartUpload({ bucket: BUCKET, key: `${m.name}-mp`, uploadId: up.uploadId, parts: [{ partNumber: 1, etag: part.etag }] });
      }
      assert.deepEqual(await filesContaining(h.root, marker), [], 'the marker never appears on disk');
      // The scan finds a plaintext marker, so the check above is not vacuous.
      const control = Buffer.from('CAIRN-CONTROL-PLAINTEXT-IS-VISIBLE');
      // Repeated, so that whole copies land in each erasure shard (EC 2+2 splits the body in halves).
      const controls = Buffer.concat(Array.from({ length: 100 }, () => control));
      await h.put('plain-inline', controls);
      await h.put('plain-data', Buffer.concat([controls, Buffer.alloc(300 * KiB)]));
      const hits = await filesContaining(h.root, control);
      assert.ok(hits.some((f) => f.endsWith('data.mdb')), 'inline control found in LMDB');
      assert.ok(hits.some((f) => f.includes('/data/')), 'data-dir control found in a shard file');
    } finally {
      await h.close();
    }
  });

  test('packages opened on worker threads where the shards were read (EC 2+2), and from decoded blocks with a data drive offline', async () => {
    const pool = new OpenBatchPool({ threads: 2 });
    const h = await openSseHarness(4, { cipher: 'chacha20-poly1305', openPool: pool });
    try {
      const data = bytes(9 * MiB + 12_345, 5);
      await h.put('big', data, { encryption: { mode: 'SSE-S3' } });
      const ranges = [[0, data.length - 1], [1, 3 * MiB], [MiB - 17, 5 * MiB + 3], [data.length - 70_000, data.length - 1]] as const;
      const check = async (what: string): Promise<void> => {
        assert.ok((await h.get('big')).equals(data), `${what}: whole`);
        for (const [s, e] of ranges) {
          const got = await h.get('big', { range: { kind: 'bounded', start: s, end: e } });
          assert.ok(got.equals(data.subarray(s, e + 1)), `${what}: range ${s}-${e}`);
        }
      };
      await check('all drives');
      h.faults[0]!.set({ offline: true });
      await check('drive 1 offline');
      h.faults[0]!.reset();
      h.faults[2]!.set({ offline: true });
      await check('drive 3 offline');
    } finally {
      await h.close();
      await pool.close();
    }
  });
});
