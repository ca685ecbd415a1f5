import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminError } from './admin-error.js';
import { routeAdmin, type AdminRoute } from './admin-router.js';
import { matchesPattern } from './endpoints/kms.js';

function route(method: string, target: string): AdminRoute {
  const [path, query = ''] = target.split('?') as [string, string?];
  return routeAdmin({ method, rawPath: path, query: new URLSearchParams(query) });
}

describe('admin router: KMS', () => {
  it('routes MinIO\'s KMS paths with their key-id and pattern', () => {
    assert.deepEqual(route('GET', '/minio/admin/v3/kms/status'), { op: 'KmsStatus', action: 'admin:KMSKeyStatus', readsBody: false });
    assert.deepEqual(route('POST', '/minio/admin/v3/kms/key/create?key-id=k1'), { op: 'KmsKeyCreate', action: 'admin:KMSCreateKey', readsBody: false, keyId: 'k1' });
    assert.deepEqual(route('GET', '/minio/admin/v3/kms/key/status'), { op: 'KmsKeyStatus', action: 'admin:KMSKeyStatus', readsBody: false, keyId: '' });
    assert.deepEqual(route('GET', '/minio/admin/v3/kms/key/status?key-id=k2'), { op: 'KmsKeyStatus', action: 'admin:KMSKeyStatus', readsBody: false, keyId: 'k2' });
    assert.deepEqual(route('GET', '/minio/admin/v3/kms/key/list'), { op: 'KmsKeyList', action: 'admin:KMSKeyStatus', readsBody: false, pattern: '*' });
    assert.deepEqual(route('GET', '/minio/admin/v3/kms/key/list?pattern=a*'), { op: 'KmsKeyList', action: 'admin:KMSKeyStatus', readsBody: false, pattern: 'a*' });
  });
  it('refuses a create without key-id and other methods', () => {
    assert.throws(() => route('POST', '/minio/admin/v3/kms/key/create'), (e: unknown) => e instanceof AdminError && e.code === 'XMinioAdminInvalidArgument' && e.status === 400);
    assert.throws(() => route('GET', '/minio/admin/v3/kms/key/create?key-id=x'), (e: unknown) => e instanceof AdminError && e.status === 405);
  });
  it('matches list patterns: *, a prefix*, an exact name', () => {
    assert.equal(matchesPattern('abc', '*'), true);
    assert.equal(matchesPattern('abc', 'ab*'), true);
    assert.equal(matchesPattern('abc', 'b*'), false);
    assert.equal(matchesPattern('abc', 'abc'), true);
    assert.equal(matchesPattern('abcd', 'abc'), false);
  });
});
