/**
 * STS end to end: a real Cairn server process with the STS endpoint, identities from
 * CAIRN_STS_STATIC_IDENTITIES (the stand-in for the IAM store), an in-process OpenID provider
 * (oidc-provider; tokens signed with its own keys: helpers/oidc-issuer.ts) and a real slapd.
 * Driven by the real AWS CLI (`aws sts get-caller-identity`, `assume-role`,
 * `assume-role-with-web-identity`, `aws s3api`) and raw HTTP for MinIO's LDAP action.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer, type CairnServer } from '../helpers/server.js';
import { makeTempDir, type TempDir } from '../helpers/files.js';
import { awsCliEnv } from '../helpers/aws-cli-env.js';
import { requireTool, run, runOk } from '../helpers/tools.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { startOidcIssuer, type OidcIssuer } from '../helpers/oidc-issuer.js';
import { waitFor } from '../helpers/wait-for.js';
import { LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_SUFFIX, startSlapd, STS_LDIF, type Slapd } from '../helpers/slapd.js';

const ALICE = { accessKey: 'AKIAALICE00000000001', secretKey: 'alice-secret-key-0001' };
let server: CairnServer;
let tmp: TempDir;
let oidc: OidcIssuer;
let slapd: Slapd;
let aws: string;
let baseEnv: Record<string, string>;
let identitiesFile: string;
let key: string;

function identities(opts: { aliceDisabled?: boolean } = {}): string {
  const k = key;
  return JSON.stringify({
    policies: {
      'bucket-a-read': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/*'] }] },
      'uploads-write': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::bucket-a/uploads/*'] }] },
      'assume-roles': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::000000000000:role/*' }] },
    },
    users: [{ name: 'alice', ...ALICE, policies: ['assume-roles'], disabled: opts.aliceDisabled ?? false }],
    roles: [
      { name: 'reader', policies: ['bucket-a-read'], trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sts:AssumeRole' }] } },
      {
        name: 'k8s-uploader', policies: ['uploads-write'],
        trust: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow', Principal: { Federated: `arn:aws:iam::000000000000:oidc-provider/${k}` }, Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${k}:sub`]: 'system:serviceaccount:apps:uploader', [`${k}:aud`]: 'cairn' } },
          }],
        },
      },
    ],
    ldap: { groups: { [`cn=writers,ou=groups,${LDAP_SUFFIX}`]: ['readwrite'] } },
  });
}

before(async () => {
  aws = requireTool('aws');
  tmp = await makeTempDir('sts');
  oidc = await startOidcIssuer();
  key = oidc.issuer.replace('http://', '');
  slapd = await startSlapd(STS_LDIF);
  identitiesFile = join(tmp.path, 'identities.json');
  await writeFile(identitiesFile, identities());
  server = await startServer({
    env: {
      CAIRN_STS_STATIC_IDENTITIES: identitiesFile,
      CAIRN_IDENTITY_OPENID_CONFIG_URL: oidc.configUrl,
      CAIRN_IDENTITY_OPENID_CLIENT_ID: 'cairn',
      CAIRN_IDENTITY_LDAP_SERVER_ADDR: slapd.url.replace(/\/$/, ''),
      CAIRN_IDENTITY_LDAP_LOOKUP_BIND_DN: LDAP_ADMIN_DN,
      CAIRN_IDENTITY_LDAP_LOOKUP_BIND_PASSWORD: LDAP_ADMIN_PASSWORD,
      CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_BASE_DN: `ou=people,${LDAP_SUFFIX}`,
      CAIRN_IDENTITY_LDAP_USER_DN_SEARCH_FILTER: '(uid=%s)',
      CAIRN_IDENTITY_LDAP_GROUP_SEARCH_BASE_DN: `ou=groups,${LDAP_SUFFIX}`,
      CAIRN_IDENTITY_LDAP_GROUP_SEARCH_FILTER: '(&(objectClass=groupOfNames)(member=%d))',
      CAIRN_PROMETHEUS_AUTH: 'public',
    },
  });
  baseEnv = await awsCliEnv(server, tmp.path);
  const root = sdkClient(server);
  await root.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));
  await root.send(new CreateBucketCommand({ Bucket: 'bucket-b' }));
  await root.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt', Body: 'hello' }));
  await root.send(new PutObjectCommand({ Bucket: 'bucket-b', Key: 'doc.txt', Body: 'secret' }));
});

after(async () => {
  await server?.stop();
  await slapd?.stop();
  await oidc?.stop();
  await tmp?.remove();
});

interface Creds { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }

function envOf(c: { accessKey: string; secretKey: string; token?: string }): Record<string, string> {
  return { ...baseEnv, AWS_ACCESS_KEY_ID: c.accessKey, AWS_SECRET_ACCESS_KEY: c.secretKey, ...(c.token ? { AWS_SESSION_TOKEN: c.token } : {}) };
}
const sessionEnv = (c: Creds): Record<string, string> => envOf({ accessKey: c.AccessKeyId, secretKey: c.SecretAccessKey, token: c.SessionToken });

async function cliJson<T>(env: Record<string, string>, ...args: string[]): Promise<T> {
  return JSON.parse(await runOk(aws, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env, cwd: tmp.path })) as T;
}
async function cliFails(env: Record<string, string>, ...args: string[]): Promise<string> {
  const r = await run(aws, ['--endpoint-url', server.endpoint, ...args], { env, cwd: tmp.path });
  assert.notEqual(r.code, 0, `expected failure: ${r.stdout}`);
  return r.stderr;
}
function sessionClient(c: Creds): ReturnType<typeof sdkClient> {
  return sdkClient(server, { credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
}

async function stsPost(params: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.endpoint}/`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
  });
  return { status: res.status, text: await res.text() };
}
const k8sClaims = (sa: string, aud = 'cairn'): Record<string, unknown> => ({
  sub: `system:serviceaccount:apps:${sa}`, aud: [aud],
  'kubernetes.io': { namespace: 'apps', serviceaccount: { name: sa, uid: '3c1e0b5e-0000-4000-8000-000000000001' }, pod: { name: `${sa}-7d9f`, uid: '3c1e0b5e-0000-4000-8000-000000000002' } },
});

describe('STS (AWS CLI, real server)', () => {
  it('get-caller-identity and assume-role; the role credentials do what the role allows and nothing else', async () => {
    const me = await cliJson<{ Arn: string; Account: string }>(envOf(ALICE), 'sts', 'get-caller-identity');
    assert.equal(me.Arn, 'arn:aws:iam::000000000000:user/alice');
    assert.equal(me.Account, '000000000000');
    const out = await cliJson<{ Credentials: Creds; AssumedRoleUser: { Arn: string } }>(envOf(ALICE), 'sts', 'assume-role',
      '--role-arn', 'arn:aws:iam::000000000000:role/reader', '--role-session-name', 'cli-session', '--duration-seconds', '900');
    assert.match(out.Credentials.AccessKeyId, /^ASIA/);
    assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::000000000000:assumed-role/reader/cli-session');
    const who = await cliJson<{ Arn: string }>(sessionEnv(out.Credentials), 'sts', 'get-caller-identity');
    assert.equal(who.Arn, 'arn:aws:sts::000000000000:assumed-role/reader/cli-session');
    await runOk(aws, ['--endpoint-url', server.endpoint, 's3api', 'get-object', '--bucket', 'bucket-a', '--key', 'doc.txt', join(tmp.path, 'doc.out')], { env: sessionEnv(out.Credentials), cwd: tmp.path });
    assert.match(await cliFails(sessionEnv(out.Credentials), 's3api', 'put-object', '--bucket', 'bucket-a', '--key', 'x', '--body', identitiesFile), /AccessDenied/);
    assert.match(await cliFails(sessionEnv(out.Credentials), 's3api', 'get-object', '--bucket', 'bucket-b', '--key', 'doc.txt', join(tmp.path, 'b.out')), /AccessDenied/);
    // A presigned GET carries X-Amz-Security-Token in the query.
    const url = (await runOk(aws, ['--endpoint-url', server.endpoint, 's3', 'presign', 's3://bucket-a/doc.txt'], { env: sessionEnv(out.Credentials), cwd: tmp.path })).trim();
    assert.match(url, /X-Amz-Security-Token=/);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(await got.text(), 'hello');
  });

  it('a tampered session token is InvalidToken; a session key without its token is InvalidAccessKeyId; the root may not assume roles', async () => {
    const out = await cliJson<{ Credentials: Creds }>(envOf(ALICE), 'sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/reader', '--role-session-name', 's2');
    const t = out.Credentials.SessionToken;
    const tampered = { ...out.Credentials, SessionToken: `${t.slice(0, 40)}${t[40] === 'A' ? 'B' : 'A'}${t.slice(41)}` };
    const f = await s3Failure(sessionClient(tampered).send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt' })));
    assert.deepEqual(f, { code: 'InvalidToken', status: 400 });
    const none = await s3Failure(sdkClient(server, { credentials: { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey } })
      .send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt' })));
    assert.deepEqual(none, { code: 'InvalidAccessKeyId', status: 403 });
    assert.match(await cliFails(envOf(tampered.AccessKeyId ? { accessKey: tampered.AccessKeyId, secretKey: tampered.SecretAccessKey, token: tampered.SessionToken } : ALICE), 'sts', 'get-caller-identity'), /InvalidClientTokenId/);
    assert.match(await cliFails(envOf(server), 'sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/reader', '--role-session-name', 'r1'), /Roles may not be assumed by root accounts/);
  });

  it('assume-role-with-web-identity with a Kubernetes service-account token; wrong SA, audience, issuer, expiry refused', async () => {
    const token = await oidc.sign(k8sClaims('uploader'));
    const out = await cliJson<{ Credentials: Creds; SubjectFromWebIdentityToken: string; AssumedRoleUser: { Arn: string } }>(baseEnv, 'sts', 'assume-role-with-web-identity',
      '--role-arn', 'arn:aws:iam::000000000000:role/k8s-uploader', '--role-session-name', 'pod-1', '--web-identity-token', token);
    assert.equal(out.SubjectFromWebIdentityToken, 'system:serviceaccount:apps:uploader');
    assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::000000000000:assumed-role/k8s-uploader/pod-1');
    const s3 = sessionClient(out.Credentials);
    await s3.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: 'uploads/a.txt', Body: 'up' }));
    assert.equal((await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt' })))).code, 'AccessDenied');
    const role = { RoleArn: 'arn:aws:iam::000000000000:role/k8s-uploader', RoleSessionName: 'pod-2', Action: 'AssumeRoleWithWebIdentity' };
    const other = await stsPost({ ...role, WebIdentityToken: await oidc.sign(k8sClaims('intruder')) });
    assert.equal(other.status, 403);
    assert.match(other.text, /<Code>AccessDenied<\/Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity on arn:aws:iam::000000000000:role\/k8s-uploader: the role&apos;s trust policy does not allow this principal \(token sub &apos;system:serviceaccount:apps:intruder&apos;/);
    const aud = await stsPost({ ...role, WebIdentityToken: await oidc.sign(k8sClaims('uploader', 'someone-else')) });
    assert.equal(aud.status, 400);
    assert.match(aud.text, /<Code>InvalidIdentityToken<\/Code><Message>Incorrect token audience/);
    const foreign = await stsPost({ ...role, WebIdentityToken: await oidc.sign(k8sClaims('uploader'), { iss: 'https://elsewhere.example.com' }) });
    assert.match(foreign.text, /<Code>InvalidIdentityToken<\/Code><Message>No OpenID Connect provider is configured for the issuer https:\/\/elsewhere.example.com/);
    const expired = await stsPost({ ...role, WebIdentityToken: await oidc.sign(k8sClaims('uploader'), { expiresIn: Math.floor(Date.now() / 1000) - 60 }) });
    assert.equal(expired.status, 400);
    assert.match(expired.text, /<Type>Sender<\/Type><Code>ExpiredTokenException<\/Code><Message>Token is expired/);
  });

  it('MinIO style: policies named in the token\'s policy claim; no claim is IDPRejectedClaim; a rotated key is fetched on its new kid', async () => {
    const readOnly = await stsPost({ Action: 'AssumeRoleWithWebIdentity', WebIdentityToken: await oidc.sign({ sub: 'user-7', aud: 'cairn', policy: 'readonly' }), DurationSeconds: '900' });
    assert.equal(readOnly.status, 200, readOnly.text);
    const c = (x: string): Creds => ({
      AccessKeyId: /<AccessKeyId>([^<]+)/.exec(x)![1]!, SecretAccessKey: /<SecretAccessKey>([^<]+)/.exec(x)![1]!, SessionToken: /<SessionToken>([^<]+)/.exec(x)![1]!, Expiration: '',
    });
    const s3 = sessionClient(c(readOnly.text));
    assert.equal((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'bucket-b', Key: 'doc.txt' }))).Body)).toString(), 'secret');
    assert.equal((await s3Failure(s3.send(new PutObjectCommand({ Bucket: 'bucket-b', Key: 'n', Body: 'x' })))).code, 'AccessDenied');
    const noClaim = await stsPost({ Action: 'AssumeRoleWithWebIdentity', WebIdentityToken: await oidc.sign({ sub: 'user-8', aud: 'cairn' }) });
    assert.equal(noClaim.status, 403);
    assert.match(noClaim.text, /<Code>IDPRejectedClaim<\/Code><Message>The web identity token of provider &apos;default&apos; has no &apos;policy&apos; claim naming a policy/);
    await oidc.rotate();
    // Unknown kids re-fetch the JWKS at most once per cooldown (5 s) after the last fetch: the
    // new key is accepted once the cooldown has run out (polled, bounded).
    let last = { status: 0, text: '' };
    await waitFor('a token of the rotated key accepted', async () => {
      last = await stsPost({ Action: 'AssumeRoleWithWebIdentity', WebIdentityToken: await oidc.sign({ sub: 'user-9', aud: 'cairn', policy: 'readonly' }) });
      return last.status === 200;
    }, { timeoutMs: 15_000, intervalMs: 250 }).catch(() => assert.fail(`the rotated key was never accepted: ${last.status} ${last.text}`));
  });

  it('AssumeRoleWithLDAPIdentity (real slapd): a user of a mapped group writes; a user in no mapped group is told so', async () => {
    const ok = await stsPost({ Action: 'AssumeRoleWithLDAPIdentity', LDAPUsername: 'alice', LDAPPassword: 'alice-pass' });
    assert.equal(ok.status, 200, ok.text);
    const creds = { AccessKeyId: /<AccessKeyId>([^<]+)/.exec(ok.text)![1]!, SecretAccessKey: /<SecretAccessKey>([^<]+)/.exec(ok.text)![1]!, SessionToken: /<SessionToken>([^<]+)/.exec(ok.text)![1]!, Expiration: '' };
    await sessionClient(creds).send(new PutObjectCommand({ Bucket: 'bucket-b', Key: 'from-ldap', Body: 'x' }));
    const bob = await stsPost({ Action: 'AssumeRoleWithLDAPIdentity', LDAPUsername: 'bob', LDAPPassword: 'bob-pass' });
    assert.equal(bob.status, 403);
    assert.match(bob.text, /No policy is mapped to the LDAP user &apos;uid=bob,ou=people,dc=example,dc=org&apos;/);
    const wrong = await stsPost({ Action: 'AssumeRoleWithLDAPIdentity', LDAPUsername: 'alice', LDAPPassword: 'nope' });
    assert.match(wrong.text, /LDAP bind failed for &apos;uid=alice,ou=people,dc=example,dc=org&apos;: invalid credentials/);
  });

  it('cairn_idp_online reports both providers; a session dies when its parent user is disabled', async () => {
    const metrics = await (await fetch(`${server.endpoint}/metrics`)).text();
    assert.match(metrics, /cairn_idp_online\{type="openid",name="default"\} 1/);
    assert.match(metrics, /cairn_idp_online\{type="ldap",name="ldap"\} 1/);
    const out = await cliJson<{ Credentials: Creds }>(envOf(ALICE), 'sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/reader', '--role-session-name', 's3');
    const s3 = sessionClient(out.Credentials);
    await s3.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt' }));
    await writeFile(identitiesFile, identities({ aliceDisabled: true }));
    // The file is re-read within its refresh period: poll (bounded) until the session is refused.
    const refused = await waitFor('the session refused after its parent was disabled', async () => {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bucket-a', Key: 'doc.txt' })).then(() => undefined, (err: unknown) => err);
      return got !== undefined && s3Failure(Promise.reject(got));
    }, { timeoutMs: 10_000, intervalMs: 100 });
    assert.deepEqual(refused, { code: 'InvalidAccessKeyId', status: 403 });
    await writeFile(identitiesFile, identities());
  });
});
