/**
 * Bucket policies from the Amazon S3 User Guide ("Examples of Amazon S3 bucket policies",
 * "Bucket policy examples using condition keys", "Tagging and access control policies",
 * "Authenticating Requests (AWS Signature Version 4) - bucket policy conditions").
 */
import { A, ALICE, ANON, B, BOB, CAROL, ROOT_A, row, type CaseGroup } from './policy-case.js';

const S3 = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide';
const EXAMPLES = `${S3}/example-bucket-policies.html`;
const KEYS = `${S3}/amazon-s3-policy-keys.html`;
const bucketPolicy = (...statements: Array<Readonly<Record<string, unknown>>>): Readonly<Record<string, unknown>> =>
  ({ Version: '2012-10-17', Statement: statements });
const both = ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'];

export const S3_GROUPS: readonly CaseGroup[] = [
  {
    doc: EXAMPLES, title: 'public read-only access to objects',
    policies: { resource: bucketPolicy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::bucket/*' }) },
    rows: [
      row('anonymous GET', 'Allow', { principal: ANON }, 'PublicRead'),
      row('anonymous GET of a version', 'Allow', { principal: ANON, action: 's3:GetObjectVersion' }, 'PublicRead'),
      row('anonymous PUT', 'ImplicitDeny', { principal: ANON, action: 's3:PutObject' }),
      row('anonymous ListBucket', 'ImplicitDeny', { principal: ANON, action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' }),
      row('anonymous GET in another bucket', 'ImplicitDeny', { principal: ANON, resource: 'arn:aws:s3:::other/key' }),
      row('user of another account without an identity policy', 'ImplicitDeny', { principal: CAROL }),
      row('user of the account without an identity policy: Principal * allows', 'Allow', { principal: BOB }, 'PublicRead'),
    ],
  },
  {
    doc: EXAMPLES, title: 'deny requests that do not use HTTPS (aws:SecureTransport)',
    policies: { resource: bucketPolicy(
      { Sid: 'AllowAccountA', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:*', Resource: both },
      { Sid: 'RestrictToTLSRequestsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: both, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ) },
    rows: [
      row('alice over https', 'Allow', { keys: { 'aws:SecureTransport': 'true' } }, 'AllowAccountA'),
      row('alice over http', 'ExplicitDeny', { keys: { 'aws:SecureTransport': 'false' } }, 'RestrictToTLSRequestsOnly'),
      row('root over http is denied as well', 'ExplicitDeny', { principal: ROOT_A, keys: { 'aws:SecureTransport': 'false' } }),
      row('anonymous over http: denied', 'ExplicitDeny', { principal: ANON, keys: { 'aws:SecureTransport': 'false' } }),
      row('anonymous over https: not allowed either', 'ImplicitDeny', { principal: ANON, keys: { 'aws:SecureTransport': 'true' } }),
      row('bucket-level action over http', 'ExplicitDeny', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', keys: { 'aws:SecureTransport': 'false' } }),
    ],
  },
  {
    doc: EXAMPLES, title: 'restrict access by IP address (IPv4 and IPv6)',
    policies: { resource: bucketPolicy(
      { Sid: 'IPAllow', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: both,
        Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] } } },
      { Sid: 'ReadAll', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
    ) },
    rows: [
      row('anonymous from the allowed range', 'Allow', { principal: ANON, keys: { 'aws:SourceIp': '192.0.2.10' } }, 'ReadAll'),
      row('anonymous from elsewhere', 'ExplicitDeny', { principal: ANON, keys: { 'aws:SourceIp': '198.51.100.1' } }, 'IPAllow'),
      row('IPv6 inside', 'Allow', { principal: ANON, keys: { 'aws:SourceIp': '2001:db8:1234:5678::99' } }),
      row('IPv6 outside', 'ExplicitDeny', { principal: ANON, keys: { 'aws:SourceIp': '2001:db8::99' } }),
      row('owner from elsewhere is denied too', 'ExplicitDeny', { principal: ROOT_A, keys: { 'aws:SourceIp': '203.0.113.1' } }),
    ],
  },
  {
    doc: EXAMPLES, title: 'require bucket-owner-full-control for cross-account uploads (s3:x-amz-acl)',
    policies: {
      resource: bucketPolicy({ Sid: 'CrossAccountPut', Effect: 'Allow', Principal: { AWS: B }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*',
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } }),
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'CarolPut', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' }] }],
    },
    rows: [
      row('with the ACL', 'Allow', { principal: CAROL, action: 's3:PutObject', keys: { 's3:x-amz-acl': 'bucket-owner-full-control' } }, 'CarolPut'),
      row('with another ACL', 'ImplicitDeny', { principal: CAROL, action: 's3:PutObject', keys: { 's3:x-amz-acl': 'private' } }),
      row('without an ACL header', 'ImplicitDeny', { principal: CAROL, action: 's3:PutObject' }),
    ],
  },
  {
    doc: EXAMPLES, title: 'require SSE: deny PutObject without or with the wrong x-amz-server-side-encryption',
    policies: { resource: bucketPolicy(
      { Sid: 'AllowA', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' },
      { Sid: 'DenyWrongSSE', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
      { Sid: 'DenyNoSSE', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*',
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
    ) },
    rows: [
      row('with aws:kms', 'Allow', { action: 's3:PutObject', keys: { 's3:x-amz-server-side-encryption': 'aws:kms' } }, 'AllowA'),
      row('with AES256', 'ExplicitDeny', { action: 's3:PutObject', keys: { 's3:x-amz-server-side-encryption': 'AES256' } }, 'DenyWrongSSE'),
      row('without the header: the first deny already hits', 'ExplicitDeny', { action: 's3:PutObject' }, 'DenyWrongSSE'),
      row('GetObject is not concerned (and not allowed)', 'ImplicitDeny', {}),
    ],
  },
  {
    doc: EXAMPLES, title: 'restrict by HTTP referer (aws:Referer)',
    policies: { resource: bucketPolicy({ Sid: 'Referer', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*',
      Condition: { StringLike: { 'aws:Referer': ['https://www.example.com/*', 'https://example.com/*'] } } }) },
    rows: [
      row('from the site', 'Allow', { principal: ANON, keys: { 'aws:Referer': 'https://www.example.com/page' } }),
      row('from elsewhere', 'ImplicitDeny', { principal: ANON, keys: { 'aws:Referer': 'https://evil.example.net/' } }),
      row('no referer', 'ImplicitDeny', { principal: ANON }),
    ],
  },
  {
    doc: KEYS, title: 'ListBucket limited by s3:prefix, s3:delimiter and s3:max-keys',
    policies: { identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'ListProjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket',
      Condition: { StringEquals: { 's3:prefix': 'projects', 's3:delimiter': '/' }, NumericLessThanEquals: { 's3:max-keys': '10' } } }] }] },
    rows: [
      row('all conditions hold', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', keys: { 's3:prefix': 'projects', 's3:delimiter': '/', 's3:max-keys': '10' } }),
      row('too many keys', 'ImplicitDeny', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', keys: { 's3:prefix': 'projects', 's3:delimiter': '/', 's3:max-keys': '1000' } }),
      row('no delimiter', 'ImplicitDeny', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', keys: { 's3:prefix': 'projects', 's3:max-keys': '5' } }),
      row('other prefix', 'ImplicitDeny', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', keys: { 's3:prefix': 'finance', 's3:delimiter': '/', 's3:max-keys': '5' } }),
    ],
  },
  {
    doc: KEYS, title: 'GetObjectVersion of one version only (s3:VersionId)',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'OneVersion', Effect: 'Allow', Action: 's3:GetObjectVersion', Resource: 'arn:aws:s3:::bucket/doc', Condition: { StringEquals: { 's3:VersionId': 'AaaHbAQitwiL_h47_44lRO2DDfLlBO5e' } } },
      { Sid: 'DenyOthers', Effect: 'Deny', Action: 's3:GetObjectVersion', Resource: 'arn:aws:s3:::bucket/doc', Condition: { StringNotEquals: { 's3:VersionId': 'AaaHbAQitwiL_h47_44lRO2DDfLlBO5e' } } },
    ] }] },
    rows: [
      row('that version', 'Allow', { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::bucket/doc', keys: { 's3:VersionId': 'AaaHbAQitwiL_h47_44lRO2DDfLlBO5e' } }, 'OneVersion'),
      row('another version', 'ExplicitDeny', { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::bucket/doc', keys: { 's3:VersionId': 'other' } }, 'DenyOthers'),
    ],
  },
  {
    doc: `${S3}/tagging-and-policies.html`, title: 'object tags: s3:ExistingObjectTag and s3:RequestObjectTag',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'ReadNonSecret', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 's3:ExistingObjectTag/environment': 'production' } } },
      { Sid: 'PutWithTag', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*',
        Condition: { StringEquals: { 's3:RequestObjectTag/Project': 'X' }, 'ForAllValues:StringLike': { 's3:RequestObjectTagKeys': ['Project', 'Dep*'] } } },
    ] }] },
    rows: [
      row('read a production object', 'Allow', { keys: { 's3:ExistingObjectTag/environment': 'production' } }, 'ReadNonSecret'),
      row('read a test object', 'ImplicitDeny', { keys: { 's3:ExistingObjectTag/environment': 'test' } }),
      row('read an untagged object', 'ImplicitDeny'),
      row('put with Project=X', 'Allow', { action: 's3:PutObject', keys: { 's3:RequestObjectTag/Project': 'X', 's3:RequestObjectTagKeys': ['Project', 'Department'] } }, 'PutWithTag'),
      row('put with an extra tag key', 'ImplicitDeny', { action: 's3:PutObject', keys: { 's3:RequestObjectTag/Project': 'X', 's3:RequestObjectTagKeys': ['Project', 'Cost'] } }),
      row('put with Project=Y', 'ImplicitDeny', { action: 's3:PutObject', keys: { 's3:RequestObjectTag/Project': 'Y', 's3:RequestObjectTagKeys': ['Project'] } }),
    ],
  },
  {
    doc: `${S3}/bucket-policy-s3-sigv4-conditions.html`, title: 'signature conditions: s3:signatureversion, s3:authType, s3:x-amz-content-sha256',
    policies: { resource: bucketPolicy(
      { Sid: 'AllowA', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: both },
      { Sid: 'DenySigV2', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: both, Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } } },
      { Sid: 'DenyPresigned', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } },
      { Sid: 'DenyUnsigned', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } } },
    ) },
    rows: [
      row('SigV4 header auth', 'Allow', { keys: { 's3:signatureversion': 'AWS4-HMAC-SHA256', 's3:authType': 'REST-HEADER' } }, 'AllowA'),
      row('SigV2', 'ExplicitDeny', { keys: { 's3:signatureversion': 'AWS', 's3:authType': 'REST-HEADER' } }, 'DenySigV2'),
      row('presigned PUT', 'ExplicitDeny', { action: 's3:PutObject', keys: { 's3:signatureversion': 'AWS4-HMAC-SHA256', 's3:authType': 'REST-QUERY-STRING' } }, 'DenyPresigned'),
      row('presigned GET is fine', 'Allow', { keys: { 's3:signatureversion': 'AWS4-HMAC-SHA256', 's3:authType': 'REST-QUERY-STRING' } }),
      row('unsigned payload PUT', 'ExplicitDeny', { action: 's3:PutObject', keys: { 's3:signatureversion': 'AWS4-HMAC-SHA256', 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, 'DenyUnsigned'),
      row('signed payload PUT', 'Allow', { action: 's3:PutObject', keys: { 's3:signatureversion': 'AWS4-HMAC-SHA256', 's3:x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } }),
    ],
  },
  {
    doc: EXAMPLES, title: 'grant another account, restricted by aws:PrincipalAccount',
    policies: {
      resource: bucketPolicy({ Sid: 'Partner', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/partner/*', Condition: { StringEquals: { 'aws:PrincipalAccount': [B] } } }),
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'CarolRead', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
    },
    rows: [
      row('carol of B', 'Allow', { principal: CAROL, resource: 'arn:aws:s3:::bucket/partner/a' }, 'CarolRead'),
      row('anonymous has no principal account', 'ImplicitDeny', { principal: ANON, resource: 'arn:aws:s3:::bucket/partner/a' }),
      row('bob of A with no identity allow: the condition does not name A', 'ImplicitDeny', { principal: BOB, resource: 'arn:aws:s3:::bucket/partner/a' }, undefined,
        { resource: bucketPolicy({ Sid: 'Partner', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/partner/*', Condition: { StringEquals: { 'aws:PrincipalAccount': [B] } } }) }),
      row('carol outside partner/', 'ImplicitDeny', { principal: CAROL }),
    ],
  },
  {
    doc: EXAMPLES, title: 'deny everyone but one user to delete (NotPrincipal-free form with aws:PrincipalArn)',
    policies: {
      resource: bucketPolicy({ Sid: 'OnlyAliceDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bucket/*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/alice` } } }),
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
    },
    rows: [
      row('alice deletes', 'Allow', { action: 's3:DeleteObject' }, 'All'),
      row('bob cannot', 'ExplicitDeny', { principal: BOB, action: 's3:DeleteObject' }, 'OnlyAliceDeletes'),
      row('anonymous cannot (no PrincipalArn: negated operator is true)', 'ExplicitDeny', { principal: ANON, action: 's3:DeleteObject' }),
      row('alice reads', 'Allow', {}, 'All'),
      row('alice\'s evaluation uses her ARN even with a user agent', 'Allow', { principal: ALICE, action: 's3:DeleteObject', keys: { 'aws:UserAgent': 'x' } }),
    ],
  },
];
