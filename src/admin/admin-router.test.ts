import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminError } from './admin-error.js';
import { isAdminPath, routeAdmin, type AdminRoute } from './admin-router.js';

function route(method: string, target: string): AdminRoute {
  const q = target.indexOf('?');
  return routeAdmin({
    method,
    rawPath: q < 0 ? target : target.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
  });
}

function refused(method: string, target: string): { code: string; status: number; message: string } {
  try {
    route(method, target);
  } catch (err) {
    assert.ok(err instanceof AdminError, `expected an AdminError, got ${String(err)}`);
    return { code: err.code, status: err.status, message: err.message };
  }
  assert.fail(`${method} ${target} was routed`);
}

describe('admin router', () => {
  it('routes the MinIO admin v3 paths to their operations and IAM actions', () => {
    assert.deepEqual(route('GET', '/minio/admin/v3/info'), { op: 'ServerInfo', action: 'admin:ServerInfo', readsBody: false });
    assert.deepEqual(route('POST', '/minio/admin/v3/heal/'), { op: 'HealStart', action: 'admin:Heal', readsBody: true, forceStart: false });
    assert.deepEqual(route('POST', '/minio/admin/v3/heal'), { op: 'HealStart', action: 'admin:Heal', readsBody: true, forceStart: false });
    assert.deepEqual(route('post', '/minio/admin/v3/heal/?forceStart=true'),
      { op: 'HealStart', action: 'admin:Heal', readsBody: true, forceStart: true });
    assert.deepEqual(route('POST', '/minio/admin/v3/heal/?clientToken=abc-1'),
      { op: 'HealStatus', action: 'admin:Heal', readsBody: false, clientToken: 'abc-1' });
    assert.deepEqual(route('POST', '/minio/admin/v3/background-heal/status'),
      { op: 'BackgroundHealStatus', action: 'admin:Heal', readsBody: false });
  });

  it('decodes percent-escapes before matching', () => {
    assert.equal(route('GET', '/minio/admin/v3/%69nfo').op, 'ServerInfo');
  });

  it('answers unknown paths 404, other methods 405, unsupported heal forms 501', () => {
    assert.deepEqual(refused('GET', '/minio/admin/v3/nope'),
      { code: 'XCairnAdminUnknownAPI', status: 404, message: 'This admin API is not supported: GET /minio/admin/v3/nope' });
    assert.equal(refused('GET', '/minio/admin/v2/info').status, 404);
    assert.equal(refused('GET', '/minio/admin').status, 404);
    assert.equal(refused('POST', '/minio/admin/v3/info').code, 'MethodNotAllowed');
    assert.equal(refused('POST', '/minio/admin/v3/info').status, 405);
    assert.equal(refused('GET', '/minio/admin/v3/heal/').status, 405);
    assert.equal(refused('DELETE', '/minio/admin/v3/heal/bucket').status, 405);
    assert.equal(refused('POST', '/minio/admin/v3/heal/bucket/prefix').status, 501);
    assert.equal(refused('POST', '/minio/admin/v3/heal/?forceStop=true').status, 501);
  });

  it('refuses clientToken, forceStart and forceStop together (400)', () => {
    assert.equal(refused('POST', '/minio/admin/v3/heal/?forceStart=true&forceStop=true').code, 'InvalidRequest');
    assert.equal(refused('POST', '/minio/admin/v3/heal/?clientToken=t&forceStart=true').status, 400);
  });

  it('claims every path under /minio/admin, escaped or not, and nothing else', () => {
    for (const p of ['/minio/admin', '/minio/admin/', '/minio/admin/v3/info', '/minio/admin/anything/else', '/minio/%61dmin/v3/info', '/minio%2Fadmin/x']) {
      assert.equal(isAdminPath(p), true, p);
    }
    for (const p of ['/', '/minio', '/minio/administrator', '/minio/health/live', '/bucket/minio/admin/x', '/minio/admin%', '/Minio/admin/x']) {
      assert.equal(isAdminPath(p), false, p);
    }
  });
});
