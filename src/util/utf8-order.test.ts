import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareUtf8, prefixSuccessor } from './utf8-order.js';

const SAMPLES = ['', 'a', 'a/', 'a0', 'ab', 'a\u0001', 'a\u007f', 'é', '\u{ffff}', '\u{e000}', '\u{10000}', '\u{1f600}', '\u{10ffff}',
  'a\u{10ffff}', 'a/\u{10ffff}', 'z', '\ud7ff', 'x\u{ffff}y'];

test('compareUtf8 agrees with byte order of the UTF-8 encodings', () => {
  for (const a of SAMPLES) {
    for (const b of SAMPLES) {
      const want = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.equal(Math.sign(compareUtf8(a, b)), want, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test('prefixSuccessor is above every extension of the prefix and below everything else above it', () => {
  for (const p of SAMPLES.filter((s) => s !== '')) {
    const succ = prefixSuccessor(p);
    if (p === '\u{10ffff}') { assert.equal(succ, undefined); continue; }
    assert.ok(succ !== undefined, JSON.stringify(p));
    for (const ext of ['', '\u0000', 'zzz', '\u{10ffff}\u{10ffff}', '\u{ffff}']) {
      assert.ok(compareUtf8(p + ext, succ) < 0, `${JSON.stringify(p + ext)} < succ`);
    }
    for (const other of SAMPLES) {
      if (other.startsWith(p)) continue;
      if (compareUtf8(other, p) > 0) assert.ok(compareUtf8(other, succ) >= 0, `${JSON.stringify(other)} >= succ of ${JSON.stringify(p)}`);
    }
  }
  assert.equal(prefixSuccessor('a/'), 'a0');
  assert.equal(prefixSuccessor('a\u{10ffff}'), 'b');
  assert.equal(prefixSuccessor('\ud7ff'), '\ue000');
  assert.equal(prefixSuccessor(''), undefined);
});
