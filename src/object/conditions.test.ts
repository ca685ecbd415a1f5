import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotModifiedError, ObjectNotFoundError, PreconditionFailedError } from '../errors/domain-errors.js';
import { checkReadConditions, checkWriteConditions, etagMatches } from './conditions.js';

const obj = { etag: 'abc123', lastModified: new Date('2026-01-10T12:00:00.700Z') };
const before = new Date('2026-01-09T00:00:00Z');
const after = new Date('2026-01-11T00:00:00Z');
const sameSecond = new Date('2026-01-10T12:00:00Z');

test('etag matching: quotes, weak tags, lists and *', () => {
  assert.ok(etagMatches('"abc123"', 'abc123'));
  assert.ok(etagMatches('abc123', 'abc123'));
  assert.ok(etagMatches('W/"abc123"', 'abc123'));
  assert.ok(etagMatches('"x", "abc123"', 'abc123'));
  assert.ok(etagMatches('*', 'abc123'));
  assert.ok(!etagMatches('"abc12"', 'abc123'));
  assert.ok(!etagMatches('', 'abc123'));
});

test('read conditions follow AWS precedence', () => {
  const ok = (c: Parameters<typeof checkReadConditions>[1]): void => assert.doesNotThrow(() => checkReadConditions(obj, c));
  const e412 = (c: Parameters<typeof checkReadConditions>[1]): void => assert.throws(() => checkReadConditions(obj, c), PreconditionFailedError);
  const e304 = (c: Parameters<typeof checkReadConditions>[1]): void => assert.throws(() => checkReadConditions(obj, c), NotModifiedError);
  ok(undefined);
  ok({ ifMatch: '"abc123"' });
  e412({ ifMatch: '"nope"' });
  e412({ ifUnmodifiedSince: before });
  ok({ ifUnmodifiedSince: after });
  ok({ ifUnmodifiedSince: sameSecond }); // second resolution: not modified after it
  ok({ ifMatch: '"abc123"', ifUnmodifiedSince: before }); // If-Match true wins over IUS false
  e412({ ifMatch: '"nope"', ifUnmodifiedSince: after });
  e304({ ifNoneMatch: '"abc123"' });
  ok({ ifNoneMatch: '"other"' });
  e304({ ifModifiedSince: after });
  e304({ ifModifiedSince: sameSecond });
  ok({ ifModifiedSince: before });
  ok({ ifNoneMatch: '"other"', ifModifiedSince: after }); // INM false → IMS ignored → 200
  e304({ ifNoneMatch: '"abc123"', ifModifiedSince: before });
  e412({ ifMatch: '"nope"', ifNoneMatch: '"abc123"' }); // 412 before 304
  ok({ ifModifiedSince: new Date('garbage') }); // invalid dates are ignored
});

test('copy-source conditions turn 304 into 412', () => {
  assert.throws(() => checkReadConditions(obj, { ifNoneMatch: '"abc123"' }, 'copy-source'), PreconditionFailedError);
  assert.throws(() => checkReadConditions(obj, { ifModifiedSince: after }, 'copy-source'), PreconditionFailedError);
  assert.doesNotThrow(() => checkReadConditions(obj, { ifMatch: 'abc123', ifUnmodifiedSince: before }, 'copy-source'));
});

test('write conditions', () => {
  assert.doesNotThrow(() => checkWriteConditions('b', 'k', undefined, { ifNoneMatch: '*' }));
  assert.throws(() => checkWriteConditions('b', 'k', obj, { ifNoneMatch: '*' }), PreconditionFailedError);
  assert.throws(() => checkWriteConditions('b', 'k', undefined, { ifMatch: '"abc123"' }), ObjectNotFoundError);
  assert.throws(() => checkWriteConditions('b', 'k', obj, { ifMatch: '"zzz"' }), PreconditionFailedError);
  assert.doesNotThrow(() => checkWriteConditions('b', 'k', obj, { ifMatch: '"abc123"' }));
});
