/**
 * MinIO's IAM admin paths (/minio/admin/v3/list-users, user-info, canned policies, groups,
 * service accounts) of a real server process, over raw HTTP signed with the independent test
 * signer. Answers madmin reads with DecryptData come madmin-encrypted with the signer's secret
 * key and are decrypted here with the madmin format; request bodies are encrypted here as madmin
 * clients do (Argon2id keys as mc sends them, PBKDF2 as FIPS builds do).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CairnServer } from '../helpers/server.js';
import type { RawResponse } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { decryptData, encryptData, encryptDataArgon2, MadminDecryptError } from '../../src/crypto/madmin-encrypt.js';

let server: CairnServer;
const V3 = '/minio/admin/v3';

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<RawResponse> {
  return signedRequest(server, { method, path, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
}

async function ok(method: string, path: string, body?: unknown): Promise<RawResponse> {
  const res = await call(method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
  return res;
}

async function okJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await ok(method, path, body);
  assert.equal(res.headers['content-type'], 'application/json');
  return JSON.parse(res.text) as T;
}

/** A madmin-encrypted answer, decrypted with the root's secret key. */
async function okEncrypted<T>(path: string): Promise<T> {
  const res = await ok('GET', path);
  assert.equal(res.headers['content-type'], 'application/octet-stream');
  assert.equal(res.body[32], 0x02, 'PBKDF2 + AES-256-GCM');
  assert.throws(() => decryptData('not-the-secret', res.body), MadminDecryptError);
  return JSON.parse(decryptData(server.secretKey, res.body).toString('utf8')) as T;
}

async function fails(method: string, path: string, status: number, code: string, body?: unknown): Promise<string> {
  const res = await call(method, path, body);
  assert.equal(res.status, status, res.text);
  const doc = JSON.parse(res.text) as { Code: string; Message: string };
  assert.equal(doc.Code, code, res.text);
  return doc.Message;
}

const READONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::*'] }] };

