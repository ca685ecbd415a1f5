import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from './iso-time.js';

test('isoTime writes what toISOString writes', () => {
  const fixed = [0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_764_600_000_037,
    253_402_300_799_999, 253_402_300_800_000, -1, -62_167_219_200_000, 8.64e15, -8.64e15];
  for (const ms of fixed) assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString(), String(ms));
  let seed = 12345;
  const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < 20_000; i++) {
    const ms = Math.floor(rnd() * 260_000_000_000_000) - 1_000_000_000_000;
    assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString(), String(ms));
  }
  // Consecutive instants of one day (the cached day part) and across midnight.
  for (let ms = 1_764_633_599_000; ms < 1_764_633_601_000; ms += 7) assert.equal(isoTime(new Date(ms)), new Date(ms).toISOString());
});

test('isoTime of an invalid date throws as toISOString does', () => {
  assert.throws(() => isoTime(new Date(Number.NaN)), RangeError);
});
