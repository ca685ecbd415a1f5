/**
 * IAM API additions end to end with the real AWS CLI against a real server process (issue #9):
 * UpdateGroup, TagPolicy / UntagPolicy / ListPolicyTags, GetAccessKeyLastUsed (written lazily
 * after a signed request) and IAM calls signed with STS session credentials, whose session
 * policy narrows the role's permissions; names that differ only in case name the same entity.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsCliAccount, type CliAccount, type CliKeys } from '../helpers/aws-cli-account.js';
import { waitFor } from '../helpers/wait-for.js';

type Keys = CliKeys;
let h: AwsCliAccount;
let a: CliAccount;
const ok = <T = Record<string, unknown>>(keys: Keys, args: readonly string[]): Promise<T> => h.ok<T>(keys, args);
const refused = (keys: Keys, args: readonly string[], code: string): Promise<string> => h.refused(keys, args, code);

before(async () => {
  h = await AwsCliAccount.start('iam-gaps', 'gaps-a');
  a = h.account;
});

after(async () => {
  await h?.stop();
});

describe('IAM API additions', () => {
  it('UpdateGroup renames and moves a group; its members follow', async () => {
    await ok(a, ['iam', 'create-group', '--group-name', 'devs']);
    await ok(a, ['iam', 'create-user', '--user-name', 'dana']);
    await ok(a, ['iam', 'add-user-to-group', '--group-name', 'devs', '--user-name', 'dana']);
    await ok(a, ['iam', 'update-group', '--group-name', 'devs', '--new-group-name', 'builders', '--new-path', '/team/']);
    const got = await ok<{ Group: { GroupName: string; Path: string; Arn: string }; Users: Array<{ UserName: string }> }>(a, ['iam', 'get-group', '--group-name', 'builders']);
    assert.equal(got.Group.Path, '/team/');
    assert.equal(got.Group.Arn, `arn:aws:iam::${a.accountId}:group/team/builders`);
    assert.deepEqual(got.Users.map((u) => u.UserName), ['dana']);
    const groups = await ok<{ Groups: Array<{ GroupName: string }> }>(a, ['iam', 'list-groups-for-user', '--user-name', 'dana']);
    assert.deepEqual(groups.Groups.map((g) => g.GroupName), ['builders']);
    await refused(a, ['iam', 'get-group', '--group-name', 'devs'], 'NoSuchEntity');
    await ok(a, ['iam', 'create-group', '--group-name', 'others']);
    await refused(a, ['iam', 'update-group', '--group-name', 'others', '--new-group-name', 'BUILDERS'], 'EntityAlreadyExists');
  });

  it('names are not distinguished by case: another case finds, changes and deletes the entity; lists ignore case', async () => {
    await ok(a, ['iam', 'create-user', '--user-name', 'CaseUser', '--path', '/case/']);
    await refused(a, ['iam', 'create-user', '--user-name', 'caseuser'], 'EntityAlreadyExists');
    const got = await ok<{ User: { UserName: string; Arn: string } }>(a, ['iam', 'get-user', '--user-name', 'caseuser']);
    assert.equal(got.User.UserName, 'CaseUser');
    assert.equal(got.User.Arn, `arn:aws:iam::${a.accountId}:user/case/CaseUser`);
    await ok(a, ['iam', 'create-group', '--group-name', 'CaseGroup']);
    await ok(a, ['iam', 'add-user-to-group', '--group-name', 'casegroup', '--user-name', 'CASEUSER']);
    const group = await ok<{ Group: { GroupName: string }; Users: Array<{ UserName: string }> }>(a, ['iam', 'get-group', '--group-name', 'CASEGROUP']);
    assert.deepEqual([group.Group.GroupName, group.Users.map((u) => u.UserName)], ['CaseGroup', ['CaseUser']]);
    for (const n of ['Ad', 'ac', 'Ab', 'aa']) await ok(a, ['iam', 'create-user', '--user-name', `case-${n}`, '--path', '/order/']);
    const listed = await ok<{ Users: Array<{ UserName: string }> }>(a, ['iam', 'list-users', '--path-prefix', '/order/']);
    assert.deepEqual(listed.Users.map((u) => u.UserName), ['case-aa', 'case-Ab', 'case-ac', 'case-Ad']);
    const paged = await ok<{ Users: Array<{ UserName: string }> }>(a, ['iam', 'list-users', '--path-prefix', '/order/', '--page-size', '1']);
    assert.deepEqual(paged.Users.map((u) => u.UserName), ['case-aa', 'case-Ab', 'case-ac', 'case-Ad'], 'pages of one follow the same order');
    await ok(a, ['iam', 'remove-user-from-group', '--group-name', 'CaseGroup', '--user-name', 'caseUSER']);
    await ok(a, ['iam', 'delete-user', '--user-name', 'caseuser']);
    await refused(a, ['iam', 'get-user', '--user-name', 'CaseUser'], 'NoSuchEntity');
  });

  it('TagPolicy, ListPolicyTags, UntagPolicy on a customer managed policy', async () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
    const made = await ok<{ Policy: { Arn: string } }>(a, ['iam', 'create-policy', '--policy-name', 'lister', '--policy-document', doc]);
    const arn = made.Policy.Arn;
    await ok(a, ['iam', 'tag-policy', '--policy-arn', arn, '--tags', 'Key=team,Value=storage', 'Key=env,Value=prod']);
    const tags = await ok<{ Tags: Array<{ Key: string; Value: string }> }>(a, ['iam', 'list-policy-tags', '--policy-arn', arn]);
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'storage' }]);
    await ok(a, ['iam', 'untag-policy', '--policy-arn', arn, '--tag-keys', 'env']);
    const left = await ok<{ Tags: Array<{ Key: string }> }>(a, ['iam', 'list-policy-tags', '--policy-arn', arn]);
    assert.deepEqual(left.Tags.map((t) => t.Key), ['team']);
    await refused(a, ['iam', 'list-policy-tags', '--policy-arn', `arn:aws:iam::${a.accountId}:policy/none`], 'NoSuchEntity');
  });

  it('AWS-managed policies: listed with Scope=AWS, readable, attachable, in force, never deleted', async () => {
    const listed = await ok<{ Policies: Array<{ PolicyName: string; Arn: string }> }>(a, ['iam', 'list-policies', '--scope', 'AWS']);
    assert.deepEqual(listed.Policies.map((p) => p.PolicyName).sort(),
      ['AdministratorAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'ReadOnlyAccess']);
    const s3ro = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    assert.ok(listed.Policies.some((p) => p.Arn === s3ro));
    const local = await ok<{ Policies: Array<{ Arn: string }> }>(a, ['iam', 'list-policies', '--scope', 'Local']);
    assert.ok(local.Policies.every((p) => p.Arn.startsWith(`arn:aws:iam::${a.accountId}:`)));
    const got = await ok<{ Policy: { DefaultVersionId: string; AttachmentCount: number } }>(a, ['iam', 'get-policy', '--policy-arn', s3ro]);
    assert.equal(got.Policy.DefaultVersionId, 'v3');
    const version = await ok<{ PolicyVersion: { Document: { Statement: Array<{ Action: string[] }> } } }>(a,
      ['iam', 'get-policy-version', '--policy-arn', s3ro, '--version-id', 'v3']);
    assert.ok(version.PolicyVersion.Document.Statement[0]!.Action.includes('s3:Get*'));

    await ok(a, ['iam', 'create-user', '--user-name', 'reader']);
    const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(a, ['iam', 'create-access-key', '--user-name', 'reader']);
    const reader = { accessKey: key.AccessKey.AccessKeyId, secretKey: key.AccessKey.SecretAccessKey };
    await refused(reader, ['s3api', 'list-buckets'], 'AccessDenied');
    await ok(a, ['iam', 'attach-user-policy', '--user-name', 'reader', '--policy-arn', s3ro]);
    await ok(reader, ['s3api', 'list-buckets']);
    await refused(reader, ['s3api', 'create-bucket', '--bucket', 'reader-made'], 'AccessDenied');
    const attached = await ok<{ AttachedPolicies: Array<{ PolicyName: string; PolicyArn: string }> }>(a, ['iam', 'list-attached-user-policies', '--user-name', 'reader']);
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: s3ro }]);
    const onlyAttached = await ok<{ Policies: Array<{ PolicyName: string; AttachmentCount: number }> }>(a, ['iam', 'list-policies', '--scope', 'AWS', '--only-attached']);
    assert.deepEqual(onlyAttached.Policies.map((p) => [p.PolicyName, p.AttachmentCount]), [['AmazonS3ReadOnlyAccess', 1]]);
    await refused(a, ['iam', 'delete-policy', '--policy-arn', s3ro], 'AccessDenied');
    await refused(a, ['iam', 'tag-policy', '--policy-arn', s3ro, '--tags', 'Key=k,Value=v'], 'AccessDenied');
    await ok(a, ['iam', 'detach-user-policy', '--user-name', 'reader', '--policy-arn', s3ro]);
    await refused(reader, ['s3api', 'list-buckets'], 'AccessDenied');
  });

  it('GetAccessKeyLastUsed: N/A before any use, then the service, region and time of the last signed request', async () => {
    await ok(a, ['iam', 'create-user', '--user-name', 'lou']);
    const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(a, ['iam', 'create-access-key', '--user-name', 'lou']);
    const lou = { accessKey: key.AccessKey.AccessKeyId, secretKey: key.AccessKey.SecretAccessKey };
    const before = await ok<{ UserName: string; AccessKeyLastUsed: Record<string, string> }>(a, ['iam', 'get-access-key-last-used', '--access-key-id', lou.accessKey]);
    assert.deepEqual(before, { UserName: 'lou', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const start = Date.now();
    await refused(lou, ['s3api', 'list-buckets'], 'AccessDenied');
    let last: Record<string, string> = {};
    await waitFor('the key\'s last use recorded', async () => {
      last = (await ok<{ AccessKeyLastUsed: Record<string, string> }>(a, ['iam', 'get-access-key-last-used', '--access-key-id', lou.accessKey])).AccessKeyLastUsed;
      return last['ServiceName'] === 's3';
    }, { timeoutMs: 60_000, intervalMs: 200 });
    assert.equal(last['Region'], 'us-east-1');
    assert.ok(Date.parse(last['LastUsedDate']!) >= Math.floor(start / 1000) * 1000 - 1000, last['LastUsedDate']);
    await refused(a, ['iam', 'get-access-key-last-used', '--access-key-id', 'AKIANOSUCHKEY0000000'], 'NoSuchEntity');
  });

  it('IAM calls signed with STS session credentials: the session policy narrows the role', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }] };
    await ok(a, ['iam', 'create-role', '--role-name', 'iam-reader', '--assume-role-policy-document', JSON.stringify(trust)]);
    await ok(a, ['iam', 'put-role-policy', '--role-name', 'iam-reader', '--policy-name', 'read', '--policy-document', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListGroups'], Resource: '*' }],
    })]);
    await ok(a, ['iam', 'create-user', '--user-name', 'ops']);
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'ops', '--policy-name', 'assume', '--policy-document', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${a.accountId}:role/iam-reader` }],
    })]);
    const opsKey = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(a, ['iam', 'create-access-key', '--user-name', 'ops']);
    const ops = { accessKey: opsKey.AccessKey.AccessKeyId, secretKey: opsKey.AccessKey.SecretAccessKey };
    const assume = (extra: string[]): Promise<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }> =>
      ok(ops, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${a.accountId}:role/iam-reader`, '--role-session-name', 'job', ...extra]);
    const full = (await assume([])).Credentials;
    const role: Keys = { accessKey: full.AccessKeyId, secretKey: full.SecretAccessKey, sessionToken: full.SessionToken };
    const users = await ok<{ Users: Array<{ UserName: string }> }>(role, ['iam', 'list-users']);
    assert.ok(users.Users.some((u) => u.UserName === 'ops'));
    await ok(role, ['iam', 'list-groups']);
    const message = await refused(role, ['iam', 'create-user', '--user-name', 'intruder'], 'AccessDenied');
    assert.match(message, new RegExp(`assumed-role/iam-reader/job is not authorized to perform: iam:CreateUser`));

    const narrow = (await assume(['--policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] })])).Credentials;
    const session: Keys = { accessKey: narrow.AccessKeyId, secretKey: narrow.SecretAccessKey, sessionToken: narrow.SessionToken };
    await ok(session, ['iam', 'list-users']);
    const denied = await refused(session, ['iam', 'list-groups'], 'AccessDenied');
    assert.match(denied, /because no session policy allows the iam:ListGroups action/);
    await refused({ ...session, sessionToken: `${narrow.SessionToken.slice(0, -4)}AAAA` }, ['iam', 'list-users'], 'InvalidClientTokenId');
  });
});
