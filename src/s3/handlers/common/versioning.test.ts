import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeVersioningDoc, encodeVersioningDoc } from './versioning.js';

test('versioning doc: JSON round trip, XML form, absent', () => {
  assert.equal(decodeVersioningDoc(undefined), 'Unversioned');
  assert.equal(decodeVersioningDoc(encodeVersioningDoc('Enabled')), 'Enabled');
  assert.equal(decodeVersioningDoc(encodeVersioningDoc('Suspended')), 'Suspended');
  assert.equal(decodeVersioningDoc(Buffer.from(
    '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>')), 'Enabled');
  assert.equal(decodeVersioningDoc(Buffer.from('<VersioningConfiguration/>')), 'Unversioned');
});

test('versioning doc: corrupt documents fail loudly', () => {
  assert.throws(() => decodeVersioningDoc(Buffer.from('{"status":"Maybe"}')));
  assert.throws(() => decodeVersioningDoc(Buffer.from('{not json')));
  assert.throws(() => decodeVersioningDoc(Buffer.from('garbage')));
});
