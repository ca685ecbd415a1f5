/**
 * Evaluation order: explicit deny, identity vs resource policy, cross account, boundaries,
 * session policies, Action / NotAction / Resource / NotResource / Principal / NotPrincipal.
 */
import { A, ANON, B, BOB, CAROL, ROOT_A, ROOT_B, SERVICE, SESSION, row, type CaseGroup } from './policy-case.js';

const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';
const OBJ = 'arn:aws:s3:::bucket/key';

const readBucket = { Version: '2012-10-17', Statement: [
  { Sid: 'ReadObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::bucket/*' },
  { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' },
] };
const denySecret = { Version: '2012-10-17', Statement: [
  { Sid: 'DenySecret', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/secret/*' },
] };

const bobReads = { Version: '2012-10-17', Statement: [
  { Sid: 'BobReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
  { Sid: 'DenyDelete', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bucket/*' },
] };
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const onlyList = { Version: '2012-10-17', Statement: [{ Sid: 'OnlyList', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] };
const namedPrincipals = { Version: '2012-10-17', Statement: [
  { Sid: 'UserArn', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
  { Sid: 'WholeAccount', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' },
  { Sid: 'RoleArn', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/reader` }, Action: 's3:GetObjectTagging', Resource: 'arn:aws:s3:::bucket/*' },
  { Sid: 'SessionArn', Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/reader/s1` }, Action: 's3:GetObjectAcl', Resource: 'arn:aws:s3:::bucket/*' },
] };

export const EVALUATION_GROUPS: readonly CaseGroup[] = [
  {
    doc: `${IAM}/reference_policies_evaluation-logic.html`,
    title: 'identity policies in one account: allow, implicit deny, explicit deny wins',
    policies: { identity: [readBucket, denySecret] },
    rows: [
      row('GetObject allowed by identity policy', 'Allow', {}, 'ReadObjects'),
      row('GetObjectVersion allowed', 'Allow', { action: 's3:GetObjectVersion' }, 'ReadObjects'),
      row('ListBucket on the bucket ARN', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' }, 'ListBucket'),
      row('ListBucket on an object ARN is not granted', 'ImplicitDeny', { action: 's3:ListBucket' }),
      row('PutObject not granted: implicit deny', 'ImplicitDeny', { action: 's3:PutObject' }),
      row('DeleteObject not granted', 'ImplicitDeny', { action: 's3:DeleteObject' }),
      row('other bucket not granted', 'ImplicitDeny', { resource: 'arn:aws:s3:::other/key' }),
      row('bucket name is a prefix only: bucket2 not granted', 'ImplicitDeny', { resource: 'arn:aws:s3:::bucket2/key' }),
      row('explicit deny overrides the allow', 'ExplicitDeny', { resource: 'arn:aws:s3:::bucket/secret/plan' }, 'DenySecret'),
      row('explicit deny on an action that was never allowed', 'ExplicitDeny',
        { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/secret/x' }, 'DenySecret'),
      row('action names are case-insensitive', 'Allow', { action: 'S3:getobject' }, 'ReadObjects'),
      row('resource ARNs are case-sensitive', 'ImplicitDeny', { resource: 'arn:aws:s3:::BUCKET/key' }),
      row('deny prefix is case-sensitive too', 'Allow', { resource: 'arn:aws:s3:::bucket/Secret/plan' }),
      row('nested key allowed by bucket/*', 'Allow', { resource: 'arn:aws:s3:::bucket/a/b/c.txt' }),
      row('no policies for bob: implicit deny', 'ImplicitDeny', { principal: BOB }, undefined, { identity: [] }),
      row('account root is allowed in its own account without policies', 'Allow', { principal: ROOT_A, action: 's3:PutObject' }),
      row('anonymous gets nothing from identity policies', 'ImplicitDeny', { principal: ANON }),
    ],
  },
  {
    doc: `${IAM}/reference_policies_evaluation-logic.html`,
    title: 'identity and resource policy in the same account: either allow suffices',
    policies: { resource: bobReads, identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'AliceAll', Effect: 'Allow', Action: 's3:*', Resource: '*' }] }] },
    rows: [
      row('alice: identity allow alone suffices', 'Allow', {}, 'AliceAll'),
      row('alice PutObject: identity allow', 'Allow', { action: 's3:PutObject' }, 'AliceAll'),
      row('alice DeleteObject: bucket policy deny wins over identity allow', 'ExplicitDeny', { action: 's3:DeleteObject' }, 'DenyDelete'),
      row('bob: resource policy allow alone suffices', 'Allow', { principal: BOB }, 'BobReads', { resource: bobReads }),
      row('bob PutObject: neither allows', 'ImplicitDeny', { principal: BOB, action: 's3:PutObject' }, undefined, { resource: bobReads }),
      row('bob DeleteObject: explicit deny', 'ExplicitDeny', { principal: BOB, action: 's3:DeleteObject' }, 'DenyDelete', { resource: bobReads }),
      row('account root is subject to the bucket policy deny', 'ExplicitDeny', { principal: ROOT_A, action: 's3:DeleteObject' }, 'DenyDelete'),
      row('account root may do the rest', 'Allow', { principal: ROOT_A, action: 's3:PutObject' }),
      row('anonymous DeleteObject: explicit deny (Principal *)', 'ExplicitDeny', { principal: ANON, action: 's3:DeleteObject' }, 'DenyDelete'),
      row('anonymous GetObject: not named by the allow', 'ImplicitDeny', { principal: ANON }),
      row('session of another role in the account: nothing allows', 'ImplicitDeny', { principal: SESSION }, undefined, { resource: bobReads }),
    ],
  },
  {
    doc: `${IAM}/reference_policies_evaluation-logic-cross-account.html`,
    title: 'cross-account: the resource policy and the identity policy must both allow',
    policies: {
      resource: { Version: '2012-10-17', Statement: [
        { Sid: 'AccountB', Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bucket/shared/*' },
        { Sid: 'CarolList', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:user/carol` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' },
      ] },
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'CarolS3', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] }],
    },
    rows: [
      row('carol reads shared/: both sides allow', 'Allow', { principal: CAROL, resource: 'arn:aws:s3:::bucket/shared/a' }, 'CarolS3'),
      row('carol puts shared/: resource allows, identity does not', 'ImplicitDeny',
        { principal: CAROL, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/shared/a' }),
      row('carol reads outside shared/: resource policy does not allow', 'ImplicitDeny', { principal: CAROL }),
      row('carol lists: named exactly, identity allows', 'Allow',
        { principal: CAROL, action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' }, 'CarolS3'),
      row('account B root reads shared/: implicit identity allow', 'Allow', { principal: ROOT_B, resource: 'arn:aws:s3:::bucket/shared/a' }),
      row('account B root puts shared/', 'Allow', { principal: ROOT_B, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/shared/a' }),
      row('account B root lists: not named', 'ImplicitDeny', { principal: ROOT_B, action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' }),
      row('alice of A needs no resource policy in her own account', 'Allow', { resource: 'arn:aws:s3:::bucket/shared/a' }, 'CarolS3'),
      row('resource in B, alice of A: identity allows, no resource policy names A', 'ImplicitDeny', { resourceAccount: B }),
      row('resourceAccount unset means same account', 'Allow', { resourceAccount: null }, 'CarolS3'),
    ],
  },
  {
    doc: `${IAM}/reference_policies_evaluation-logic-cross-account.html`,
    title: 'cross-account: denies on either side win',
    policies: {
      resource: { Version: '2012-10-17', Statement: [
        { Sid: 'AllowB', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' },
        { Sid: 'DenyB', Effect: 'Deny', Principal: { AWS: B }, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bucket/*' },
      ] },
      identity: [{ Version: '2012-10-17', Statement: [
        { Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'NoPut', Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
      ] }],
    },
    rows: [
      row('carol GetObject: allowed by both', 'Allow', { principal: CAROL }, 'Everything'),
      row('carol DeleteObject: resource policy denies', 'ExplicitDeny', { principal: CAROL, action: 's3:DeleteObject' }, 'DenyB'),
      row('carol PutObject: her own policy denies', 'ExplicitDeny', { principal: CAROL, action: 's3:PutObject' }, 'NoPut'),
      row('root of B DeleteObject: denied by the account principal', 'ExplicitDeny', { principal: ROOT_B, action: 's3:DeleteObject' }, 'DenyB'),
      row('root of B GetObject', 'Allow', { principal: ROOT_B }),
      row('alice of A: account B statements do not name her', 'Allow', { action: 's3:DeleteObject' }, 'Everything'),
      row('alice PutObject: her own deny', 'ExplicitDeny', { action: 's3:PutObject' }, 'NoPut'),
      row('anonymous: nothing names it', 'ImplicitDeny', { principal: ANON }),
    ],
  },
  {
    doc: `${IAM}/access_policies_boundaries.html`,
    title: 'permissions boundaries narrow identity permissions',
    policies: {
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'S3AndEc2', Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }] }],
      boundary: [{ Version: '2012-10-17', Statement: [
        { Sid: 'BoundaryS3Read', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' },
        { Sid: 'BoundaryNoSecret', Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::bucket/secret/*' },
      ] }],
    },
    rows: [
      row('GetObject: identity and boundary allow', 'Allow', {}, 'S3AndEc2'),
      row('ListBucket: within the boundary', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' }, 'S3AndEc2'),
      row('PutObject: identity allows, boundary does not', 'ImplicitDeny', { action: 's3:PutObject' }),
      row('ec2 action: outside the boundary', 'ImplicitDeny', { action: 'ec2:RunInstances', resource: '*' }),
      row('boundary deny is an explicit deny', 'ExplicitDeny', { resource: 'arn:aws:s3:::bucket/secret/a' }, 'BoundaryNoSecret'),
      row('boundary alone grants nothing', 'ImplicitDeny', {}, undefined, { boundary: [allowAll] }),
    ],
  },
  {
    doc: `${IAM}/access_policies_boundaries.html`,
    title: 'permissions boundaries and resource policies in the same account',
    policies: { boundary: [onlyList], resource: namedPrincipals },
    rows: [
      row('user ARN named: not limited by the boundary', 'Allow', {}, 'UserArn'),
      row('account named: limited by the boundary', 'ImplicitDeny', { action: 's3:PutObject' }),
      row('role ARN named, session with boundary: limited', 'ImplicitDeny', { principal: SESSION, action: 's3:GetObjectTagging' }),
      row('session ARN named: not limited', 'Allow', { principal: SESSION, action: 's3:GetObjectAcl' }, 'SessionArn'),
      row('bob (no boundary) via the account principal', 'Allow', { principal: BOB, action: 's3:PutObject' }, 'WholeAccount',
        { resource: namedPrincipals }),
      row('session without boundary via the role ARN', 'Allow', { principal: SESSION, action: 's3:GetObjectTagging' }, 'RoleArn',
        { resource: namedPrincipals }),
    ],
  },
  {
    doc: `${IAM}/access_policies.html#policies_session`,
    title: 'session policies: effective permissions are the intersection',
    policies: {
      identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'RoleS3', Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
      session: [{ Version: '2012-10-17', Statement: [{ Sid: 'SessionRead', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/public/*' }] }],
    },
    rows: [
      row('read inside the session scope', 'Allow', { principal: SESSION, resource: 'arn:aws:s3:::bucket/public/a' }, 'RoleS3'),
      row('read outside the session scope', 'ImplicitDeny', { principal: SESSION }),
      row('put: the session policy does not allow', 'ImplicitDeny', { principal: SESSION, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/public/a' }),
      row('session policy cannot grant beyond identity', 'ImplicitDeny', { principal: SESSION, resource: 'arn:aws:s3:::bucket/public/a' },
        undefined, { identity: [], session: [allowAll] }),
      row('session deny is an explicit deny', 'ExplicitDeny', { principal: SESSION }, 'NoGet',
        { identity: [allowAll], session: [allowAll, { Version: '2012-10-17', Statement: [{ Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] }] }),
      row('resource policy naming the session ARN is not limited by the session policy', 'Allow', { principal: SESSION, action: 's3:GetObjectAcl' },
        'SessionArn', { resource: namedPrincipals, session: [onlyList] }),
      row('resource policy naming the role ARN is limited by the session policy', 'ImplicitDeny', { principal: SESSION, action: 's3:GetObjectTagging' },
        undefined, { resource: namedPrincipals, session: [onlyList] }),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_notaction.html`,
    title: 'NotAction with Allow and with Deny',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'AllButIam', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Sid: 'DenyAllButS3', Effect: 'Deny', NotAction: ['s3:*', 'sts:GetCallerIdentity'], Resource: '*' },
    ] }] },
    rows: [
      row('s3 action: allowed, not denied', 'Allow', {}, 'AllButIam'),
      row('iam action: the deny of non-s3 actions hits', 'ExplicitDeny', { action: 'iam:CreateUser', resource: '*' }, 'DenyAllButS3'),
      row('ec2 action: denied by NotAction deny', 'ExplicitDeny', { action: 'ec2:RunInstances', resource: '*' }, 'DenyAllButS3'),
      row('sts:GetCallerIdentity is excluded from the deny', 'Allow', { action: 'sts:GetCallerIdentity', resource: '*' }, 'AllButIam'),
      row('NotAction is case-insensitive', 'Allow', { action: 'S3:PUTOBJECT' }, 'AllButIam'),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_notresource.html`,
    title: 'NotResource',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'AllowS3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'DenyOutsideHome', Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::home', 'arn:aws:s3:::home/*'] },
    ] }] },
    rows: [
      row('inside home', 'Allow', { resource: 'arn:aws:s3:::home/alice/a' }, 'AllowS3'),
      row('the home bucket itself', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::home' }, 'AllowS3'),
      row('another bucket: denied', 'ExplicitDeny', {}, 'DenyOutsideHome'),
      row('home2 is not home', 'ExplicitDeny', { resource: 'arn:aws:s3:::home2/x' }, 'DenyOutsideHome'),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_principal.html`,
    title: 'Principal forms in a bucket policy',
    policies: { resource: { Version: '2012-10-17', Statement: [
      { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/public/*' },
      { Sid: 'AwsStar', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/aws-star/*' },
      { Sid: 'Service', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/logs/*' },
      { Sid: 'Canonical', Effect: 'Allow', Principal: { CanonicalUser: 'c0ffee' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/canon/*' },
      { Sid: 'TwoUsers', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${B}:user/carol`] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/pair/*' },
    ] } },
    rows: [
      row('anonymous reads public/', 'Allow', { principal: ANON, resource: 'arn:aws:s3:::bucket/public/a' }, 'Everyone'),
      row('anonymous reads via AWS:*', 'Allow', { principal: ANON, resource: 'arn:aws:s3:::bucket/aws-star/a' }, 'AwsStar'),
      row('anonymous outside public/', 'ImplicitDeny', { principal: ANON }),
      row('service writes logs/', 'Allow', { principal: SERVICE, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/logs/x' }, 'Service'),
      row('service cannot write elsewhere', 'ImplicitDeny', { principal: SERVICE, action: 's3:PutObject' }),
      row('canonical user named', 'Allow', { principal: { ...BOB, canonicalUserId: 'c0ffee' }, resource: 'arn:aws:s3:::bucket/canon/a' }, 'Canonical'),
      row('other canonical user', 'ImplicitDeny', { principal: { ...BOB, canonicalUserId: 'beef' }, resource: 'arn:aws:s3:::bucket/canon/a' }),
      row('bob in the list', 'Allow', { principal: BOB, resource: 'arn:aws:s3:::bucket/pair/a' }, 'TwoUsers'),
      row('carol in the list, but cross-account needs her identity allow', 'ImplicitDeny', { principal: CAROL, resource: 'arn:aws:s3:::bucket/pair/a' }),
      row('alice not in the list', 'ImplicitDeny', { resource: 'arn:aws:s3:::bucket/pair/a' }),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_notprincipal.html`,
    title: 'NotPrincipal with Deny',
    policies: { resource: { Version: '2012-10-17', Statement: [
      { Sid: 'OnlyBobAndAccount', Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'] },
      { Sid: 'AccountA', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' },
    ] } },
    rows: [
      row('bob is excluded from the deny', 'Allow', { principal: BOB }, 'AccountA'),
      row('alice: the account is listed, so she is excluded too', 'Allow', {}, 'AccountA'),
      row('carol of B: denied', 'ExplicitDeny', { principal: CAROL }, 'OnlyBobAndAccount'),
      row('anonymous: denied', 'ExplicitDeny', { principal: ANON }, 'OnlyBobAndAccount'),
      row('root of A: excluded', 'Allow', { principal: ROOT_A }),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_action.html`,
    title: 'Action wildcards',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'GetStar', Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
      { Sid: 'Question', Effect: 'Allow', Action: 's3:?utObject', Resource: '*' },
      { Sid: 'Middle', Effect: 'Allow', Action: 's3:*Tagging', Resource: '*' },
    ] }] },
    rows: [
      row('s3:GetObject matches s3:Get*', 'Allow', {}, 'GetStar'),
      row('s3:GetBucketPolicy matches s3:Get*', 'Allow', { action: 's3:GetBucketPolicy' }, 'GetStar'),
      row('s3:PutObject matches s3:?utObject', 'Allow', { action: 's3:PutObject' }, 'Question'),
      row('s3:PutObjectTagging matches s3:*Tagging', 'Allow', { action: 's3:PutObjectTagging' }, 'Middle'),
      row('s3:DeleteObject matches nothing', 'ImplicitDeny', { action: 's3:DeleteObject' }),
      row('s3:ListBucket matches nothing', 'ImplicitDeny', { action: 's3:ListBucket' }),
      row('ec2:GetConsoleOutput: other service', 'ImplicitDeny', { action: 'ec2:GetConsoleOutput' }),
      row('case-insensitive wildcard', 'Allow', { action: 's3:getobjecttagging' }, 'GetStar'),
    ],
  },
  {
    doc: `${IAM}/reference_policies_elements_resource.html`,
    title: 'Resource wildcards',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'Reports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/reports/*/2026-??.csv' },
      { Sid: 'AnyBucketLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/logs/*' },
    ] }] },
    rows: [
      row('reports/<team>/2026-05.csv', 'Allow', { resource: 'arn:aws:s3:::bucket/reports/sales/2026-05.csv' }, 'Reports'),
      row('* spans slashes', 'Allow', { resource: 'arn:aws:s3:::bucket/reports/a/b/2026-12.csv' }, 'Reports'),
      row('? is exactly one character', 'ImplicitDeny', { resource: 'arn:aws:s3:::bucket/reports/a/2026-5.csv' }),
      row('wrong extension', 'ImplicitDeny', { resource: 'arn:aws:s3:::bucket/reports/a/2026-05.txt' }),
      row('logs in any bucket', 'Allow', { resource: 'arn:aws:s3:::other/logs/x' }, 'AnyBucketLogs'),
      row('not logs', 'ImplicitDeny', { resource: 'arn:aws:s3:::other/log/x' }),
      row('literal key', 'ImplicitDeny', { resource: OBJ }),
    ],
  },
];
