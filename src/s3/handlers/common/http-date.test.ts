import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpDate, isoDate, parseHttpDate } from './http-date.js';

test('httpDate / isoDate formats', () => {
  const d = new Date(Date.UTC(2026, 10, 26, 23, 28, 35, 123));
  assert.equal(httpDate(d), 'Thu, 26 Nov 2026 23:28:35 GMT');
  assert.equal(isoDate(d), '2026-11-26T23:28:35.123Z');
});

test('parseHttpDate: the three HTTP forms and ISO 8601; garbage is undefined', () => {
  const want = new Date('1994-11-06T08:49:37Z').getTime();
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.getTime(), want);
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getTime(), want);
  assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994')?.getTime(), want);
  assert.equal(parseHttpDate('1994-11-06T08:49:37Z')?.getTime(), want);
  for (const v of [undefined, '', 'yesterday', '12345', 'Sun, 06 Nov 1994 08:49:37', 'Sun, 32 Nov 1994 08:49:37 GMT']) {
    assert.equal(parseHttpDate(v), undefined, String(v));
  }
});

test('httpDate writes what toUTCString writes: epoch, leap days, century ends, year 9999, random instants', () => {
  const at = (iso: string): Date => new Date(iso);
  const fixed = [
    at('1970-01-01T00:00:00.000Z'), at('1970-01-01T23:59:59.999Z'), at('1972-02-29T12:00:00Z'), at('1999-12-31T23:59:59Z'),
    at('2000-02-29T00:00:00Z'), at('2000-03-01T00:00:00Z'), at('2026-11-26T23:28:35.123Z'), at('2100-02-28T23:59:59Z'),
    at('2100-03-01T00:00:00Z'), at('2400-02-29T06:07:08Z'), at('9999-12-31T23:59:59.999Z'),
  ];
  for (const d of fixed) assert.equal(httpDate(d), d.toUTCString(), d.toISOString());
  assert.equal(httpDate(at('2026-11-26T23:28:35.999Z')), 'Thu, 26 Nov 2026 23:28:35 GMT');
  let seed = 12345;
  const next = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  for (let i = 0; i < 20_000; i++) {
    const d = new Date(Math.floor(next() * 253_402_300_800_000));
    assert.equal(httpDate(d), d.toUTCString(), d.toISOString());
  }
  // Outside 1970-9999: toUTCString's own answer.
  for (const d of [new Date(-1), new Date(253_402_300_800_000), new Date(Number.NaN)]) assert.equal(httpDate(d), d.toUTCString());
});
