/** The IAM query protocol pieces: SigV4 with service iam, form parameters, pagination, XML. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { canonicalRequest, deriveSigningKey, SigningKeyCache, stringToSign, type AuthRequest } from '../../s3/sigv4/index.js';
import { IamError } from '../store/iam-errors.js';
import { authenticateIam } from './iam-auth.js';
import { isIamRequest } from './iam-listener.js';
import { paginate } from './iam-operation.js';
import { IamParams, NAME_RULE, PATH_RULE } from './iam-params.js';
import { errorXml, responseXml } from './iam-xml.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const STORE = { secretFor: (ak: string): string | undefined => (ak === 'AKIAEXAMPLE' ? 'secret-key-example' : undefined) };

function signed(body: string, opts: { region?: string; service?: string; secret?: string; date?: Date; accessKey?: string } = {}): AuthRequest {
  const date = opts.date ?? NOW;
  const amz = date.toISOString().replace(/[-:]|\.\d+/g, '');
  const scope = `${amz.slice(0, 8)}/${opts.region ?? 'us-east-1'}/${opts.service ?? 'iam'}/aws4_request`;
  const headers = { host: 'cairn.local:9000', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-amz-date': amz };
  const req: AuthRequest = { method: 'POST', rawPath: '/', rawQuery: '', headers };
  const signedHeaders = ['content-type', 'host', 'x-amz-date'];
  const creq = canonicalRequest({ req, signedHeaders, payloadHash: createHash('sha256').update(body).digest('hex') });
  const key = deriveSigningKey(opts.secret ?? 'secret-key-example', amz.slice(0, 8), opts.region ?? 'us-east-1', opts.service ?? 'iam');
  const signature = createHmac('sha256', key).update(stringToSign(amz, scope, creq)).digest('hex');
  return {
    ...req,
    headers: { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${opts.accessKey ?? 'AKIAEXAMPLE'}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` },
  };
}

const auth = (req: AuthRequest, body: string, region = 'eu-west-1'): string =>
  authenticateIam(req, Buffer.from(body), STORE, { now: NOW, region, keyCache: new SigningKeyCache() }).accessKey;

const iamCode = (code: string) => (e: unknown): boolean => e instanceof IamError && e.iamCode === code;

describe('IAM SigV4 (service iam)', () => {
  const body = 'Action=ListUsers&Version=2010-05-08';

  it('accepts us-east-1 (IAM is global) and the configured region', () => {
    assert.equal(auth(signed(body), body), 'AKIAEXAMPLE');
    assert.equal(auth(signed(body, { region: 'eu-west-1' }), body), 'AKIAEXAMPLE');
  });

  it('answers IAM error codes: missing token, unknown key, bad signature, tampered body, wrong service, skew', () => {
    assert.throws(() => auth({ method: 'POST', rawPath: '/', rawQuery: '', headers: {} }, body), iamCode('MissingAuthenticationToken'));
    assert.throws(() => auth(signed(body, { accessKey: 'AKIAUNKNOWN' }), body), iamCode('InvalidClientTokenId'));
    assert.throws(() => auth(signed(body, { secret: 'wrong' }), body), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(signed(body), `${body}&UserName=x`), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(signed(body, { service: 's3' }), body), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(signed(body, { region: 'ap-south-1' }), body), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(signed(body, { date: new Date(NOW.getTime() - 16 * 60_000) }), body), iamCode('SignatureDoesNotMatch'));
    const req = signed(body);
    assert.throws(() => auth({ ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } }, body), iamCode('IncompleteSignature'));
  });
});

/** A presigned IAM URL's target as botocore's SigV4QueryAuth makes it (payload: the empty body's hash). */
function presigned(query: string, opts: { method?: string; expires?: number; date?: Date; secret?: string; region?: string } = {}): AuthRequest {
  const date = opts.date ?? NOW;
  const amz = date.toISOString().replace(/[-:]|\.\d+/g, '');
  const scope = `${amz.slice(0, 8)}/${opts.region ?? 'us-east-1'}/iam/aws4_request`;
  const rawQuery = `${query}&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F${encodeURIComponent(scope)}`
    + `&X-Amz-Date=${amz}&X-Amz-Expires=${opts.expires ?? 300}&X-Amz-SignedHeaders=host`;
  const req: AuthRequest = { method: opts.method ?? 'GET', rawPath: '/', rawQuery, headers: { host: 'cairn.local:9000' } };
  const creq = canonicalRequest({ req, signedHeaders: ['host'], payloadHash: createHash('sha256').update('').digest('hex') });
  const key = deriveSigningKey(opts.secret ?? 'secret-key-example', amz.slice(0, 8), opts.region ?? 'us-east-1', 'iam');
  const signature = createHmac('sha256', key).update(stringToSign(amz, scope, creq)).digest('hex');
  return { ...req, rawQuery: `${rawQuery}&X-Amz-Signature=${signature}` };
}

