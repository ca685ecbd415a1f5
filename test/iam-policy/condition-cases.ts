/**
 * Every condition operator, with its IfExists form and the absent-key rules, from the AWS IAM
 * User Guide page "IAM JSON policy elements: Condition operators".
 */
import { row, type CaseGroup, type PolicyJson } from './policy-case.js';

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

function when(condition: Readonly<Record<string, unknown>>): PolicyJson {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Cond', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }] };
}
const group = (title: string, condition: Readonly<Record<string, unknown>>, rows: CaseGroup['rows']): CaseGroup =>
  ({ doc: OPS, title, policies: { identity: [when(condition)] }, rows });

export const CONDITION_GROUPS: readonly CaseGroup[] = [
  group('StringEquals (case-sensitive, values OR-ed)', { StringEquals: { 'aws:RequestTag/env': ['prod', 'stage'] } }, [
    row('first value', 'Allow', { keys: { 'aws:RequestTag/env': 'prod' } }, 'Cond'),
    row('second value', 'Allow', { keys: { 'aws:RequestTag/env': 'stage' } }),
    row('other value', 'ImplicitDeny', { keys: { 'aws:RequestTag/env': 'dev' } }),
    row('value case differs', 'ImplicitDeny', { keys: { 'aws:RequestTag/env': 'PROD' } }),
    row('key name case does not matter', 'Allow', { keys: { 'AWS:REQUESTTAG/ENV': 'prod' } }),
    row('key absent', 'ImplicitDeny'),
    row('* is literal in StringEquals', 'ImplicitDeny', { keys: { 'aws:RequestTag/env': 'pro*' } }),
  ]),
  group('StringNotEquals', { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }, [
    row('different value', 'Allow', { keys: { 's3:x-amz-server-side-encryption': 'aws:kms' } }),
    row('equal value', 'ImplicitDeny', { keys: { 's3:x-amz-server-side-encryption': 'AES256' } }),
    row('case differs: not equal', 'Allow', { keys: { 's3:x-amz-server-side-encryption': 'aes256' } }),
    row('key absent: negated operator is true', 'Allow'),
  ]),
  group('StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/department': 'FINANCE' } }, [
    row('principal tag finance (any case)', 'Allow'),
    row('bob is in eng', 'ImplicitDeny', { principal: { type: 'User', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/bob', tags: { department: 'eng' } } }),
    row('no tags: key absent', 'ImplicitDeny', { principal: { type: 'User', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/x' } }),
  ]),
  group('StringNotEqualsIgnoreCase', { StringNotEqualsIgnoreCase: { 'aws:UserAgent': 'BadBot/1.0' } }, [
    row('another agent', 'Allow', { keys: { 'aws:UserAgent': 'aws-cli/2.15' } }),
    row('same agent other case', 'ImplicitDeny', { keys: { 'aws:UserAgent': 'badbot/1.0' } }),
    row('no agent: negated is true', 'Allow'),
  ]),
  group('StringLike', { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'public/*', 'exact?'] } }, [
    row('own home folder', 'Allow', { keys: { 's3:prefix': 'home/alice/docs/' } }),
    row('home folder itself with trailing slash', 'Allow', { keys: { 's3:prefix': 'home/alice/' } }),
    row('someone else\'s home', 'ImplicitDeny', { keys: { 's3:prefix': 'home/bob/' } }),
    row('public', 'Allow', { keys: { 's3:prefix': 'public/x' } }),
    row('? matches one character', 'Allow', { keys: { 's3:prefix': 'exact1' } }),
    row('? does not match two', 'ImplicitDeny', { keys: { 's3:prefix': 'exact12' } }),
    row('StringLike is case-sensitive', 'ImplicitDeny', { keys: { 's3:prefix': 'PUBLIC/x' } }),
    row('absent prefix', 'ImplicitDeny'),
    row('empty prefix', 'ImplicitDeny', { keys: { 's3:prefix': '' } }),
  ]),
  group('StringNotLike', { StringNotLike: { 's3:prefix': 'private/*' } }, [
    row('public prefix', 'Allow', { keys: { 's3:prefix': 'public/' } }),
    row('private prefix', 'ImplicitDeny', { keys: { 's3:prefix': 'private/a' } }),
    row('absent: true', 'Allow'),
  ]),
  group('StringEqualsIfExists', { StringEqualsIfExists: { 's3:x-amz-acl': 'private' } }, [
    row('present and equal', 'Allow', { keys: { 's3:x-amz-acl': 'private' } }),
    row('present and different', 'ImplicitDeny', { keys: { 's3:x-amz-acl': 'public-read' } }),
    row('absent: IfExists is true', 'Allow'),
  ]),
  group('NumericEquals / NotEquals', { NumericEquals: { 's3:max-keys': '10' }, NumericNotEquals: { 's3:max-keys': 11 } }, [
    row('10', 'Allow', { keys: { 's3:max-keys': '10' } }),
    row('10.0 is numerically equal', 'Allow', { keys: { 's3:max-keys': '10.0' } }),
    row('11', 'ImplicitDeny', { keys: { 's3:max-keys': '11' } }),
    row('not a number', 'ImplicitDeny', { keys: { 's3:max-keys': 'ten' } }),
    row('absent', 'ImplicitDeny'),
  ]),
  group('NumericLessThan / LessThanEquals', { NumericLessThanEquals: { 's3:max-keys': '100' }, NumericLessThan: { 's3:object-lock-remaining-retention-days': '30' } }, [
    row('both below', 'Allow', { keys: { 's3:max-keys': '99', 's3:object-lock-remaining-retention-days': '29' } }),
    row('max-keys at the limit', 'Allow', { keys: { 's3:max-keys': '100', 's3:object-lock-remaining-retention-days': '1' } }),
    row('retention at the strict limit', 'ImplicitDeny', { keys: { 's3:max-keys': '1', 's3:object-lock-remaining-retention-days': '30' } }),
    row('max-keys above', 'ImplicitDeny', { keys: { 's3:max-keys': '101', 's3:object-lock-remaining-retention-days': '1' } }),
    row('one key absent: all conditions must hold', 'ImplicitDeny', { keys: { 's3:max-keys': '1' } }),
  ]),
  group('NumericGreaterThan / GreaterThanEquals', { NumericGreaterThan: { 's3:object-lock-remaining-retention-days': 7 }, NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '0' } }, [
    row('8 days, age 0', 'Allow', { keys: { 's3:object-lock-remaining-retention-days': '8', 'aws:MultiFactorAuthAge': '0' } }),
    row('7 days is not > 7', 'ImplicitDeny', { keys: { 's3:object-lock-remaining-retention-days': '7', 'aws:MultiFactorAuthAge': '5' } }),
    row('negative age', 'ImplicitDeny', { keys: { 's3:object-lock-remaining-retention-days': '8', 'aws:MultiFactorAuthAge': '-1' } }),
    row('exponent notation', 'Allow', { keys: { 's3:object-lock-remaining-retention-days': '1e2', 'aws:MultiFactorAuthAge': '3' } }),
  ]),
  group('NumericLessThanIfExists', { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, [
    row('recent MFA', 'Allow', { keys: { 'aws:MultiFactorAuthAge': '60' } }),
    row('old MFA', 'ImplicitDeny', { keys: { 'aws:MultiFactorAuthAge': '7200' } }),
    row('no MFA key', 'Allow'),
  ]),
  group('DateGreaterThan / DateLessThan (aws:CurrentTime from the injected clock)', {
    DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' },
  }, [
    row('inside the window', 'Allow', { now: '2026-06-01T12:00:00Z' }),
    row('before the window', 'ImplicitDeny', { now: '2025-12-31T23:59:59Z' }),
    row('after the window', 'ImplicitDeny', { now: '2027-01-01T00:00:00Z' }),
    row('exactly at the start is not greater', 'ImplicitDeny', { now: '2026-01-01T00:00:00Z' }),
    row('one second after the start', 'Allow', { now: '2026-01-01T00:00:01Z' }),
  ]),
  group('DateEquals / DateNotEquals / LessThanEquals / GreaterThanEquals', {
    DateLessThanEquals: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' }, DateGreaterThanEquals: { 'aws:CurrentTime': '2026-06-01' },
    DateNotEquals: { 'aws:CurrentTime': '2026-06-01T06:00:00Z' },
  }, [
    row('at the upper bound', 'Allow', { now: '2026-06-01T12:00:00Z' }),
    row('at midnight (date-only bound)', 'Allow', { now: '2026-06-01T00:00:00Z' }),
    row('the excluded instant', 'ImplicitDeny', { now: '2026-06-01T06:00:00Z' }),
    row('the day before', 'ImplicitDeny', { now: '2026-05-31T23:00:00Z' }),
  ]),
  group('DateEquals with epoch seconds (aws:EpochTime)', { DateEquals: { 'aws:EpochTime': '1780315200' } }, [
    row('same instant in epoch seconds', 'Allow', { now: '2026-06-01T12:00:00Z' }),
    row('one second later', 'ImplicitDeny', { now: '2026-06-01T12:00:01Z' }),
  ]),
  group('DateLessThan on a request-supplied ISO key', { DateLessThan: { 's3:object-lock-retain-until-date': '2030-01-01T00:00:00Z' } }, [
    row('earlier retain-until', 'Allow', { keys: { 's3:object-lock-retain-until-date': '2029-06-01T00:00:00.000Z' } }),
    row('later retain-until', 'ImplicitDeny', { keys: { 's3:object-lock-retain-until-date': '2031-01-01T00:00:00Z' } }),
    row('garbage date', 'ImplicitDeny', { keys: { 's3:object-lock-retain-until-date': 'tomorrow' } }),
  ]),
  group('Bool', { Bool: { 'aws:SecureTransport': 'true' } }, [
    row('https', 'Allow', { keys: { 'aws:SecureTransport': 'true' } }),
    row('http', 'ImplicitDeny', { keys: { 'aws:SecureTransport': 'false' } }),
    row('Bool compares without case', 'Allow', { keys: { 'aws:SecureTransport': 'TRUE' } }),
    row('absent', 'ImplicitDeny'),
  ]),
  group('Bool with a JSON boolean value', { Bool: { 'aws:MultiFactorAuthPresent': false } }, [
    row('no MFA', 'Allow', { keys: { 'aws:MultiFactorAuthPresent': 'false' } }),
    row('MFA', 'ImplicitDeny', { keys: { 'aws:MultiFactorAuthPresent': 'true' } }),
  ]),
  group('BoolIfExists', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, [
    row('MFA present and true', 'Allow', { keys: { 'aws:MultiFactorAuthPresent': 'true' } }),
    row('present and false', 'ImplicitDeny', { keys: { 'aws:MultiFactorAuthPresent': 'false' } }),
    row('absent', 'Allow'),
  ]),
  group('BinaryEquals (base64)', { BinaryEquals: { 'aws:RequestTag/key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, [
    row('same base64', 'Allow', { keys: { 'aws:RequestTag/key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }),
    row('other value', 'ImplicitDeny', { keys: { 'aws:RequestTag/key': 'b3RoZXI=' } }),
    row('absent', 'ImplicitDeny'),
  ]),
  group('IpAddress (IPv4 and IPv6 CIDR)', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64', '198.51.100.7'] } }, [
    row('inside the /24', 'Allow', { keys: { 'aws:SourceIp': '203.0.113.200' } }),
    row('outside the /24', 'ImplicitDeny', { keys: { 'aws:SourceIp': '203.0.114.1' } }),
    row('single address', 'Allow', { keys: { 'aws:SourceIp': '198.51.100.7' } }),
    row('neighbour of the single address', 'ImplicitDeny', { keys: { 'aws:SourceIp': '198.51.100.8' } }),
    row('IPv6 inside the /64', 'Allow', { keys: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' } }),
    row('IPv6 outside', 'ImplicitDeny', { keys: { 'aws:SourceIp': '2001:db8:1234:5679::1' } }),
    row('IPv4-mapped IPv6 counts as IPv4', 'Allow', { keys: { 'aws:SourceIp': '::ffff:203.0.113.5' } }),
    row('not an address', 'ImplicitDeny', { keys: { 'aws:SourceIp': 'localhost' } }),
    row('absent', 'ImplicitDeny'),
  ]),
  group('NotIpAddress', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', 'fd00::/8'] } }, [
    row('public IPv4', 'Allow', { keys: { 'aws:SourceIp': '192.0.2.1' } }),
    row('private IPv4', 'ImplicitDeny', { keys: { 'aws:SourceIp': '10.20.30.40' } }),
    row('private IPv6', 'ImplicitDeny', { keys: { 'aws:SourceIp': 'fd12:3456::1' } }),
    row('public IPv6', 'Allow', { keys: { 'aws:SourceIp': '2001:db8::1' } }),
    row('absent: negated is true', 'Allow'),
  ]),
  group('IpAddress /0 and /32 edges', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }, [
    row('any IPv4', 'Allow', { keys: { 'aws:SourceIp': '255.255.255.255' } }),
    row('IPv6 is not in an IPv4 block', 'ImplicitDeny', { keys: { 'aws:SourceIp': '::1' } }),
  ]),
  group('ArnEquals / ArnLike', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/*' } }, [
    row('user in the account', 'Allow'),
    row('role in the account', 'ImplicitDeny', { principal: { type: 'AssumedRole', accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/r/s', roleArn: 'arn:aws:iam::111122223333:role/r' } }),
    row('user in another account', 'ImplicitDeny', { principal: { type: 'User', accountId: '444455556666', arn: 'arn:aws:iam::444455556666:user/alice' } }),
  ]),
  group('ArnLike: * does not cross ARN fields', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, [
    row('bucket ARN', 'Allow', { keys: { 'aws:SourceArn': 'arn:aws:s3:::bucket' } }),
    row('object ARN (resource field may hold colons)', 'Allow', { keys: { 'aws:SourceArn': 'arn:aws:s3:::bucket/a:b' } }),
    row('ARN with a region is not matched by empty region', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'arn:aws:s3:us-east-1::bucket' } }),
    row('not an ARN', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'bucket' } }),
  ]),
  group('ArnEquals with wildcards in a field', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:topic-?' } }, [
    row('any region', 'Allow', { keys: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic-1' } }),
    row('other account', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:444455556666:topic-1' } }),
    row('? is one character', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic-10' } }),
  ]),
  group('ArnNotEquals / ArnNotLike', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::trusted-*' } }, [
    row('untrusted source', 'Allow', { keys: { 'aws:SourceArn': 'arn:aws:s3:::other' } }),
    row('trusted source', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'arn:aws:s3:::trusted-logs' } }),
    row('absent: negated is true', 'Allow'),
  ]),
  group('ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' } }, [
    row('alice is excluded', 'ImplicitDeny'),
    row('another user', 'Allow', { principal: { type: 'User', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/eve' } }),
  ]),
  group('ArnLikeIfExists', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::logs' } }, [
    row('matching', 'Allow', { keys: { 'aws:SourceArn': 'arn:aws:s3:::logs' } }),
    row('not matching', 'ImplicitDeny', { keys: { 'aws:SourceArn': 'arn:aws:s3:::x' } }),
    row('absent', 'Allow'),
  ]),
  group('Null', { Null: { 's3:x-amz-server-side-encryption': 'true' } }, [
    row('header absent: Null true holds', 'Allow'),
    row('header present', 'ImplicitDeny', { keys: { 's3:x-amz-server-side-encryption': 'AES256' } }),
    row('present but empty is present', 'ImplicitDeny', { keys: { 's3:x-amz-server-side-encryption': '' } }),
  ]),
  group('Null false requires the key', { Null: { 'aws:TokenIssueTime': 'false' } }, [
    row('temporary credentials carry the key', 'Allow', { keys: { 'aws:TokenIssueTime': '2026-06-01T11:00:00Z' } }),
    row('long-term credentials do not', 'ImplicitDeny'),
  ]),
  group('several operators and keys are AND-ed', {
    StringEquals: { 's3:x-amz-acl': 'private', 's3:signatureversion': 'AWS4-HMAC-SHA256' }, Bool: { 'aws:SecureTransport': 'true' },
  }, [
    row('all hold', 'Allow', { keys: { 's3:x-amz-acl': 'private', 's3:signatureversion': 'AWS4-HMAC-SHA256', 'aws:SecureTransport': 'true' } }),
    row('one key of one operator fails', 'ImplicitDeny', { keys: { 's3:x-amz-acl': 'private', 's3:signatureversion': 'AWS', 'aws:SecureTransport': 'true' } }),
    row('other operator fails', 'ImplicitDeny', { keys: { 's3:x-amz-acl': 'private', 's3:signatureversion': 'AWS4-HMAC-SHA256', 'aws:SecureTransport': 'false' } }),
  ]),
];