describe('MinIO IAM admin paths', () => {
  it('users: list-users (encrypted), user-info, set-user-status (the key is refused), service accounts', async () => {
    await ok('PUT', `${V3}/cairn/iam/add-user?user=mia`, { secretKey: 'mia-secret-1' });
    const users = await okEncrypted<Record<string, { status: string; updatedAt: string }>>(`${V3}/list-users`);
    assert.deepEqual(users, { mia: { status: 'enabled', updatedAt: users['mia']?.updatedAt } });
    assert.ok(!Number.isNaN(Date.parse(users['mia']!.updatedAt)));
    const listed = await signedRequest(server, { method: 'GET', path: '/', accessKey: 'mia', secretKey: 'mia-secret-1' });
    assert.equal(listed.status, 403, 'no policy yet: AccessDenied, but the key signs');
    assert.match(listed.text, /<Code>AccessDenied<\/Code>/);
    await ok('PUT', `${V3}/set-user-status?accessKey=mia&status=disabled`);
    assert.equal((await okJson<{ status: string }>('GET', `${V3}/user-info?accessKey=mia`)).status, 'disabled');
    const refused = await signedRequest(server, { method: 'GET', path: '/', accessKey: 'mia', secretKey: 'mia-secret-1' });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /<Code>InvalidAccessKeyId<\/Code>/);
    await ok('PUT', `${V3}/set-user-status?accessKey=mia&status=enabled`);
    await fails('PUT', `${V3}/set-user-status?accessKey=mia&status=maybe`, 400, 'XMinioAdminInvalidArgument');

    const accounts = await okEncrypted<{ accounts: Array<{ accessKey: string; parentUser: string; accountStatus: string }> }>(`${V3}/list-service-accounts?user=mia`);
    assert.deepEqual(accounts.accounts.map((a) => [a.accessKey, a.parentUser, a.accountStatus]), [['mia', 'mia', 'on']]);
    const info = await okEncrypted<{ parentUser: string; accountStatus: string }>(`${V3}/info-service-account?accessKey=mia`);
    assert.deepEqual([info.parentUser, info.accountStatus], ['mia', 'on']);
  });

  it('canned policies: add, list, info (v1 document, v2 PolicyInfo), remove refused while attached', async () => {
    await ok('PUT', `${V3}/add-canned-policy?name=readonly`, READONLY);
    const all = await okJson<Record<string, unknown>>('GET', `${V3}/list-canned-policies`);
    assert.deepEqual(all, { readonly: READONLY });
    assert.deepEqual(await okJson('GET', `${V3}/info-canned-policy?name=readonly`), READONLY);
    const v2 = await okJson<{ PolicyName: string; Policy: unknown; CreateDate: string }>('GET', `${V3}/info-canned-policy?name=readonly&v=2`);
    assert.deepEqual([v2.PolicyName, v2.Policy], ['readonly', READONLY]);
    assert.ok(!Number.isNaN(Date.parse(v2.CreateDate)));
    await fails('PUT', `${V3}/add-canned-policy?name=broken`, 400, 'MalformedPolicyDocument', { Version: '2012-10-17', Statement: [{ Effect: 'Maybe' }] });
    await ok('POST', `${V3}/cairn/iam/attach-policy`, { policies: ['readonly'], user: 'mia' });
    assert.equal((await okJson<{ policyName: string }>('GET', `${V3}/user-info?accessKey=mia`)).policyName, 'readonly');
    await fails('DELETE', `${V3}/remove-canned-policy?name=readonly`, 409, 'XCairnAdminDeleteConflict');
    await ok('POST', `${V3}/cairn/iam/detach-policy`, { policies: ['readonly'], user: 'mia' });
    await ok('DELETE', `${V3}/remove-canned-policy?name=readonly`);
    await fails('GET', `${V3}/info-canned-policy?name=readonly`, 404, 'XMinioAdminNoSuchPolicy');
  });

  it('groups: update-group-members, groups, group, set-group-status, removing a group', async () => {
    await ok('PUT', `${V3}/update-group-members`, { group: 'g1', members: ['mia'], isRemove: false });
    assert.deepEqual(await okJson('GET', `${V3}/groups`), ['g1']);
    await ok('PUT', `${V3}/set-group-status?group=g1&status=disabled`);
    const g = await okJson<{ name: string; status: string; members: string[]; policy: string }>('GET', `${V3}/group?group=g1`);
    assert.deepEqual([g.name, g.status, g.members, g.policy], ['g1', 'disabled', ['mia'], '']);
    assert.deepEqual((await okJson<{ memberOf: string[] }>('GET', `${V3}/user-info?accessKey=mia`)).memberOf, ['g1']);
    await fails('PUT', `${V3}/update-group-members`, 409, 'XCairnAdminDeleteConflict', { group: 'g1', members: [], isRemove: true });
    await fails('PUT', `${V3}/update-group-members`, 404, 'XMinioAdminNoSuchUser', { group: 'g1', members: ['nobody'], isRemove: false });
    await ok('PUT', `${V3}/update-group-members`, { group: 'g1', members: ['mia'], isRemove: true });
    await ok('PUT', `${V3}/update-group-members`, { group: 'g1', members: [], isRemove: true });
    assert.deepEqual(await okJson('GET', `${V3}/groups`), []);
    await fails('GET', `${V3}/group?group=g1`, 404, 'XMinioAdminNoSuchGroup');
  });

  it('delete-service-account (204) and remove-user', async () => {
    const deleted = await call('DELETE', `${V3}/delete-service-account?accessKey=mia`);
    assert.equal(deleted.status, 204, deleted.text);
    assert.equal(deleted.body.length, 0);
    await fails('GET', `${V3}/info-service-account?accessKey=mia`, 404, 'XMinioAdminNoSuchServiceAccount');
    const gone = await signedRequest(server, { method: 'GET', path: '/', accessKey: 'mia', secretKey: 'mia-secret-1' });
    assert.match(gone.text, /<Code>InvalidAccessKeyId<\/Code>/);
    await ok('DELETE', `${V3}/remove-user?accessKey=mia`);
    assert.match(await fails('GET', `${V3}/user-info?accessKey=mia`, 404, 'XMinioAdminNoSuchUser'), /The user with name mia cannot be found/);
    assert.deepEqual(await okEncrypted(`${V3}/list-users`), {});
    await fails('GET', `${V3}/user-info`, 400, 'XMinioAdminInvalidArgument');
  });

  it('encrypted requests: add-user, policy attach/detach, add-service-account, update-service-account', async () => {
    const argon = (doc: unknown, alg: 'aes-256-gcm' | 'chacha20-poly1305' = 'aes-256-gcm'): Buffer => encryptDataArgon2(server.secretKey, Buffer.from(JSON.stringify(doc)), alg);
    const pbkdf2 = (doc: unknown): Buffer => encryptData(server.secretKey, Buffer.from(JSON.stringify(doc)));
    const send = (method: string, path: string, body: Buffer): Promise<RawResponse> => signedRequest(server, { method, path, body });
    const asMax = (secretKey: string): Promise<RawResponse> => signedRequest(server, { method: 'GET', path: '/', accessKey: 'max', secretKey });

    assert.equal((await send('PUT', `${V3}/add-user?accessKey=max`, argon({ secretKey: 'max-secret-1', status: 'enabled' }))).status, 200);
    assert.equal((await okJson<{ status: string }>('GET', `${V3}/user-info?accessKey=max`)).status, 'enabled');
    assert.match((await asMax('max-secret-1')).text, /<Code>AccessDenied<\/Code>/, 'the key signs; no policy yet');
    const wrong = await send('PUT', `${V3}/add-user?accessKey=other`, encryptData('not-the-secret', Buffer.from('{"secretKey":"other-secret-1"}')));
    assert.equal(wrong.status, 400, wrong.text);
    assert.match(wrong.text, /XMinioRequestBodyParse/);

    await ok('PUT', `${V3}/add-canned-policy?name=list`, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
    const attached = await send('POST', `${V3}/idp/builtin/policy/attach`, argon({ policies: ['list'], user: 'max' }, 'chacha20-poly1305'));
    assert.equal(attached.status, 200, attached.text);
    const resp = JSON.parse(decryptData(server.secretKey, attached.body).toString()) as { policiesAttached: string[]; updatedAt: string };
    assert.deepEqual(resp.policiesAttached, ['list']);
    assert.equal((await asMax('max-secret-1')).status, 200, 'ListBuckets allowed by the attached policy');
    const again = await send('POST', `${V3}/idp/builtin/policy/attach`, pbkdf2({ policies: ['list'], user: 'max' }));
    assert.equal(again.status, 400);
    assert.match(again.text, /XMinioAdminPolicyChangeAlreadyApplied/);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const made = await send('PUT', `${V3}/add-service-account`, pbkdf2({ targetUser: 'max', accessKey: 'max-svc-1', secretKey: 'max-svc-secret', expiration: future }));
    assert.equal(made.status, 200, made.text);
    const creds = JSON.parse(decryptData(server.secretKey, made.body).toString()) as { credentials: { accessKey: string; secretKey: string; expiration: string } };
    assert.deepEqual([creds.credentials.accessKey, creds.credentials.secretKey, creds.credentials.expiration], ['max-svc-1', 'max-svc-secret', future]);
    const svc = (): Promise<RawResponse> => signedRequest(server, { method: 'GET', path: '/', accessKey: 'max-svc-1', secretKey: 'max-svc-secret' });
    assert.equal((await svc()).status, 200);
    const withPolicy = await send('PUT', `${V3}/add-service-account`, pbkdf2({ targetUser: 'max', policy: { Version: '2012-10-17', Statement: [] } }));
    assert.equal(withPolicy.status, 400, withPolicy.text);

    const updated = await send('POST', `${V3}/update-service-account?accessKey=max-svc-1`, pbkdf2({ newStatus: 'off' }));
    assert.equal(updated.status, 204, updated.text);
    assert.equal((await okEncrypted<{ accountStatus: string }>(`${V3}/info-service-account?accessKey=max-svc-1`)).accountStatus, 'off');
    assert.match((await svc()).text, /<Code>InvalidAccessKeyId<\/Code>/);

    const detached = await send('POST', `${V3}/idp/builtin/policy/detach`, pbkdf2({ policies: ['list'], user: 'max' }));
    assert.deepEqual((JSON.parse(decryptData(server.secretKey, detached.body).toString()) as { policiesDetached: string[] }).policiesDetached, ['list']);
    assert.equal((await send('PUT', `${V3}/add-user?accessKey=max`, pbkdf2({ secretKey: 'max-secret-2' }))).status, 200, 'a new secret for an existing user');
    assert.match((await asMax('max-secret-1')).text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match((await asMax('max-secret-2')).text, /<Code>AccessDenied<\/Code>/);
    await ok('DELETE', `${V3}/remove-user?accessKey=max`);
    await ok('DELETE', `${V3}/remove-canned-policy?name=list`);
  });
});
