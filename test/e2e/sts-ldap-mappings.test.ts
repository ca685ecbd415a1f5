/**
 * LDAP policy mappings end to end: a real slapd, a real Cairn server with `--workers 2` (the
 * mappings live in the IAM store, so every process sees a change within the refresh bound),
 * the real `cairn admin idp ldap policy attach|detach|entities` CLI, raw HTTP for MinIO's
 * AssumeRoleWithLDAPIdentity (the AWS CLI has no such command), and the AWS CLI with the
 * returned credentials: allowed by the attached policy, denied outside it; a detach takes
 * effect for new sessions. No static identities file: the mappings and the managed policy
 * (`aws iam create-policy`) come from the IAM store alone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk, type RunResult } from '../helpers/tools.js';
import { sdkClient } from '../helpers/s3-client.js';
import { waitFor } from '../helpers/wait-for.js';
import { multipartBody, sigV4Fields } from '../helpers/post-form.js';
import { LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_SUFFIX, startSlapd, STS_LDIF, type Slapd } from '../helpers/slapd.js';

const WRITERS = `cn=writers,ou=groups,${LDAP_SUFFIX}`;
const BOB = `uid=bob,ou=people,${LDAP_SUFFIX}`;
let server: CairnServer;
let tmp: TempDir;
let slapd: Slapd;
let aws: string;
let baseEnv: Record<string, string>;
let bodyFile: string;

before(async () => {
  aws = requireTool('aws');
  tmp = await makeTempDir('sts-ldap-map');
  slapd = await startSlapd(STS_LDIF);
  server = await startServer({
    args: ['--workers', '2'],
    env: {
      CAIRN_IDENTITY_LDAP_SERVER_ADDR: slapd.url.replace(/\/$/, ''),
      CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN: LDAP_ADMIN_DN,
      CAIRN_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: LDAP_ADMIN_PASSWORD,
      CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: `ou=people,${LDAP_SUFFIX}`,
      CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)',
      CAIRN_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: `ou=groups,${LDAP_SUFFIX}`,
      CAIRN_IDENTITY_LDAP_GROUP_SEARCH_FILTER: '(&(objectClass=groupOfNames)(member=%d))',
    },
  });
  baseEnv = await awsCliEnv(server, tmp.path);
  bodyFile = join(tmp.path, 'body.txt');
  await writeFile(bodyFile, 'payload');
  const root = sdkClient(server);
  for (const b of ['bucket-a', 'bucket-b']) {
    await root.send(new CreateBucketCommand({ Bucket: b }));
    await root.send(new PutObjectCommand({ Bucket: b, Key: 'doc.txt', Body: `in ${b}` }));
  }
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: ['arn:aws:s3:::bucket-a/*'] }] });
  await runOk(aws, ['iam', 'create-policy', '--policy-name', 'bucket-a-rw', '--policy-document', policy, '--endpoint-url', server.endpoint], { env: baseEnv, cwd: tmp.path });
});

after(async () => {
  await server?.stop();
  await slapd?.stop();
  await tmp?.remove();
});

function admin(...args: string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey, CAIRN_ENDPOINT: server.endpoint },
    timeoutMs: 60_000,
  });
}

async function adminOk(...args: string[]): Promise<string> {
  const r = await admin(...args);
  assert.equal(r.code, 0, `cairn admin ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Creds { accessKey: string; secretKey: string; token: string }

async function ldapLogin(user: string, password: string, extra: Record<string, string> = {}): Promise<{ status: number; text: string; creds?: Creds }> {
  const res = await fetch(`${server.endpoint}/`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: '2011-06-15', Action: 'AssumeRoleWithLDAPIdentity', LDAPUsername: user, LDAPPassword: password, ...extra }).toString(),
  });
  const text = await res.text();
  const get = (tag: string): string | undefined => new RegExp(`<${tag}>([^<]+)`).exec(text)?.[1];
  const creds = res.status === 200 ? { accessKey: get('AccessKeyId')!, secretKey: get('SecretAccessKey')!, token: get('SessionToken')! } : undefined;
  return { status: res.status, text, ...(creds ? { creds } : {}) };
}

function s3api(c: Creds, ...args: string[]): Promise<RunResult> {
  const env = { ...baseEnv, AWS_ACCESS_KEY_ID: c.accessKey, AWS_SECRET_ACCESS_KEY: c.secretKey, ...(c.token !== '' ? { AWS_SESSION_TOKEN: c.token } : {}) };
  return run(aws, ['--endpoint-url', server.endpoint, 's3api', ...args], { env, cwd: tmp.path });
}

describe('LDAP policy mappings (IAM store, cairn admin CLI, real slapd, --workers 2)', () => {
  it('no mapping: the refusal names the user DN and the groups searched', async () => {
    const alice = await ldapLogin('alice', 'alice-pass');
    assert.equal(alice.status, 403);
    assert.match(alice.text, /No policy is mapped to the LDAP user &apos;uid=alice,ou=people,dc=example,dc=org&apos; or to any of its 1 groups \(&apos;cn=writers,ou=groups,dc=example,dc=org&apos;\)/);
  });

  it('CLI: attach to a group and a user, refusals as MinIO, entities', async () => {
    assert.equal(await adminOk('idp', 'ldap', 'policy', 'attach', 'bucket-a-rw', '--group', WRITERS), `Attached bucket-a-rw to group ${WRITERS}\n`);
    assert.equal(await adminOk('idp', 'ldap', 'policy', 'attach', 'readonly', '--user', BOB), `Attached readonly to user ${BOB}\n`);
    const again = await admin('idp', 'ldap', 'policy', 'attach', 'bucket-a-rw', '--group', WRITERS);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /400 XMinioAdminPolicyChangeAlreadyApplied: The specified policy change is already in effect/);
    const unknown = await admin('idp', 'ldap', 'policy', 'attach', 'no-such-policy', '--user', BOB);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /404 XMinioAdminNoSuchPolicy: The canned policy no-such-policy does not exist/);
    const both = await admin('idp', 'ldap', 'policy', 'attach', 'readonly', '--user', BOB, '--group', WRITERS);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /needs exactly one of --user DN or --group DN/);
    const all = JSON.parse(await adminOk('--json', 'idp', 'ldap', 'policy', 'entities')) as Record<string, unknown>;
    assert.deepEqual(all.userMappings, [{ user: BOB, policies: ['readonly'] }]);
    assert.deepEqual(all.groupMappings, [{ group: WRITERS, policies: ['bucket-a-rw'] }]);
    assert.deepEqual(all.policyMappings, [{ policy: 'bucket-a-rw', users: [], groups: [WRITERS] }, { policy: 'readonly', users: [BOB], groups: [] }]);
    const byPolicy = JSON.parse(await adminOk('--json', 'idp', 'ldap', 'policy', 'entities', '--policy', 'readonly')) as Record<string, unknown>;
    assert.deepEqual(byPolicy.policyMappings, [{ policy: 'readonly', users: [BOB], groups: [] }]);
    assert.equal(byPolicy.userMappings, undefined);
    assert.match(await adminOk('idp', 'ldap', 'policy', 'entities', '--user', 'UID=Bob, OU=people, DC=example, DC=org'), /^User: {3}uid=bob,ou=people,dc=example,dc=org\n {2}readonly\n$/);
  });

  it('sessions get the mapped policies: the AWS CLI is allowed inside them and denied outside', async () => {
    // The attach reached the other worker process within the refresh bound.
    await waitFor('every process granting alice', async () => {
      const tries = await Promise.all([1, 2, 3, 4].map(() => ldapLogin('alice', 'alice-pass')));
      return tries.every((t) => t.status === 200);
    }, { timeoutMs: 5_000, intervalMs: 100 });
    const a = (await ldapLogin('alice', 'alice-pass')).creds!;
    const put = await s3api(a, 'put-object', '--bucket', 'bucket-a', '--key', 'from-alice', '--body', bodyFile);
    assert.equal(put.code, 0, put.stderr);
    const outside = await s3api(a, 'put-object', '--bucket', 'bucket-b', '--key', 'from-alice', '--body', bodyFile);
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /AccessDenied/);
    const bob = (await ldapLogin('bob', 'bob-pass')).creds!;
    assert.equal((await s3api(bob, 'get-object', '--bucket', 'bucket-b', '--key', 'doc.txt', join(tmp.path, 'b.out'))).code, 0);
    const bobPut = await s3api(bob, 'put-object', '--bucket', 'bucket-b', '--key', 'from-bob', '--body', bodyFile);
    assert.match(bobPut.stderr, /AccessDenied/);
  });

  it('browser POST uploads signed with session credentials are authorized as the session (mapped + session policy)', async () => {
    // The inline session policy narrows alice's mapped bucket-a-rw to bucket-a/uploads/*.
    const narrow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket-a/uploads/*' }] });
    const c = (await ldapLogin('alice', 'alice-pass', { Policy: narrow })).creds!;
    const post = async (bucket: string, key: string, token: string | undefined, opts: { inPolicy?: boolean } = {}): Promise<{ status: number; text: string }> => {
      const tokenCondition = token !== undefined && opts.inPolicy !== false ? [{ 'x-amz-security-token': token }] : [];
      const signed = sigV4Fields({ accessKey: c.accessKey, secretKey: c.secretKey, region: server.region }, {
        conditions: [{ bucket }, ['starts-with', '$key', ''], ...tokenCondition],
      });
      const fields: Array<[string, string]> = [['key', key], ...(token !== undefined ? [['x-amz-security-token', token] as [string, string]] : []), ...signed];
      const form = multipartBody(fields, { filename: 'f.txt', content: 'posted' });
      const res = await fetch(`${server.endpoint}/${bucket}`, { method: 'POST', headers: { 'content-type': form.contentType }, body: new Uint8Array(form.body) });
      return { status: res.status, text: await res.text() };
    };
    const ok = await post('bucket-a', 'uploads/posted.txt', c.token);
    assert.equal(ok.status, 204, ok.text);
    const got = await s3api(c, 'head-object', '--bucket', 'bucket-a', '--key', 'uploads/posted.txt');
    assert.match(got.stderr, /403|Forbidden/, 'the session policy allows PutObject only');
    const outsideSession = await post('bucket-a', 'other/posted.txt', c.token);
    assert.equal(outsideSession.status, 403);
    assert.match(outsideSession.text, /<Code>AccessDenied<\/Code>/);
    const otherBucket = await post('bucket-b', 'uploads/posted.txt', c.token);
    assert.equal(otherBucket.status, 403);
    assert.match(otherBucket.text, /<Code>AccessDenied<\/Code>/);
    const noToken = await post('bucket-a', 'uploads/x.txt', undefined);
    assert.equal(noToken.status, 403);
    assert.match(noToken.text, /<Code>InvalidAccessKeyId<\/Code>/);
    const tampered = `${c.token.slice(0, 30)}${c.token[30] === 'A' ? 'B' : 'A'}${c.token.slice(31)}`;
    const bad = await post('bucket-a', 'uploads/x.txt', tampered);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<Code>InvalidToken<\/Code>/);
    const unnamed = await post('bucket-a', 'uploads/x.txt', c.token, { inPolicy: false });
    assert.equal(unnamed.status, 403);
    assert.match(unnamed.text, /Extra input fields: x-amz-security-token/);
    const root = await s3api({ accessKey: server.accessKey, secretKey: server.secretKey, token: '' }, 'get-object', '--bucket', 'bucket-a', '--key', 'uploads/posted.txt', join(tmp.path, 'posted.out'));
    assert.equal(root.code, 0, root.stderr);
  });

  it('a detach takes effect for new sessions in every worker process', async () => {
    assert.equal(await adminOk('idp', 'ldap', 'policy', 'detach', 'bucket-a-rw', '--group', WRITERS), `Detached bucket-a-rw from group ${WRITERS}\n`);
    const none = await admin('idp', 'ldap', 'policy', 'detach', 'bucket-a-rw', '--group', WRITERS);
    assert.match(none.stderr, /XMinioAdminPolicyChangeAlreadyApplied: .*no policy given is attached to group/);
    // Logins land on either process; within the refresh bound every one is refused.
    await waitFor('every process refusing alice after the detach', async () => {
      const tries = await Promise.all([1, 2, 3, 4, 5, 6].map(() => ldapLogin('alice', 'alice-pass')));
      return tries.every((t) => t.status === 403 && /No policy is mapped/.test(t.text));
    }, { timeoutMs: 5_000, intervalMs: 100 });
    const entities = JSON.parse(await adminOk('--json', 'idp', 'ldap', 'policy', 'entities', '--group', WRITERS)) as Record<string, unknown>;
    assert.equal(entities.groupMappings, undefined);
  });
});