describe('IAM presigned URLs (service iam)', () => {
  const q = 'Action=ListUsers&Version=2010-05-08';
  it('accepts GET and POST URLs in us-east-1 and the configured region', () => {
    assert.equal(auth(presigned(q), ''), 'AKIAEXAMPLE');
    assert.equal(auth(presigned(q, { method: 'POST' }), ''), 'AKIAEXAMPLE');
    assert.equal(auth(presigned(q, { region: 'eu-west-1' }), ''), 'AKIAEXAMPLE');
  });
  it('refuses tampered, wrong-secret, wrong-region, expired and future URLs, and both schemes at once', () => {
    const good = presigned(q);
    assert.throws(() => auth({ ...good, rawQuery: good.rawQuery.replace('ListUsers', 'ListRoles') }, ''), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth({ ...good, method: 'POST' }, ''), iamCode('SignatureDoesNotMatch'), 'signed for GET');
    assert.throws(() => auth(good, 'Action=CreateUser'), iamCode('SignatureDoesNotMatch'), 'a body the URL did not sign');
    assert.throws(() => auth(presigned(q, { secret: 'wrong' }), ''), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(presigned(q, { region: 'ap-south-1' }), ''), iamCode('SignatureDoesNotMatch'));
    assert.throws(() => auth(presigned(q, { expires: 60, date: new Date(NOW.getTime() - 120_000) }), ''),
      (e) => iamCode('SignatureDoesNotMatch')(e) && /^Signature expired: 20261202T095800Z is now earlier than/.test((e as Error).message));
    assert.throws(() => auth(presigned(q, { date: new Date(NOW.getTime() + 20 * 60_000) }), ''),
      (e) => iamCode('SignatureDoesNotMatch')(e) && /^Signature not yet current: 20261202T102000Z/.test((e as Error).message));
    assert.throws(() => auth({ ...good, headers: { ...good.headers, authorization: signed('').headers.authorization! } }, ''), iamCode('IncompleteSignature'));
  });
});

