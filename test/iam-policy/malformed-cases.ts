/**
 * Policies AWS rejects, with the MalformedPolicy message S3's PutBucketPolicy (or IAM's
 * MalformedPolicyDocument for identity policies) gives. Sources: IAM User Guide "Grammar of
 * the IAM JSON policy language" and "Troubleshooting IAM policies"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html), S3 "Bucket
 * policies" and the knowledge-center article on "Invalid principal in policy".
 */
import type { PolicyKind } from '../../src/iam/policy/index.js';

export interface MalformedCase {
  readonly name: string;
  readonly policy: string | Readonly<Record<string, unknown>>;
  readonly kind?: PolicyKind;
  readonly message: string;
}

const NOT_JSON = "Policies must be valid JSON and the first byte must be '{'";
const SYNTAX = 'Invalid policy syntax.';
const ok = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const doc = (st: Readonly<Record<string, unknown>>, version: unknown = '2012-10-17'): Readonly<Record<string, unknown>> =>
  ({ Version: version, Statement: [st] });
const without = (k: string): Readonly<Record<string, unknown>> =>
  Object.fromEntries(Object.entries(ok).filter(([key]) => key !== k));

export const MALFORMED_CASES: readonly MalformedCase[] = [
  { name: 'empty text', policy: '', message: NOT_JSON },
  { name: 'a JSON array', policy: '[]', message: NOT_JSON },
  { name: 'leading garbage', policy: 'x{}', message: NOT_JSON },
  { name: 'truncated JSON', policy: '{"Version":"2012-10-17","Statement":[', message: NOT_JSON },
  { name: 'trailing comma', policy: '{"Statement":[],}', message: NOT_JSON },
  { name: 'unknown top-level field', policy: { Version: '2012-10-17', Statement: [ok], Foo: 1 }, message: 'Unknown field Foo' },
  { name: 'field names are case-sensitive', policy: { version: '2012-10-17', Statement: [ok] }, message: 'Unknown field version' },
  { name: 'bad version', policy: doc(ok, '2020-01-01'), message: 'The policy must contain a valid version string' },
  { name: 'numeric version', policy: doc(ok, 2012), message: 'The policy must contain a valid version string' },
  { name: 'no Statement', policy: { Version: '2012-10-17' }, message: 'Missing required field Statement' },
  { name: 'empty Statement list', policy: { Version: '2012-10-17', Statement: [] }, message: 'Could not parse the policy: Statement is empty!' },
  { name: 'Statement is a string', policy: { Version: '2012-10-17', Statement: 'x' }, message: SYNTAX },
  { name: 'Id is not a string', policy: { Version: '2012-10-17', Id: 5, Statement: [ok] }, message: SYNTAX },
  { name: 'Sid is not a string', policy: doc({ ...ok, Sid: 1 }), message: SYNTAX },
  { name: 'duplicate Sid', policy: { Version: '2012-10-17', Statement: [{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }] }, message: 'Statement IDs (SID) in a single policy must be unique.' },
  { name: 'unknown statement field', policy: doc({ ...ok, Resources: '*' }), message: 'Unknown field Resources' },
  { name: 'no Effect', policy: doc(without('Effect')), message: 'Missing required field Effect' },
  { name: 'Effect Permit', policy: doc({ ...ok, Effect: 'Permit' }), message: 'Invalid effect: Permit' },
  { name: 'Effect is case-sensitive', policy: doc({ ...ok, Effect: 'allow' }), message: 'Invalid effect: allow' },
  { name: 'no Action', policy: doc(without('Action')), message: 'Missing required field Action' },
  { name: 'Action and NotAction together', policy: doc({ ...ok, NotAction: 's3:PutObject' }), message: SYNTAX },
  { name: 'Action without service prefix', policy: doc({ ...ok, Action: 'GetObject' }), message: 'Policy has invalid action' },
  { name: 'Action empty list', policy: doc({ ...ok, Action: [] }), message: 'Policy has invalid action' },
  { name: 'Action is a number', policy: doc({ ...ok, Action: 3 }), message: 'Policy has invalid action' },
  { name: 'Action with a space', policy: doc({ ...ok, Action: 's3:Get Object' }), message: 'Policy has invalid action' },
  { name: 'no Resource', policy: doc(without('Resource')), message: 'Missing required field Resource' },
  { name: 'Resource not an ARN', policy: doc({ ...ok, Resource: 'bucket/*' }), message: 'Policy has invalid resource' },
  { name: 'Resource ARN too short', policy: doc({ ...ok, Resource: 'arn:aws:s3:::' }), message: 'Policy has invalid resource' },
  { name: 'Resource list with a number', policy: doc({ ...ok, Resource: ['arn:aws:s3:::b', 7] }), message: 'Policy has invalid resource' },
  { name: 'no Principal in a bucket policy', policy: doc(without('Principal')), message: 'Missing required field Principal' },
  { name: 'Principal in an identity policy', policy: doc(ok), kind: 'identity', message: 'Policy document should not specify a principal.' },
  { name: 'Principal string other than *', policy: doc({ ...ok, Principal: 'alice' }), message: 'Invalid principal in policy' },
  { name: 'Principal with unknown type', policy: doc({ ...ok, Principal: { User: 'alice' } }), message: 'Invalid principal in policy' },
  { name: 'Principal AWS partial wildcard', policy: doc({ ...ok, Principal: { AWS: 'arn:aws:iam::*:root' } }), message: 'Invalid principal in policy' },
  { name: 'Principal user ARN wildcard', policy: doc({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }), message: 'Invalid principal in policy' },
  { name: 'Principal short account id', policy: doc({ ...ok, Principal: { AWS: '1234' } }), message: 'Invalid principal in policy' },
  { name: 'Principal empty object', policy: doc({ ...ok, Principal: {} }), message: 'Invalid principal in policy' },
  { name: 'Principal empty list', policy: doc({ ...ok, Principal: { AWS: [] } }), message: 'Invalid principal in policy' },
  { name: 'Service principal with wildcard', policy: doc({ ...ok, Principal: { Service: '*.amazonaws.com' } }), message: 'Invalid principal in policy' },
  { name: 'Principal and NotPrincipal together', policy: doc({ ...ok, NotPrincipal: { AWS: '111122223333' } }), message: SYNTAX },
  { name: 'unknown condition operator', policy: doc({ ...ok, Condition: { StringEqualz: { 'aws:UserAgent': 'x' } } }), message: 'Invalid Condition type : StringEqualz' },
  { name: 'operator names are case-sensitive', policy: doc({ ...ok, Condition: { stringequals: { 'aws:UserAgent': 'x' } } }), message: 'Invalid Condition type : stringequals' },
  { name: 'unknown set prefix', policy: doc({ ...ok, Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'x' } } }), message: 'Invalid Condition type : ForSomeValues:StringEquals' },
  { name: 'NullIfExists does not exist', policy: doc({ ...ok, Condition: { NullIfExists: { 'aws:UserAgent': 'true' } } }), message: 'Invalid Condition type : NullIfExists' },
  { name: 'condition key without prefix', policy: doc({ ...ok, Condition: { StringEquals: { UserAgent: 'x' } } }), message: 'Policy has an invalid condition key' },
  { name: 'condition block is a list', policy: doc({ ...ok, Condition: [] }), message: SYNTAX },
  { name: 'condition value is an object', policy: doc({ ...ok, Condition: { StringEquals: { 'aws:UserAgent': { a: 1 } } } }), message: SYNTAX },
  { name: 'condition value null', policy: doc({ ...ok, Condition: { StringEquals: { 'aws:UserAgent': null } } }), message: SYNTAX },
  { name: 'operator body is a string', policy: doc({ ...ok, Condition: { StringEquals: 'x' } }), message: SYNTAX },
  { name: 'statement is a string', policy: { Version: '2012-10-17', Statement: ['x'] }, message: SYNTAX },
];
