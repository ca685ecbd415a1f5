/**
 * STS session credentials through the real S3 pipeline and object layer (issue #9: "Forged,
 * expired and wrong-account credentials are refused with AWS's error codes"), with the session
 * resolver on an injected clock: a role session reads what the role allows and nothing else;
 * at its expiry, to the second, S3 answers 400 ExpiredToken; a tampered token is 400
 * InvalidToken; a session key without its token, or with another session's token, is refused;
 * a long-term key presented with a token is InvalidToken.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpServer } from '../../src/http/http-server.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import type { ObjectLayer } from '../../src/object/object-layer.js';
import { HANDLERS } from '../../src/s3/handlers/index.js';
import { createS3Pipeline } from '../../src/s3/pipeline.js';
import { AccountAuthorizer } from '../../src/s3/pipeline/account-authorizer.js';
import { BucketAuthzCache } from '../../src/s3/pipeline/bucket-authz-cache.js';
import { createStorage } from '../../src/storage/index.js';
import { withSessions } from '../../src/iam/sts/session-resolver.js';
import { assumeRole } from '../../src/iam/sts/actions/assume-role.js';
import { stsResponseXml } from '../../src/iam/sts/sts-xml.js';
import { ALICE, ROOT, stsFixture, type StsFixture } from '../helpers/sts-fixture.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { sha256Hex, signRequest, type Credentials } from '../helpers/sigv4-signer.js';

const silent = (): void => {};
const logger = { debug: silent, info: silent, warn: silent, error: silent };
let base: string;
let objects: ObjectLayer;
let http: HttpServer;
let port: number;
let f: StsFixture;

interface Session extends Credentials { token: string }

function send(creds: Credentials, method: string, path: string, opts: { token?: string; body?: string } = {}): Promise<RawResponse> {
  const body = opts.body ?? '';
  const headers: Record<string, string> = opts.token !== undefined ? { 'x-amz-security-token': opts.token } : {};
  const signed = signRequest({ method, path, host: `127.0.0.1:${port}`, headers, payloadHash: sha256Hex(body) }, creds).headers;
  return rawRequest({ port, method, path, headers: { ...signed, 'content-length': Buffer.byteLength(body) }, body, timeoutMs: 10_000 });
}

const code = (r: RawResponse): string | undefined => /<Code>([^<]+)<\/Code>/.exec(r.text)?.[1];

function assume(sessionName: string): Session {
  const params = new Map([['RoleArn', 'arn:aws:iam::000000000000:role/reader'], ['RoleSessionName', sessionName], ['DurationSeconds', '900']]);
  const alice = f.identities.resolve(ALICE.accessKey)!;
  const xml = stsResponseXml('AssumeRole', assumeRole(f.ctx, { caller: alice, isSession: false }, params).result, 'r');
  const get = (n: string): string => new RegExp(`<${n}>([^<]*)</${n}>`).exec(xml)![1]!;
  return { accessKey: get('AccessKeyId'), secretKey: get('SecretAccessKey'), token: get('SessionToken') };
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-sessions-'));
  const storage = await createStorage({ endpoints: [join(base, 'd1')] });
  objects = new ErasureObjectLayer(storage, { region: 'us-east-1' });
  f = stsFixture();
  const dir = withSessions(f.identities, f.sessions);
  const listener = createS3Pipeline({
    objects, handlers: HANDLERS, credentials: dir, directory: dir,
    authorizer: new AccountAuthorizer({ directory: dir, buckets: new BucketAuthzCache({ objects }), objects }),
    health: { isReady: () => true, hasWriteQuorum: () => true }, logger, region: 'us-east-1', domains: [],
  });
  http = new HttpServer({ host: '127.0.0.1', port: 0, listener, logger });
  port = (await http.listen()).port;
  assert.equal((await send(ROOT, 'PUT', '/bucket-a')).status, 200);
  assert.equal((await send(ROOT, 'PUT', '/bucket-a/k', { body: 'data' })).status, 200);
  assert.equal((await send(ROOT, 'PUT', '/bucket-b')).status, 200);
});

after(async () => {
  await http?.close(2000);
  await objects?.close();
  await rm(base, { recursive: true, force: true });
});

describe('session credentials on S3: expired, forged, mismatched', () => {
  it('a role session reads what the role allows and nothing more; at expiry, to the second, 400 ExpiredToken', async () => {
    const s = assume('expiring');
    const got = await send(s, 'GET', '/bucket-a/k', { token: s.token });
    assert.deepEqual([got.status, got.text], [200, 'data']);
    const put = await send(s, 'PUT', '/bucket-a/new', { token: s.token, body: 'x' });
    assert.deepEqual([put.status, code(put)], [403, 'AccessDenied']);
    const other = await send(s, 'GET', '/bucket-b', { token: s.token });
    assert.deepEqual([other.status, code(other)], [403, 'AccessDenied']);
    f.advance(899_000);
    assert.equal((await send(s, 'GET', '/bucket-a/k', { token: s.token })).status, 200);
    f.advance(1000);
    const expired = await send(s, 'GET', '/bucket-a/k', { token: s.token });
    assert.deepEqual([expired.status, code(expired)], [400, 'ExpiredToken']);
    assert.match(expired.text, /<Message>The provided token has expired.<\/Message>/);
  });

  it('a tampered token is 400 InvalidToken; a missing token 403 InvalidAccessKeyId; another session\'s token is refused', async () => {
    const s = assume('forged');
    const t = Buffer.from(s.token, 'base64url');
    t[t.length >> 1] = t[t.length >> 1]! ^ 0x01;
    const forged = await send(s, 'GET', '/bucket-a/k', { token: t.toString('base64url') });
    assert.deepEqual([forged.status, code(forged)], [400, 'InvalidToken']);
    const missing = await send(s, 'GET', '/bucket-a/k');
    assert.deepEqual([missing.status, code(missing)], [403, 'InvalidAccessKeyId']);
    const other = assume('other');
    const swapped = await send(s, 'GET', '/bucket-a/k', { token: other.token });
    assert.deepEqual([swapped.status, code(swapped)], [400, 'InvalidToken']);
    // Signed with the other session's secret but this session's key: the signature cannot match.
    const wrongSecret = await send({ accessKey: s.accessKey, secretKey: other.secretKey }, 'GET', '/bucket-a/k', { token: s.token });
    assert.deepEqual([wrongSecret.status, code(wrongSecret)], [403, 'SignatureDoesNotMatch']);
    const longTerm = await send(ALICE, 'GET', '/bucket-a/k', { token: s.token });
    assert.deepEqual([longTerm.status, code(longTerm)], [400, 'InvalidToken']);
  });
});
