/**
 * Issue #9, "no request ever gets more than its policies allow", through the whole server (a
 * real process: router, pipeline, SigV4, IAM store, authorizer): one request for every route of
 * the S3 routing table, so every operation of operations.ts, on a bucket of account A with no
 * policy and no ACL, by four callers: A's root (the owner), B's root (another account: wrong-
 * account credentials), an IAM user of A without any policy, and an anonymous request.
 * Expected: the owner is never refused AccessDenied; B gets only ListBuckets (its own list)
 * and CreateBucket's BucketAlreadyExists; the user and anonymous get 403 AccessDenied for
 * everything. PostObject is a browser form (the request is unsigned; the form carries the
 * caller's SigV4 policy signature, none for anonymous). (src/s3/pipeline/account-authorizer.test.ts
 * checks the same matrix on the authorizer alone.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATIONS, type S3Operation } from '../../src/s3/operations.js';
import { ROUTE_RULES, type RouteRule } from '../../src/s3/router/route-table.js';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';
import { run } from '../helpers/tools.js';
import { multipartBody, sigV4Fields } from '../helpers/post-form.js';

interface Keys { accessKey: string; secretKey: string }
type Caller = 'owner' | 'otherAccount' | 'userWithoutPolicy' | 'anonymous';

const BUCKET = 'matrix-a';
let server: CairnServer;
let keys: Record<Exclude<Caller, 'anonymous'>, Keys>;

async function cairnAdmin(as: Keys, args: readonly string[]): Promise<string> {
  const r = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, '--json', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', AWS_ACCESS_KEY_ID: as.accessKey, AWS_SECRET_ACCESS_KEY: as.secretKey },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, `cairn admin ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A request line that the routing table sends to the rule's operation. */
function requestOf(rule: RouteRule): { method: string; path: string; headers: Record<string, string> } {
  const base = rule.target === 'service' ? '/' : rule.target === 'bucket' ? `/${BUCKET}` : `/${BUCKET}/k`;
  const query = new URLSearchParams();
  for (const q of rule.query ?? []) query.set(q, q === 'partNumber' ? '1' : q === 'uploadId' ? 'matrix-upload' : q === 'versionId' ? 'null' : '');
  for (const [k, v] of Object.entries(rule.queryValue ?? {})) query.set(k, v);
  const qs = query.toString().replace(/=(?=&|$)/g, '');
  const headers: Record<string, string> = {};
  if (rule.header === 'x-amz-copy-source') headers['x-amz-copy-source'] = `/${BUCKET}/keep`;
  else if (rule.header !== undefined) headers[rule.header] = 'matrix';
  return { method: rule.method, path: qs === '' ? base : `${base}?${qs}`, headers };
}

/** A browser upload form for PostObject: signed with the caller's keys in the form, or anonymous. */
function postForm(caller: Caller): Promise<RawResponse> {
  const signer = caller === 'anonymous' ? [] : sigV4Fields({ ...keys[caller], region: server.region }, { conditions: [{ bucket: BUCKET }, { key: 'posted' }] });
  const form = multipartBody([['key', 'posted'], ...signer], { filename: 'posted.txt', content: 'posted' });
  return rawRequest({
    port: server.port, method: 'POST', path: `/${BUCKET}`, body: form.body,
    headers: { host: `127.0.0.1:${server.port}`, 'content-type': form.contentType, 'content-length': String(form.body.length) },
  });
}

function send(caller: Caller, req: { method: string; path: string; headers: Record<string, string> }, op: S3Operation): Promise<RawResponse> {
  if (op === 'PostObject') return postForm(caller);
  if (caller === 'anonymous') {
    return rawRequest({ port: server.port, method: req.method, path: req.path, headers: { host: `127.0.0.1:${server.port}`, ...req.headers, ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { 'content-length': '0' }) } });
  }
  return signedRequest(server, { method: req.method, path: req.path, headers: req.headers, ...keys[caller] });
}

const codeOf = (r: RawResponse): string | undefined => /<Code>([^<]+)<\/Code>/.exec(r.text)?.[1];
const deniedAnswer = (r: RawResponse, method: string): boolean => r.status === 403 && (method === 'HEAD' || codeOf(r) === 'AccessDenied');

before(async () => {
  server = await startServer();
  const root = { accessKey: server.accessKey, secretKey: server.secretKey };
  const a = JSON.parse(await cairnAdmin(root, ['account', 'create', 'matrix-a'])) as Keys;
  const b = JSON.parse(await cairnAdmin(root, ['account', 'create', 'matrix-b'])) as Keys;
  await cairnAdmin(a, ['user', 'add', 'nopolicy', 'nopolicy-secret-1']);
  keys = { owner: a, otherAccount: b, userWithoutPolicy: { accessKey: 'nopolicy', secretKey: 'nopolicy-secret-1' } };
  assert.equal((await signedRequest(server, { method: 'PUT', path: `/${BUCKET}`, ...a })).status, 200);
  for (const key of ['k', 'keep']) assert.equal((await signedRequest(server, { method: 'PUT', path: `/${BUCKET}/${key}`, body: key, ...a })).status, 200);
});

after(async () => {
  await server?.stop();
});

describe('authorization matrix through the server: every S3 operation x {owner, other account, IAM user without policy, anonymous}', () => {
  const covered = new Set(ROUTE_RULES.map((r) => r.op));

  it('the routing table reaches every operation of operations.ts', () => {
    assert.deepEqual((Object.keys(OPERATIONS) as S3Operation[]).filter((op) => !covered.has(op)), []);
  });

  it(`${ROUTE_RULES.length} routes x the callers without rights: 403 AccessDenied, B only its own ListBuckets and CreateBucket's BucketAlreadyExists`, async () => {
    const wrong: string[] = [];
    for (const rule of ROUTE_RULES) {
      const req = requestOf(rule);
      for (const caller of ['otherAccount', 'userWithoutPolicy', 'anonymous'] as const) {
        const r = await send(caller, req, rule.op);
        let ok = deniedAnswer(r, req.method);
        if (caller === 'otherAccount' && rule.op === 'ListBuckets') ok = r.status === 200 && !r.text.includes(`<Name>${BUCKET}</Name>`);
        if (caller === 'otherAccount' && rule.op === 'CreateBucket') ok = r.status === 409 && codeOf(r) === 'BucketAlreadyExists';
        if (!ok) wrong.push(`${rule.op} ${req.method} ${req.path} by ${caller}: ${r.status} ${codeOf(r) ?? ''}`);
      }
    }
    assert.deepEqual(wrong, []);
    // Nothing was changed by them: the object is still there, nothing was posted.
    const got = await signedRequest(server, { method: 'GET', path: `/${BUCKET}/k`, ...keys.owner });
    assert.deepEqual([got.status, got.text], [200, 'k']);
    assert.equal((await signedRequest(server, { method: 'HEAD', path: `/${BUCKET}/posted`, ...keys.owner })).status, 404);
  });

  it('the owner (A\'s root) is never refused AccessDenied', async () => {
    const wrong: string[] = [];
    // Deleting last: the bucket and its objects serve the other requests first.
    const rules = [...ROUTE_RULES].sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    for (const rule of rules) {
      const req = requestOf(rule);
      const r = await send('owner', req, rule.op);
      if (r.status === 403) wrong.push(`${rule.op} ${req.method} ${req.path}: ${r.status} ${codeOf(r) ?? ''}`);
    }
    assert.deepEqual(wrong, []);
  });
});
