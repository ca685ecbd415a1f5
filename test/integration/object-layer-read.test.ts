/**
 * GET/HEAD over real drives: every kind of range (inline and multi-block data objects,
 * across erasure block boundaries), partNumber, and conditional requests.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidPartNumberError, InvalidRangeError, NotModifiedError, PreconditionFailedError,
} from '../../src/errors/domain-errors.js';
import type { Conditions, RangeSpec } from '../../src/object/object-layer.js';
import { BUCKET, bytes, KiB, MiB, openHarness, readAll } from './object-layer-harness.js';

for (const n of [1, 4]) {
  describe(`reads, ${n} drive(s)`, () => {
    test('ranges of every kind on inline and data objects', async () => {
      const h = await openHarness(n);
      try {
        for (const size of [1, 4 * KiB, 3 * MiB + 7]) {
          const data = bytes(size, 11);
          await h.put('r', data);
          const specs: [RangeSpec, number, number][] = [
            [{ kind: 'bounded', start: 0, end: 0 }, 0, 0],
            [{ kind: 'bounded', start: 0, end: size - 1 }, 0, size - 1],
            [{ kind: 'bounded', start: 0, end: size + 1000 }, 0, size - 1],
            [{ kind: 'open', start: size - 1 }, size - 1, size - 1],
            [{ kind: 'open', start: 0 }, 0, size - 1],
            [{ kind: 'suffix', length: 1 }, size - 1, size - 1],
            [{ kind: 'suffix', length: size + 5 }, 0, size - 1],
          ];
          if (size > MiB) {
            specs.push(
              [{ kind: 'bounded', start: MiB - 3, end: MiB + 3 }, MiB - 3, MiB + 3],
              [{ kind: 'bounded', start: 2 * MiB, end: 3 * MiB + 6 }, 2 * MiB, 3 * MiB + 6],
              [{ kind: 'bounded', start: 12345, end: 2 * MiB + 99 }, 12345, 2 * MiB + 99],
              [{ kind: 'suffix', length: 8 }, size - 8, size - 1],
            );
          }
          for (const [spec, start, end] of specs) {
            const res = await h.layer.getObject({ bucket: BUCKET, key: 'r', range: spec });
            assert.deepEqual(res.range, { start, end }, JSON.stringify(spec));
            const got = await readAll(res.body);
            assert.ok(got.equals(data.subarray(start, end + 1)), `${size} ${JSON.stringify(spec)}`);
          }
          const bad: RangeSpec[] = [{ kind: 'open', start: size }, { kind: 'bounded', start: size, end: size + 10 }, { kind: 'suffix', length: 0 }];
          for (const spec of bad) {
            await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'r', range: spec }), (e: unknown) => e instanceof InvalidRangeError && e.size === size);
          }
        }
        await h.put('empty', Buffer.alloc(0));
        await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'empty', range: { kind: 'bounded', start: 0, end: 0 } }), InvalidRangeError);
        const whole = await h.layer.getObject({ bucket: BUCKET, key: 'empty' });
        assert.equal((await readAll(whole.body)).length, 0);
      } finally {
        await h.close();
      }
    });

    test('partNumber on a non-multipart object: 1 is the whole object, 2 is InvalidPartNumber', async () => {
      const h = await openHarness(n);
      try {
        for (const size of [10, 200 * KiB]) {
          const data = bytes(size, 5);
          await h.put('p', data);
          const res = await h.layer.getObject({ bucket: BUCKET, key: 'p', partNumber: 1 });
          assert.equal(res.partsCount, 1);
          assert.deepEqual(res.range, { start: 0, end: size - 1 });
          assert.ok((await readAll(res.body)).equals(data));
          await assert.rejects(h.layer.getObject({ bucket: BUCKET, key: 'p', partNumber: 2 }), InvalidPartNumberError);
          await assert.rejects(h.layer.headObject({ bucket: BUCKET, key: 'p', partNumber: 2 }), InvalidPartNumberError);
          assert.equal((await h.layer.headObject({ bucket: BUCKET, key: 'p', partNumber: 1 })).size, size);
        }
      } finally {
        await h.close();
      }
    });

    test('conditional GET and HEAD', async () => {
      const h = await openHarness(n);
      try {
        const info = await h.put('c', Buffer.from('conditional'));
        const etag = `"${info.etag}"`;
        const past = new Date(info.lastModified.getTime() - 60_000);
        const future = new Date(info.lastModified.getTime() + 60_000);
        for (const op of ['get', 'head'] as const) {
          const call = (conditions: Conditions): Promise<unknown> => (op === 'get'
            ? h.layer.getObject({ bucket: BUCKET, key: 'c', conditions })
            : h.layer.headObject({ bucket: BUCKET, key: 'c', conditions }));
          await call({ ifMatch: etag });
          await assert.rejects(call({ ifMatch: '"0000"' }), PreconditionFailedError);
          await assert.rejects(call({ ifNoneMatch: etag }), NotModifiedError);
          await call({ ifNoneMatch: '"0000"' });
          await assert.rejects(call({ ifModifiedSince: future }), NotModifiedError);
          await call({ ifModifiedSince: past });
          await assert.rejects(call({ ifUnmodifiedSince: past }), PreconditionFailedError);
          await call({ ifUnmodifiedSince: future });
          await call({ ifMatch: etag, ifUnmodifiedSince: past });
          await call({ ifNoneMatch: '"0000"', ifModifiedSince: future });
          await assert.rejects(call({ ifNoneMatch: etag, ifModifiedSince: past }), NotModifiedError);
        }
      } finally {
        await h.close();
      }
    });
  });
}
