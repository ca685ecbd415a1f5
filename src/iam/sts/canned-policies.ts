/**
 * MinIO's canned policies by name (`readwrite`, `readonly`, `writeonly`), so MinIO-style
 * `policy` claims and LDAP mappings work before any policy is created.
 */
export const CANNED_POLICIES: Readonly<Record<string, string>> = {
  readwrite: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] }] }),
  readonly: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListAllMyBuckets'], Resource: ['arn:aws:s3:::*'] }],
  }),
  writeonly: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::*'] }] }),
};
