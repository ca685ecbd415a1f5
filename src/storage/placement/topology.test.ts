import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandEndpoints } from './endpoint-expansion.js';
import { defaultParity, parseStorageClass, quorumsFor, setIndexFor, setSizeFor, checkParity } from './topology.js';
import { FormatError } from '../../errors/domain-errors.js';

test('endpoints: ranges expand in order, with zero padding, several ranges and args', () => {
  assert.deepEqual(expandEndpoints(['/data/d{1...4}']), ['/data/d1', '/data/d2', '/data/d3', '/data/d4']);
  assert.deepEqual(expandEndpoints(['/d{08...11}']), ['/d08', '/d09', '/d10', '/d11']);
  assert.deepEqual(expandEndpoints(['/n{1...2}/d{1...2}']), ['/n1/d1', '/n1/d2', '/n2/d1', '/n2/d2']);
  assert.deepEqual(expandEndpoints(['/a{1...2}', '/b', '/c{3...3}']), ['/a1', '/a2', '/b', '/c3']);
  assert.deepEqual(expandEndpoints(['/plain']), ['/plain']);
  assert.equal(expandEndpoints(['/d{1...64}']).length, 64);
});

test('endpoints: bad input is refused with FormatError', () => {
  const bad = [[], [''], ['/d{1...65}'], ['/d{1...33}', '/e{1...32}'], ['/d{3...1}'], ['/d{1..4}'], ['/d{a...b}'], ['/d{1...2'], ['/x', '/x'], ['/x', '/y/../x'], ['/d{1...2}', '/d2']];
  for (const args of bad) assert.throws(() => expandEndpoints(args), FormatError, JSON.stringify(args));
  assert.throws(() => expandEndpoints(['/x', '/x']), /duplicate drive/);
});

test('set size: largest divisor in 2..16 for 1..64 drives', () => {
  const expect = (n: number): number | undefined => {
    if (n === 1) return 1;
    for (let s = 16; s >= 2; s--) if (n % s === 0) return s;
    return undefined;
  };
  for (let n = 1; n <= 64; n++) {
    const want = expect(n);
    if (want === undefined) assert.throws(() => setSizeFor(n), FormatError, `n=${n}`);
    else assert.equal(setSizeFor(n), want, `n=${n}`);
  }
  assert.equal(setSizeFor(4), 4);
  assert.equal(setSizeFor(12), 12);
  assert.equal(setSizeFor(32), 16);
  assert.equal(setSizeFor(24), 12);
  assert.equal(setSizeFor(18), 9);
  assert.throws(() => setSizeFor(17), /cannot be split/);
  assert.throws(() => setSizeFor(0), FormatError);
});

test('parity: defaults per set size and EC:N override', () => {
  const table: [number, number][] = [[1, 0], [2, 1], [3, 1], [4, 2], [5, 2], [6, 3], [7, 3], [8, 4], [12, 4], [16, 4]];
  for (const [size, parity] of table) assert.equal(defaultParity(size), parity, `size ${size}`);
  assert.equal(parseStorageClass('EC:3', 8), 3);
  assert.equal(parseStorageClass('EC:8', 16), 8);
  assert.equal(parseStorageClass('EC:0', 1), 0);
  assert.throws(() => parseStorageClass('EC:5', 8), /exceeds half/);
  assert.throws(() => parseStorageClass('EC:1', 1), /exceeds half/);
  assert.throws(() => parseStorageClass('RS:2', 4), FormatError);
  assert.throws(() => parseStorageClass('EC:-1', 4), FormatError);
  assert.throws(() => checkParity(1.5, 4), FormatError);
});

test('quorums: read k, write k or k+1 when k = m', () => {
  assert.deepEqual(quorumsFor(4, 2), { k: 2, m: 2, readQuorum: 2, writeQuorum: 3 });
  assert.deepEqual(quorumsFor(16, 4), { k: 12, m: 4, readQuorum: 12, writeQuorum: 12 });
  assert.deepEqual(quorumsFor(1, 0), { k: 1, m: 0, readQuorum: 1, writeQuorum: 1 });
  assert.deepEqual(quorumsFor(2, 1), { k: 1, m: 1, readQuorum: 1, writeQuorum: 2 });
});

test('set hash: deterministic, in range, spreads keys over sets', () => {
  const dep = '2b3f1a5e-0000-4000-8000-000000000001';
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) {
    const s = setIndexFor(dep, 'bucket', `key-${i}`, 4);
    assert.equal(s, setIndexFor(dep, 'bucket', `key-${i}`, 4));
    counts[s]!++;
  }
  for (const c of counts) assert.ok(c > 800 && c < 1200, `uneven spread ${counts.join(',')}`);
  assert.equal(setIndexFor(dep, 'b', 'k', 1), 0);
  // bucket/key boundary is part of the hash input: ('a', 'b/c') and ('a/b', 'c') map the same way by design of S3 paths,
  // but a different deployment gives an independent mapping.
  const other = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => setIndexFor('another', 'bucket', `key-${i}`, 4));
  const mine = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => setIndexFor(dep, 'bucket', `key-${i}`, 4));
  assert.notDeepEqual(other, mine);
});
