import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import {
  normalizeEtagList, parseCopySourceConditions, parseReadConditions, parseWriteConditions, stripEtag,
} from './conditions.js';

test('stripEtag / normalizeEtagList', () => {
  assert.equal(stripEtag(' "abc" '), 'abc');
  assert.equal(stripEtag('W/"abc"'), 'abc');
  assert.equal(stripEtag('abc'), 'abc');
  assert.equal(normalizeEtagList('"a", W/"b",c'), 'a,b,c');
  assert.equal(normalizeEtagList('"a", *'), '*');
  assert.equal(normalizeEtagList(' , '), undefined);
  assert.equal(normalizeEtagList(undefined), undefined);
});

test('parseReadConditions: all four headers, invalid dates ignored', () => {
  const c = parseReadConditions({
    'if-match': '"e1"',
    'if-none-match': '"e2"',
    'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT',
    'if-unmodified-since': 'not a date',
  });
  assert.deepEqual(c, { ifMatch: 'e1', ifNoneMatch: 'e2', ifModifiedSince: new Date('1994-11-06T08:49:37Z') });
  assert.equal(parseReadConditions({}), undefined);
});

test('parseReadConditions: RFC 850 and asctime dates', () => {
  assert.deepEqual(parseReadConditions({ 'if-modified-since': 'Sunday, 06-Nov-94 08:49:37 GMT' })?.ifModifiedSince,
    new Date('1994-11-06T08:49:37Z'));
  assert.deepEqual(parseReadConditions({ 'if-modified-since': 'Sun Nov  6 08:49:37 1994' })?.ifModifiedSince,
    new Date('1994-11-06T08:49:37Z'));
});

test('parseCopySourceConditions reads the x-amz-copy-source-if-* headers', () => {
  const c = parseCopySourceConditions({
    'x-amz-copy-source-if-match': '"m"',
    'x-amz-copy-source-if-none-match': '"n"',
    'x-amz-copy-source-if-unmodified-since': 'Thu, 26 Nov 2026 23:00:00 GMT',
    'if-match': '"ignored"',
  });
  assert.deepEqual(c, { ifMatch: 'm', ifNoneMatch: 'n', ifUnmodifiedSince: new Date('2026-11-26T23:00:00Z') });
});

test('parseWriteConditions: If-None-Match only supports *', () => {
  assert.deepEqual(parseWriteConditions({ 'if-none-match': '*' }), { ifNoneMatch: '*' });
  assert.deepEqual(parseWriteConditions({ 'if-match': '"x"' }), { ifMatch: 'x' });
  assert.equal(parseWriteConditions({}), undefined);
  assert.throws(() => parseWriteConditions({ 'if-none-match': '"etag"' }),
    (e: unknown) => isS3Error(e) && e.code === 'NotImplemented' && e.status === 501);
});
