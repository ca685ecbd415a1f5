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
