import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeVersioningDocument, encodeVersioningDocument } from './versioning-document.js';

const doc = (text: string): Buffer => Buffer.from(text);

describe('the versioning document', () => {
  it('round-trips state, Object Lock and excluded prefixes', () => {
    assert.deepEqual(decodeVersioningDocument(undefined), { state: 'Unversioned', objectLockEnabled: false });
    assert.deepEqual(decodeVersioningDocument(encodeVersioningDocument('Suspended')), { state: 'Suspended', objectLockEnabled: false });
    assert.deepEqual(decodeVersioningDocument(encodeVersioningDocument('Enabled', true)), { state: 'Enabled', objectLockEnabled: true });
    assert.deepEqual(decodeVersioningDocument(encodeVersioningDocument('Enabled', false, { prefixes: ['tmp/'], folders: true })),
      { state: 'Enabled', objectLockEnabled: false, exclusions: { prefixes: ['tmp/'], folders: true } });
  });

  it('reads exclusions only while Enabled, ignoring what is not a string prefix', () => {
    assert.deepEqual(decodeVersioningDocument(doc('{"status":"Enabled","excludedPrefixes":["a/",3],"excludeFolders":true}')).exclusions,
      { prefixes: ['a/'], folders: true });
    assert.equal(decodeVersioningDocument(doc('{"status":"Enabled","excludedPrefixes":[],"excludeFolders":false}')).exclusions, undefined);
    assert.equal(decodeVersioningDocument(doc('{"status":"Suspended","excludedPrefixes":["a/"]}')).exclusions, undefined);
  });

  it('understands the raw XML body and refuses a corrupt document', () => {
    assert.equal(decodeVersioningDocument(doc('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>')).state, 'Enabled');
    assert.equal(decodeVersioningDocument(doc('<VersioningConfiguration/>')).state, 'Unversioned');
    assert.throws(() => decodeVersioningDocument(doc('{"status":"Maybe"}')), /corrupt versioning config document: status Maybe/);
    assert.throws(() => decodeVersioningDocument(doc('{not json')), /corrupt versioning config document/);
    assert.throws(() => decodeVersioningDocument(doc('garbage')), /corrupt versioning config document/);
  });
});
