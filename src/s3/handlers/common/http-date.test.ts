import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpDate, isoDate, parseHttpDate } from './http-date.js';

test('httpDate / isoDate formats', () => {
  const d = new Date(Date.UTC(2026, 10, 26, 23, 28, 35, 123));
  assert.equal(httpDate(d), 'Thu, 26 Nov 2026 23:28:35 GMT');
  assert.equal(isoDate(d), '2026-11-26T23:28:35.123Z');
});

test('httpDate equals toUTCString: every day boundary and leap rule, random instants, years out of range', () => {
  const cases: number[] = [
    0, -1, 1, 999, 1000, Date.UTC(2000, 1, 29, 12), Date.UTC(2100, 1, 28, 23, 59, 59, 999), Date.UTC(2100, 2, 1),
    Date.UTC(1900, 1, 28), Date.UTC(1600, 1, 29), Date.UTC(1000, 0, 1), Date.UTC(1000, 0, 1) - 1,
    Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-5, 3, 4), 8.64e15, -8.64e15,
  ];
  // Every midnight (and the millisecond before it) from 1968 to 2032, across leap years.
  for (let day = Date.UTC(1968, 0, 1); day < Date.UTC(2032, 0, 1); day += 86_400_000) cases.push(day, day - 1);
  let seed = 7;
  const next = (): number => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
  for (let i = 0; i < 20_000; i++) cases.push(Math.floor((next() * 2 - 1) * 3e14));
  for (const ms of cases) {
    const d = new Date(ms);
    assert.equal(httpDate(d), d.toUTCString(), `at ${ms}`);
  }
  assert.equal(httpDate(new Date(NaN)), 'Invalid Date');
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
