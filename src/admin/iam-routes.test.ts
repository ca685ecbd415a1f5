import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminError } from './admin-error.js';
import { routeAdmin } from './admin-router.js';
import { IAM_PATHS } from './iam-routes.js';

const route = (method: string, path: string, query = '') => routeAdmin({ method, rawPath: path, query: new URLSearchParams(query) });

describe('admin router: IAM paths', () => {
  it('routes every IAM path, Cairn\'s and MinIO\'s, as account-scoped with its query and body flag', () => {
    assert.equal(IAM_PATHS.size, 41);
    for (const [path, entry] of IAM_PATHS) {
      const r = route(entry.method, path, 'user=alice&account=tenant');
      assert.equal(r.op, entry.op, path);
      assert.equal(r.accountScoped, true, path);
      assert.equal(r.readsBody, entry.readsBody === true, path);
      assert.equal(r.query?.get('user'), 'alice');
      assert.match(r.action, /^admin:[A-Za-z]+$/);
    }
    assert.equal(route('PUT', '/minio/admin/v3/cairn/iam/add-user').action, 'admin:CreateUser');
    assert.equal(route('POST', '/minio/admin/v3/idp/builtin/policy/attach').op, 'MinioAttachPolicy');
    assert.equal(route('GET', '/minio/admin/v3/cairn%2Fiam/list-users').op, 'IamListUsers', 'percent-decoded first');
  });

  it('answers 405 to another method on an IAM path', () => {
    assert.throws(() => route('GET', '/minio/admin/v3/add-user'), (e: unknown) => e instanceof AdminError && e.status === 405 && /use PUT/.test(e.message));
    assert.throws(() => route('PUT', '/minio/admin/v3/cairn/iam/list-users'), (e: unknown) => e instanceof AdminError && e.code === 'MethodNotAllowed');
  });
});
