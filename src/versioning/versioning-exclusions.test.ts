import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isExcludedKey, versioningForKey } from './versioning-exclusions.js';

describe('versioning exclusions (MinIO ExcludedPrefixes / ExcludeFolders)', () => {
  const ex = { prefixes: ['tmp/', 'spark/*/_temporary/', 'a*b*c'], folders: true };

  it('matches a prefix, a * as any run (slashes too), and folders', () => {
    assert.equal(isExcludedKey(ex, 'tmp/x'), true);
    assert.equal(isExcludedKey(ex, 'tmp/'), true);
    assert.equal(isExcludedKey(ex, 'tmpx'), false);
    assert.equal(isExcludedKey(ex, 'spark/job/_temporary/0/part'), true);
    assert.equal(isExcludedKey(ex, 'spark/a/b/_temporary/x'), true);
    assert.equal(isExcludedKey(ex, 'spark/_temporary/x'), false);
    assert.equal(isExcludedKey(ex, 'axxbyyc-rest'), true);
    assert.equal(isExcludedKey(ex, 'acb'), false);
    assert.equal(isExcludedKey(ex, 'photos/'), true);
    assert.equal(isExcludedKey({ prefixes: [], folders: false }, 'photos/'), false);
  });

  it('only an Enabled bucket excludes; others keep their state', () => {
    assert.equal(versioningForKey('Enabled', ex, 'tmp/x'), 'Suspended');
    assert.equal(versioningForKey('Enabled', ex, 'keep'), 'Enabled');
    assert.equal(versioningForKey('Enabled', undefined, 'tmp/x'), 'Enabled');
    assert.equal(versioningForKey('Suspended', ex, 'keep'), 'Suspended');
    assert.equal(versioningForKey('Unversioned', ex, 'tmp/x'), 'Unversioned');
  });
});
