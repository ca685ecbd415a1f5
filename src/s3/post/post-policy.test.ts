/**
 * The POST policy checker, table driven, after the AWS pages
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html (condition
 * kinds, exact-match object form, starts-with "" for any value, content-length-range, every
 * form field must be covered except the signature/policy/file fields and x-ignore-*) and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html (the example policy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../errors/s3-error.js';
import { checkPostPolicy, decodePostPolicy } from './post-policy.js';

const NOW = new Date('2015-12-29T12:00:00Z');
const b64 = (doc: unknown): string => Buffer.from(JSON.stringify(doc)).toString('base64');
const error = (code: string, message?: string) => (e: unknown) => isS3Error(e) && e.code === code && (message === undefined || e.message === message);

/** The policy of the AWS SigV4 POST example. */
const EXAMPLE = {
  expiration: '2015-12-30T12:00:00.000Z',
  conditions: [
    { bucket: 'sigv4examplebucket' },
    ['starts-with', '$key', 'user/user1/'],
    { acl: 'public-read' },
    { success_action_redirect: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html' },
    ['starts-with', '$Content-Type', 'image/'],
    { 'x-amz-meta-uuid': '14365123651274' },
    { 'x-amz-server-side-encryption': 'AES256' },
    ['starts-with', '$x-amz-meta-tag', ''],
    { 'x-amz-credential': 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request' },
    { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
    { 'x-amz-date': '20151229T000000Z' },
  ],
};
const EXAMPLE_FIELDS: Array<[string, string]> = [
  ['key', 'user/user1/${filename}'], ['acl', 'public-read'],
  ['success_action_redirect', 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html'],
  ['content-type', 'image/jpeg'], ['x-amz-meta-uuid', '14365123651274'], ['x-amz-server-side-encryption', 'AES256'],
  ['x-amz-credential', 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request'], ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
  ['x-amz-date', '20151229T000000Z'], ['x-amz-meta-tag', ''], ['policy', 'x'], ['x-amz-signature', 'y'],
];
const check = (fields: Array<[string, string]>, policy: unknown = EXAMPLE, bucket = 'sigv4examplebucket') =>
  checkPostPolicy(decodePostPolicy(b64(policy)), { fields: new Map(fields), bucket, now: NOW });
const replace = (name: string, value: string): Array<[string, string]> => EXAMPLE_FIELDS.map(([n, v]) => [n, n === name ? value : v]);

test('the AWS example form passes its policy', () => {
  assert.equal(check(EXAMPLE_FIELDS), undefined);
});

test('violated conditions: AccessDenied naming the failed condition', () => {
  const cases: Array<[string, Array<[string, string]>, string, string]> = [
    ['key outside the prefix', replace('key', 'user/user2/a'), 'sigv4examplebucket', '["starts-with", "$key", "user/user1/"]'],
    ['exact match differs', replace('acl', 'private'), 'sigv4examplebucket', '["eq", "$acl", "public-read"]'],
    ['missing exact-match field', EXAMPLE_FIELDS.filter(([n]) => n !== 'x-amz-meta-uuid'), 'sigv4examplebucket', '["eq", "$x-amz-meta-uuid", "14365123651274"]'],
    ['bucket is the request bucket', EXAMPLE_FIELDS, 'otherbucket', '["eq", "$bucket", "sigv4examplebucket"]'],
    ['every Content-Type value must start with the prefix', replace('content-type', 'image/png, text/html'), 'sigv4examplebucket', '["starts-with", "$Content-Type", "image/"]'],
  ];
  for (const [name, fields, bucket, cond] of cases) {
    assert.throws(() => check(fields, EXAMPLE, bucket), error('AccessDenied', `Invalid according to Policy: Policy Condition failed: ${cond}`), name);
  }
});

test('a key condition is met by the form\'s key field or by the key with ${filename} replaced', () => {
  const policy = (cond: unknown) => ({ expiration: '2030-01-01T00:00:00Z', conditions: [cond] });
  const run = (cond: unknown, key: string | undefined) => checkPostPolicy(decodePostPolicy(b64(policy(cond))),
    { fields: new Map([['key', '${filename}']]), bucket: 'b', now: NOW, ...(key !== undefined ? { key } : {}) });
  assert.equal(run(['starts-with', '$key', 'foo'], 'foo.txt'), undefined, 'the substituted key (MinIO, Ceph)');
  assert.equal(run({ key: '${filename}' }, 'foo.txt'), undefined, 'the field as sent');
  assert.throws(() => run(['starts-with', '$key', 'foo'], 'bar.txt'), error('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "foo"]'));
  assert.throws(() => run(['starts-with', '$key', 'foo'], undefined), error('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "foo"]'));
  assert.throws(() => run(['eq', '$acl', 'foo.txt'], 'foo.txt'), error('AccessDenied', 'Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "foo.txt"]'), 'only the key condition looks at the key');
});

test('extra fields are refused; signature, policy, file and x-ignore-* fields are exempt', () => {
  assert.throws(() => check([...EXAMPLE_FIELDS, ['x-amz-meta-other', '1'], ['cache-control', 'no-cache']]),
    error('AccessDenied', 'Invalid according to Policy: Extra input fields: x-amz-meta-other, cache-control'));
  assert.equal(check([...EXAMPLE_FIELDS, ['x-ignore-note', 'n'], ['awsaccesskeyid', 'a'], ['signature', 's'], ['file', 'f']]), undefined);
});

test('expiration: a policy at or after its expiration is AccessDenied "Policy expired."', () => {
  assert.throws(() => check(EXAMPLE_FIELDS, { ...EXAMPLE, expiration: '2015-12-29T12:00:00.000Z' }),
    error('AccessDenied', 'Invalid according to Policy: Policy expired.'));
  assert.equal(check(EXAMPLE_FIELDS, { ...EXAMPLE, expiration: '2015-12-29T12:00:01Z' }), undefined);
});

test('content-length-range is returned for the stream to enforce (numbers or digit strings)', () => {
  const policy = { expiration: EXAMPLE.expiration, conditions: [['content-length-range', 1, '1048576'], { key: 'k' }] };
  assert.deepEqual(check([['key', 'k']], policy), { min: 1, max: 1048576 });
});

test('condition field names compare case-insensitively', () => {
  const policy = { expiration: EXAMPLE.expiration, conditions: [['eq', '$Key', 'k'], { 'X-Amz-Meta-A': 'v' }] };
  assert.equal(check([['key', 'k'], ['x-amz-meta-a', 'v']], policy), undefined);
});

test('malformed policy documents are InvalidPolicyDocument', () => {
  const cases: Array<[string, string]> = [
    ['not base64 !', 'Invalid Policy: Invalid JSON.'],
    [Buffer.from('not json').toString('base64'), 'Invalid Policy: Invalid JSON.'],
    [b64({ conditions: [] }), 'Invalid Policy: Policy missing expiration.'],
    [b64({ expiration: 'tomorrow', conditions: [] }), "Invalid Policy: Invalid 'expiration' value: 'tomorrow'"],
    [b64({ expiration: EXAMPLE.expiration }), 'Invalid Policy: Policy missing conditions.'],
    [b64({ expiration: EXAMPLE.expiration, conditions: [['matches', '$key', 'x']] }), 'Invalid Policy: Unrecognized condition: matches.'],
    [b64({ expiration: EXAMPLE.expiration, conditions: [['eq', 'key', 'x']] }), 'Invalid Policy: Invalid Condition: field name must start with $.'],
    [b64({ expiration: EXAMPLE.expiration, conditions: [['content-length-range', -1, 5]] }), 'Invalid Policy: Invalid content-length-range.'],
    [b64({ expiration: EXAMPLE.expiration, conditions: [{ a: 'b', c: 'd' }] }), 'Invalid Policy: Invalid Condition: {"a":"b","c":"d"}.'],
  ];
  for (const [policy, message] of cases) assert.throws(() => decodePostPolicy(policy), error('InvalidPolicyDocument', message), message);
});
