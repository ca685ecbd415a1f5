import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PreconditionFailedError } from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { checkDeleteConditions, deleteConditionGuard } from './delete-conditions.js';

const version = (over: Partial<ObjectVersionRecord>): ObjectVersionRecord => ({
  versionId: 'a'.repeat(32), writeId: 'a'.repeat(32), isDeleteMarker: false, mtime: Date.UTC(2026, 0, 1, 12, 0, 0, 500),
  size: 5, etag: '0123456789abcdef0123456789abcdef', contentType: 'text/plain', userMetadata: {}, systemMetadata: {},
  storageClass: 'STANDARD', ...over,
});
const v1 = version({});
const marker = version({ versionId: 'b'.repeat(32), writeId: 'b'.repeat(32), isDeleteMarker: true, size: 0, etag: '', mtime: Date.UTC(2026, 0, 2) });
const record: ObjectRecord = { versions: [v1], removed: [] };
const withMarker: ObjectRecord = { versions: [marker, v1], removed: [] };
const fails = (fn: () => void): void => assert.throws(fn, PreconditionFailedError);

describe('conditional delete conditions', () => {
  it('If-Match: the etag (quoted or not, in a list) or *; anything else fails', () => {
    checkDeleteConditions(record, undefined, { ifMatch: '"0123456789abcdef0123456789abcdef"' });
    checkDeleteConditions(record, undefined, { ifMatch: 'ffff,0123456789abcdef0123456789abcdef' });
    checkDeleteConditions(record, undefined, { ifMatch: '*' });
    fails(() => checkDeleteConditions(record, undefined, { ifMatch: 'badetag' }));
  });
  it('last-modified time at one-second resolution, size exact', () => {
    checkDeleteConditions(record, undefined, { ifMatchLastModifiedTime: new Date(Date.UTC(2026, 0, 1, 12, 0, 0)) });
    fails(() => checkDeleteConditions(record, undefined, { ifMatchLastModifiedTime: new Date(Date.UTC(2015, 0, 1)) }));
    checkDeleteConditions(record, undefined, { ifMatchSize: 5 });
    fails(() => checkDeleteConditions(record, undefined, { ifMatchSize: 9999 }));
    fails(() => checkDeleteConditions(record, undefined, { ifMatch: '*', ifMatchSize: 4 }));
  });
  it('a missing key or version satisfies every condition', () => {
    checkDeleteConditions(undefined, undefined, { ifMatch: 'badetag', ifMatchSize: 1 });
    checkDeleteConditions({ versions: [], removed: [{ writeId: 'c'.repeat(32), mtime: 1, at: 2 }] }, undefined, { ifMatch: 'badetag' });
    checkDeleteConditions(record, 'f'.repeat(32), { ifMatch: 'badetag' });
  });
  it('a latest delete marker still exists: * matches it, an etag or a size does not, its own time does', () => {
    checkDeleteConditions(withMarker, undefined, { ifMatch: '*' });
    fails(() => checkDeleteConditions(withMarker, undefined, { ifMatch: '0123456789abcdef0123456789abcdef' }));
    fails(() => checkDeleteConditions(withMarker, undefined, { ifMatchSize: 0 }));
    checkDeleteConditions(withMarker, undefined, { ifMatchLastModifiedTime: new Date(Date.UTC(2026, 0, 2)) });
  });
  it('with a versionId the conditions apply to that version, not the latest', () => {
    checkDeleteConditions(withMarker, v1.versionId, { ifMatch: v1.etag, ifMatchSize: 5 });
    fails(() => checkDeleteConditions(withMarker, v1.versionId, { ifMatchSize: 0 }));
  });
  it('the commit guard checks the same rules, and is absent without conditions', () => {
    assert.equal(deleteConditionGuard(undefined, undefined), undefined);
    assert.equal(deleteConditionGuard(undefined, {}), undefined);
    const guard = deleteConditionGuard(undefined, { ifMatch: v1.etag })!;
    guard(record);
    fails(() => guard({ versions: [version({ etag: 'ffff' })], removed: [] }));
  });
});