describe('IAM routing', () => {
  const msg = (method: string, url: string, headers: Record<string, string>): IncomingMessage => ({ method, url, headers }) as unknown as IncomingMessage;
  it('a POST to / with an iam credential scope or a form body is IAM; S3 requests are not', () => {
    assert.equal(isIamRequest(msg('POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })), true);
    assert.equal(isIamRequest(msg('POST', '/', { authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261202/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' })), true);
    assert.equal(isIamRequest(msg('POST', '/bucket', { 'content-type': 'application/x-www-form-urlencoded' })), false);
    assert.equal(isIamRequest(msg('POST', '/', { 'content-type': 'multipart/form-data; boundary=x' })), false);
    assert.equal(isIamRequest(msg('GET', '/', { authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261202/us-east-1/iam/aws4_request' })), false);
  });

  it('a GET to / with Action= signed for iam (header or presigned) is IAM; ListBuckets and unsigned GETs are not', () => {
    const iamAuth = { authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261202/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' };
    assert.equal(isIamRequest(msg('GET', '/?Action=ListUsers&Version=2010-05-08', iamAuth)), true);
    const presigned = '/?Action=ListUsers&X-Amz-Credential=AK%2F20261202%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Signature=0';
    assert.equal(isIamRequest(msg('GET', presigned, {})), true);
    assert.equal(isIamRequest(msg('POST', presigned, {})), true, 'a presigned POST (botocore default) with an empty body');
    assert.equal(isIamRequest(msg('GET', '/?Action=ListUsers', {})), false, 'unsigned: STS takes it');
    assert.equal(isIamRequest(msg('GET', '/', { authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261202/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' })), false);
    assert.equal(isIamRequest(msg('GET', presigned.replace('%2Fiam%2F', '%2Fs3%2F'), {})), false);
    assert.equal(isIamRequest(msg('GET', '/?Action=ListUsers&X-Amz-Credential=%E0%A4%A', {})), false, 'a malformed escape is not a scope');
    assert.equal(isIamRequest(msg('DELETE', presigned, {})), false);
  });
});

describe('IAM form parameters', () => {
  const params = (q: string): IamParams => new IamParams(new URLSearchParams(q));
  it('validation errors name the member and the constraint as AWS does', () => {
    assert.throws(() => params('').required('UserName', NAME_RULE(64)),
      (e) => e instanceof IamError && e.iamCode === 'ValidationError' && e.message === "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
    assert.throws(() => params('UserName=a%20b').required('UserName', NAME_RULE(64)),
      (e) => e instanceof IamError && e.message === "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    assert.throws(() => params(`UserName=${'a'.repeat(65)}`).required('UserName', NAME_RULE(64)), /length less than or equal to 64/);
    assert.throws(() => params('Path=nope').optional('Path', PATH_RULE), /regular expression pattern/);
    assert.equal(params('Path=%2Fa%2Fb%2F').optional('Path', PATH_RULE), '/a/b/');
    assert.throws(() => params('MaxItems=0').int('MaxItems', { min: 1, max: 1000 }), /greater than or equal to 1/);
  });

  it('lists (optionally checked: member count and each member) and tags in member form', () => {
    const p = params('TagKeys.member.1=a&TagKeys.member.2=b&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=e');
    assert.deepEqual(p.list('TagKeys'), ['a', 'b']);
    assert.deepEqual(p.tags('Tags'), [{ Key: 'k', Value: 'v' }, { Key: 'e', Value: '' }]);
    const check = { maxItems: 2, member: { min: 1, max: 3 } };
    assert.deepEqual(p.list('TagKeys', check), ['a', 'b']);
    assert.throws(() => params('L.member.1=a&L.member.2=b&L.member.3=c').list('L', check),
      (e) => e instanceof IamError && e.message === "1 validation error detected: Value '[a, b, c]' at 'l' failed to satisfy constraint: Member must have length less than or equal to 2");
    assert.throws(() => params('L.member.1=abcd').list('L', check),
      (e) => e instanceof IamError && e.message === "1 validation error detected: Value 'abcd' at 'l' failed to satisfy constraint: Member must have length less than or equal to 3");
  });

  it('paginates by name with an opaque marker; a forged marker is refused', () => {
    const items = ['d', 'a', 'c', 'b', 'e'];
    const first = paginate(params('MaxItems=2'), items, (x) => x);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.equal(first.isTruncated, true);
    const second = paginate(params(`MaxItems=2&Marker=${first.marker!}`), items, (x) => x);
    assert.deepEqual(second.items, ['c', 'd']);
    const last = paginate(params(`MaxItems=2&Marker=${second.marker!}`), items, (x) => x);
    assert.deepEqual([last.items, last.isTruncated, last.marker], [['e'], false, undefined]);
    assert.throws(() => paginate(params('Marker=%%%'), items, (x) => x), iamCode('ValidationError'));
  });
});

describe('IAM XML', () => {
  it('responses and errors in AWS shape', () => {
    assert.equal(responseXml('DeleteUser', undefined, 'r-1'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DeleteUserResponse>\n');
    assert.match(responseXml('GetUser', '<User/>', 'r-2'), /<GetUserResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><GetUserResult><User\/><\/GetUserResult>/);
    assert.equal(errorXml('NoSuchEntity', 'The user with name a&b cannot be found.', 'r-3', 'Sender'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name a&amp;b cannot be found.</Message></Error><RequestId>r-3</RequestId></ErrorResponse>\n');
  });
});
