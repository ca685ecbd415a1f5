import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidPartNumberError, InvalidRangeError } from '../errors/domain-errors.js';
import type { ObjectVersionRecord } from '../storage/format/index.js';
import { resolveRange, selectPart } from './ranges.js';

test('resolveRange: bounded, open, suffix, clamping and unsatisfiable ranges', () => {
  assert.deepEqual(resolveRange({ kind: 'bounded', start: 0, end: 0 }, 10), { start: 0, end: 0 });
  assert.deepEqual(resolveRange({ kind: 'bounded', start: 2, end: 99 }, 10), { start: 2, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'open', start: 9 }, 10), { start: 9, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'suffix', length: 3 }, 10), { start: 7, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'suffix', length: 30 }, 10), { start: 0, end: 9 });
  for (const [spec, size] of [
    [{ kind: 'bounded', start: 10, end: 20 }, 10], [{ kind: 'open', start: 10 }, 10], [{ kind: 'suffix', length: 0 }, 10],
    [{ kind: 'bounded', start: 0, end: 0 }, 0], [{ kind: 'suffix', length: 5 }, 0], [{ kind: 'bounded', start: 5, end: 2 }, 10],
    [{ kind: 'open', start: -1 }, 10],
  ] as const) {
    assert.throws(() => resolveRange(spec, size), (e: unknown) => e instanceof InvalidRangeError && e.size === size);
  }
});

test('selectPart: multipart parts, and part 1 of a plain object', () => {
  const base = { size: 12, parts: undefined } as unknown as ObjectVersionRecord;
  assert.deepEqual(selectPart(base, 1), { range: { start: 0, end: 11 }, partsCount: 1 });
  assert.throws(() => selectPart(base, 2), InvalidPartNumberError);
  assert.throws(() => selectPart(base, 0), InvalidPartNumberError);
  const mp = { size: 12, parts: [{ number: 1, size: 5, etag: 'a' }, { number: 2, size: 7, etag: 'b' }] } as unknown as ObjectVersionRecord;
  assert.deepEqual(selectPart(mp, 2), { range: { start: 5, end: 11 }, partsCount: 2 });
  assert.throws(() => selectPart(mp, 3), InvalidPartNumberError);
  const empty = { size: 0 } as unknown as ObjectVersionRecord;
  assert.deepEqual(selectPart(empty, 1), { range: undefined, partsCount: 1 });
});
