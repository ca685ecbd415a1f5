/**
 * IAM actions that default to the caller (GetUser, ListAccessKeys, CreateAccessKey,
 * UpdateAccessKey, DeleteAccessKey) with the real AWS CLI against a real server process: an
 * IAM user acts on itself; an assumed-role session must name the user (AWS: 400 ValidationError
 * "Must specify userName when calling with non-User credentials") and never reaches the account
 * root's keys; GetSessionToken and GetFederationToken credentials cannot call IAM at all (AWS:
 * InvalidClientTokenId) but still work on S3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsCliAccount, type CliAccount, type CliKeys } from '../helpers/aws-cli-account.js';

type Keys = CliKeys;
let h: AwsCliAccount;
let a: CliAccount;
const ok = <T = Record<string, unknown>>(keys: Keys, args: readonly string[]): Promise<T> => h.ok<T>(keys, args);
const refused = (keys: Keys, args: readonly string[], code: string): Promise<string> => h.refused(keys, args, code);

before(async () => {
  h = await AwsCliAccount.start('iam-caller-default', 'caller-a');
  a = h.account;
});

after(async () => {
  await h?.stop();
});

describe('IAM actions that default to the caller', () => {
  it('actions that default to the caller: a role session must name the user; session and federation tokens cannot call IAM', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }] };
    await ok(a, ['iam', 'create-role', '--role-name', 'key-admin', '--assume-role-policy-document', JSON.stringify(trust)]);
    await ok(a, ['iam', 'put-role-policy', '--role-name', 'key-admin', '--policy-name', 'all', '--policy-document', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }],
    })]);
    await ok(a, ['iam', 'create-user', '--user-name', 'kim']);
    await ok(a, ['iam', 'put-user-policy', '--user-name', 'kim', '--policy-name', 'all', '--policy-document', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*', 's3:ListAllMyBuckets'], Resource: '*' }],
    })]);
    const made = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(a, ['iam', 'create-access-key', '--user-name', 'kim']);
    const kim: Keys = { accessKey: made.AccessKey.AccessKeyId, secretKey: made.AccessKey.SecretAccessKey };
    const rootKeysBefore = await ok<{ AccessKeyMetadata: Array<{ AccessKeyId: string }> }>(a, ['iam', 'list-access-keys']);

    const creds = (await ok<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(kim,
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${a.accountId}:role/key-admin`, '--role-session-name', 'ci'])).Credentials;
    const role: Keys = { accessKey: creds.AccessKeyId, secretKey: creds.SecretAccessKey, sessionToken: creds.SessionToken };
    for (const args of [['get-user'], ['list-access-keys'], ['create-access-key'],
      ['update-access-key', '--access-key-id', rootKeysBefore.AccessKeyMetadata[0]!.AccessKeyId, '--status', 'Inactive'],
      ['delete-access-key', '--access-key-id', rootKeysBefore.AccessKeyMetadata[0]!.AccessKeyId]]) {
      const message = await refused(role, ['iam', ...args], 'ValidationError');
      assert.match(message, /Must specify userName when calling with non-User credentials/);
    }
    // Nothing happened to the account root's keys; naming the user works as the policy allows.
    assert.deepEqual(await ok(a, ['iam', 'list-access-keys']), rootKeysBefore);
    const kimKeys = await ok<{ AccessKeyMetadata: Array<{ AccessKeyId: string; UserName: string }> }>(role, ['iam', 'list-access-keys', '--user-name', 'kim']);
    assert.deepEqual(kimKeys.AccessKeyMetadata.map((k) => [k.UserName, k.AccessKeyId]), [['kim', kim.accessKey]]);
    assert.equal((await ok<{ User: { UserName: string } }>(role, ['iam', 'get-user', '--user-name', 'kim'])).User.UserName, 'kim');

    // The IAM user itself: its own keys without UserName.
    assert.equal((await ok<{ User: { UserName: string } }>(kim, ['iam', 'get-user'])).User.UserName, 'kim');
    assert.deepEqual((await ok<{ AccessKeyMetadata: Array<{ AccessKeyId: string }> }>(kim, ['iam', 'list-access-keys'])).AccessKeyMetadata.map((k) => k.AccessKeyId), [kim.accessKey]);

    // GetSessionToken and GetFederationToken credentials cannot call IAM at all (AWS: InvalidClientTokenId).
    const st = (await ok<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(kim, ['sts', 'get-session-token'])).Credentials;
    const sessionToken: Keys = { accessKey: st.AccessKeyId, secretKey: st.SecretAccessKey, sessionToken: st.SessionToken };
    await refused(sessionToken, ['iam', 'get-user'], 'InvalidClientTokenId');
    await refused(sessionToken, ['iam', 'list-access-keys', '--user-name', 'kim'], 'InvalidClientTokenId');
    await ok(sessionToken, ['s3api', 'list-buckets']); // the credentials are good elsewhere
    const ft = (await ok<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(kim, ['sts', 'get-federation-token', '--name', 'kim-fed',
      '--policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })])).Credentials;
    const federation: Keys = { accessKey: ft.AccessKeyId, secretKey: ft.SecretAccessKey, sessionToken: ft.SessionToken };
    await refused(federation, ['iam', 'list-access-keys'], 'InvalidClientTokenId');
    await refused(federation, ['iam', 'get-user', '--user-name', 'kim'], 'InvalidClientTokenId');
  });
});
