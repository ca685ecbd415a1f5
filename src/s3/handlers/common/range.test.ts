import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentRange, parseRange, resolveRange } from './range.js';

test('parseRange: the three single-range forms', () => {
  assert.deepEqual(parseRange('bytes=0-9'), { kind: 'bounded', start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=100-'), { kind: 'open', start: 100 });
  assert.deepEqual(parseRange('bytes=-500'), { kind: 'suffix', length: 500 });
  assert.deepEqual(parseRange(' bytes = 5 - 7 '), { kind: 'bounded', start: 5, end: 7 });
});

test('parseRange: absent, malformed and multi-range headers are ignored (whole object)', () => {
  for (const h of [undefined, '', 'bytes=', 'bytes=-', 'bytes=a-b', 'items=0-9', 'bytes=0-1,4-5',
    'bytes=9-0', 'bytes=+1-2', 'bytes=1--2', 'bytes=0x10-20', 'bytes=1234567890123456-']) {
    assert.equal(parseRange(h), undefined, String(h));
  }
});

test('parseRange: bytes=-0 is passed on as an unsatisfiable zero suffix', () => {
  assert.deepEqual(parseRange('bytes=-0'), { kind: 'suffix', length: 0 });
});

test('resolveRange: clamps to the object and reports unsatisfiable ranges', () => {
  assert.deepEqual(resolveRange({ kind: 'bounded', start: 0, end: 999 }, 10), { start: 0, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'open', start: 4 }, 10), { start: 4, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'suffix', length: 3 }, 10), { start: 7, end: 9 });
  assert.deepEqual(resolveRange({ kind: 'suffix', length: 30 }, 10), { start: 0, end: 9 });
  assert.equal(resolveRange({ kind: 'bounded', start: 10, end: 20 }, 10), undefined);
  assert.equal(resolveRange({ kind: 'open', start: 10 }, 10), undefined);
  assert.equal(resolveRange({ kind: 'suffix', length: 0 }, 10), undefined);
  assert.equal(resolveRange({ kind: 'suffix', length: 5 }, 0), undefined);
  assert.equal(resolveRange({ kind: 'bounded', start: 0, end: 0 }, 0), undefined);
});

test('contentRange formats bytes a-b/size', () => {
  assert.equal(contentRange({ start: 0, end: 9 }, 100), 'bytes 0-9/100');
});
