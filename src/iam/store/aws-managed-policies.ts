/**
 * AWS-managed policies (`arn:aws:iam::aws:policy/NAME`): the ones Cairn knows, with AWS's
 * policy documents at their default version (AWS IAM "AWS managed policies" reference). They
 * exist in every account: attachable to users, groups and roles, usable as permissions
 * boundaries and STS policy ARNs, listed by ListPolicies with Scope=AWS or All, never changed
 * or deleted (the IAM API answers AccessDenied).
 *
 * ReadOnlyAccess: AWS's document lists read actions of every AWS service (thousands); here it
 * holds its statements for the services Cairn answers (S3, IAM, STS), the rest of AWS's list
 * naming nothing Cairn could grant.
 */
import type { ManagedPolicyRecord } from './iam-records.js';

export const AWS_POLICY_ARN_PREFIX = 'arn:aws:iam::aws:policy/';

interface AwsPolicySpec {
  readonly name: string;
  readonly id: string;
  readonly version: string;
  readonly description: string;
  readonly created: string;
  readonly updated: string;
  readonly statement: Readonly<Record<string, unknown>>;
}

const SPECS: readonly AwsPolicySpec[] = [
  {
    name: 'AdministratorAccess', id: 'ANPAIWMBCKSKIEE64ZLYK', version: 'v1', created: '2015-02-06T18:39:46Z', updated: '2015-02-06T18:39:46Z',
    description: 'Provides full access to AWS services and resources.',
    statement: { Effect: 'Allow', Action: '*', Resource: '*' },
  },
  {
    name: 'AmazonS3FullAccess', id: 'ANPAIFIR6V6BVTRAHWINE', version: 'v2', created: '2015-02-06T18:40:58Z', updated: '2021-09-27T20:16:37Z',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    statement: { Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' },
  },
  {
    name: 'AmazonS3ReadOnlyAccess', id: 'ANPAIZTJ4DXE7G6AGAE6M', version: 'v3', created: '2015-02-06T18:40:59Z', updated: '2023-08-10T21:31:39Z',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    statement: { Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' },
  },
  {
    name: 'IAMFullAccess', id: 'ANPAI7XKCFMBPM3QQRRVQ', version: 'v2', created: '2015-02-06T18:40:38Z', updated: '2019-06-21T19:40:00Z',
    description: 'Provides full access to IAM via the AWS Management Console.',
    statement: {
      Effect: 'Allow', Resource: '*',
      Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents', 'organizations:ListPoliciesForTarget',
        'organizations:ListRoots', 'organizations:ListPolicies', 'organizations:ListTargetsForPolicy'],
    },
  },
  {
    name: 'IAMReadOnlyAccess', id: 'ANPAJKSO7NDY4T57MWDSQ', version: 'v4', created: '2015-02-06T18:40:39Z', updated: '2018-01-25T19:11:27Z',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    statement: {
      Effect: 'Allow', Resource: '*',
      Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'],
    },
  },
  {
    name: 'ReadOnlyAccess', id: 'ANPAILL3HVNFSB6DCOWYQ', version: 'v1', created: '2015-02-06T18:39:48Z', updated: '2015-02-06T18:39:48Z',
    description: 'Provides read-only access to AWS services and resources.',
    statement: {
      Effect: 'Allow', Resource: '*',
      Action: ['iam:Generate*', 'iam:Get*', 'iam:List*', 'iam:Simulate*', 's3:Describe*', 's3:Get*', 's3:List*', 'sts:GetCallerIdentity'],
    },
  },
];

function record(spec: AwsPolicySpec): ManagedPolicyRecord {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [spec.statement] });
  return {
    name: spec.name, id: spec.id, path: '/', description: spec.description, createDate: spec.created, updateDate: spec.updated,
    defaultVersion: spec.version, versions: [{ id: spec.version, document, createDate: spec.updated }],
    nextVersion: Number(spec.version.slice(1)) + 1, tags: [],
  };
}

const BY_NAME = new Map(SPECS.map((s) => [s.name, Object.freeze(record(s))]));
const RECORDS = new Set<ManagedPolicyRecord>(BY_NAME.values());

/** The AWS-managed policy an ARN names, or undefined. Read it, never change it. */
export function awsManagedPolicy(arn: string): ManagedPolicyRecord | undefined {
  return arn.startsWith(AWS_POLICY_ARN_PREFIX) ? BY_NAME.get(arn.slice(AWS_POLICY_ARN_PREFIX.length)) : undefined;
}

/** Every AWS-managed policy, by name. */
export function awsManagedPolicies(): ManagedPolicyRecord[] {
  return [...BY_NAME.values()];
}

/** The ARN of an AWS-managed policy record; undefined for an account's own. */
export function awsManagedArn(p: ManagedPolicyRecord): string | undefined {
  return RECORDS.has(p) ? `${AWS_POLICY_ARN_PREFIX}${p.name}` : undefined;
}
