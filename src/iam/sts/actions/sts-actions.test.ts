import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ALICE, BOB, ROOT, stsFixture } from '../../../../test/helpers/sts-fixture.js';
import { StsError } from '../sts-error.js';
import { stsResponseXml } from '../sts-xml.js';
import { checkActionAndVersion, dispatchSts } from './dispatch.js';
import type { StsCaller } from './sts-context.js';

const READER = 'arn:aws:iam::000000000000:role/reader';
const call = (f: ReturnType<typeof stsFixture>, ak: string): StsCaller => ({ caller: f.identities.resolve(ak)!, isSession: false });
const p = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));

async function refused(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StsError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test('AssumeRole: XML as AWS, AssumedRoleUser, expiry default 1 h; the session narrows by its inline policy', async () => {
  const f = stsFixture();
  const a = await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 'app-1' }), call(f, ALICE.accessKey));
  const xml = stsResponseXml(a.action, a.result, 'req-1');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<AssumeRoleResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId><SecretAccessKey>[^<]{40}<\/SecretAccessKey><SessionToken>[^<]+<\/SessionToken><Expiration>2026-12-02T11:00:00Z<\/Expiration><\/Credentials><AssumedRoleUser><AssumedRoleId>AROA[0-9A-F]{17}:app-1<\/AssumedRoleId><Arn>arn:aws:sts::000000000000:assumed-role\/reader\/app-1<\/Arn><\/AssumedRoleUser><\/AssumeRoleResult><ResponseMetadata><RequestId>req-1<\/RequestId><\/ResponseMetadata><\/AssumeRoleResponse>$/);
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-a/public/*' }] });
  const b = await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 'narrow', Policy: policy, 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' }), call(f, ALICE.accessKey));
  const bx = stsResponseXml(b.action, b.result, 'r');
  assert.match(bx, /<PackedPolicySize>\d+<\/PackedPolicySize>/);
  const ak = /<AccessKeyId>([^<]+)/.exec(bx)![1]!;
  const token = /<SessionToken>([^<]+)/.exec(bx)![1]!;
  const caller = f.sessions.resolve(ak, token)!;
  assert.equal(caller.session?.size, 1);
  assert.deepEqual(caller.principal.tags, { team: 'blue' });
});

test('AssumeRole: trust policy decides, with the reason; root may not; a user without sts:AssumeRole may not', async () => {
  const f = stsFixture();
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 'x1' }), call(f, BOB.accessKey)), 'AccessDenied',
    /^User: arn:aws:iam::000000000000:user\/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/reader \(the role's trust policy trusts the account, and no identity-based policy of the caller allows sts:AssumeRole\)$/);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: 'arn:aws:iam::000000000000:role/bob-only', RoleSessionName: 'x1' }), call(f, ALICE.accessKey)), 'AccessDenied', /not authorized to perform: sts:AssumeRole/);
  // bob is named exactly by the trust policy: no identity permission needed.
  await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: 'arn:aws:iam::000000000000:role/bob-only', RoleSessionName: 'x1' }), call(f, BOB.accessKey));
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 'x1' }), call(f, ROOT.accessKey)), 'AccessDenied', /Roles may not be assumed by root accounts/);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: 'arn:aws:iam::000000000000:role/nope', RoleSessionName: 'x1' }), call(f, ALICE.accessKey)), 'AccessDenied');
});

test('AssumeRole: parameter validation with AWS codes and words', async () => {
  const f = stsFixture();
  const alice = call(f, ALICE.accessKey);
  const run = (o: Record<string, string>): Promise<unknown> => dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 'ok-name', ...o }), alice);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleSessionName: 'x1' }), alice), 'ValidationError', /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/);
  await refused(run({ RoleSessionName: 'a' }), 'ValidationError', /roleSessionName.*greater than or equal to 2/);
  await refused(run({ RoleSessionName: 'has space' }), 'ValidationError', /regular expression pattern/);
  await refused(run({ DurationSeconds: '899' }), 'ValidationError', /Value '899' at 'durationSeconds'.*greater than or equal to 900/);
  await refused(run({ DurationSeconds: '43201' }), 'ValidationError', /less than or equal to 43200/);
  await refused(run({ DurationSeconds: '7201' }), 'ValidationError', /exceeds the MaxSessionDuration set for this role/);
  await run({ DurationSeconds: '7200' });
  await refused(run({ Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}' }), 'MalformedPolicyDocument', /Missing required field Resource/);
  await refused(run({ Policy: 'x'.repeat(2049) }), 'ValidationError', /at 'policy'.*less than or equal to 2048/);
  await refused(run({ 'PolicyArns.member.1.arn': 'arn:aws:iam::000000000000:policy/none' }), 'InvalidParameterValue', /does not exist/);
  const tags: Record<string, string> = {};
  for (let i = 1; i <= 50; i++) { tags[`Tags.member.${i}.Key`] = `k${i}-${randomBytes(60).toString('hex')}`; tags[`Tags.member.${i}.Value`] = randomBytes(120).toString('hex'); }
  await refused(run(tags), 'PackedPolicyTooLarge', /Packed policy consumes \d+% of allotted space/);
  await refused(run({ 'Tags.member.1.Key': 'a', 'Tags.member.2.Key': 'A' }), 'InvalidParameterValue', /Duplicate tag keys/);
});

test('GetSessionToken / GetCallerIdentity; session credentials may not get a session token; role chaining is capped at 1 h', async () => {
  const f = stsFixture();
  const g = await dispatchSts(f.ctx, 'GetCallerIdentity', new Map(), call(f, ALICE.accessKey));
  assert.match(stsResponseXml(g.action, g.result, 'r'), /<GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:user\/alice<\/Arn><UserId>AIDA[0-9A-F]{17}<\/UserId><Account>000000000000<\/Account><\/GetCallerIdentityResult>/);
  const root = await dispatchSts(f.ctx, 'GetCallerIdentity', new Map(), call(f, ROOT.accessKey));
  assert.match(stsResponseXml(root.action, root.result, 'r'), /<Arn>arn:aws:iam::000000000000:root<\/Arn><UserId>000000000000<\/UserId>/);
  const rootToken = await dispatchSts(f.ctx, 'GetSessionToken', new Map(), call(f, ROOT.accessKey));
  assert.match(stsResponseXml(rootToken.action, rootToken.result, 'r'), /<Expiration>2026-12-02T11:00:00Z<\/Expiration>/, 'root: at most 1 h');
  const a = await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 's1' }), call(f, ALICE.accessKey));
  const x = stsResponseXml(a.action, a.result, 'r');
  const ak = /<AccessKeyId>([^<]+)/.exec(x)![1]!;
  const session: StsCaller = { caller: f.sessions.resolve(ak, /<SessionToken>([^<]+)/.exec(x)![1]!)!, isSession: true, parentAccessKey: ALICE.accessKey };
  await refused(dispatchSts(f.ctx, 'GetSessionToken', new Map(), session), 'AccessDenied', /Cannot call GetSessionToken with session credentials/);
  const who = await dispatchSts(f.ctx, 'GetCallerIdentity', new Map(), session);
  assert.match(stsResponseXml(who.action, who.result, 'r'), /<Arn>arn:aws:sts::000000000000:assumed-role\/reader\/s1<\/Arn><UserId>AROA[0-9A-F]{17}:s1<\/UserId>/);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: READER, RoleSessionName: 's2', DurationSeconds: '3601' }), session), 'ValidationError', /role chaining/);
});

test('dispatch: Action and Version checked; signed actions need a signature', async () => {
  assert.throws(() => checkActionAndVersion(p({ Action: 'AssumeRole', Version: '2010-01-01' })), /Could not find operation AssumeRole for version 2010-01-01/);
  assert.throws(() => checkActionAndVersion(p({ Action: 'DeleteEverything' })), (e: unknown) => e instanceof StsError && e.code === 'InvalidAction');
  assert.throws(() => checkActionAndVersion(p({})), (e: unknown) => e instanceof StsError && e.code === 'MissingParameter');
  const f = stsFixture();
  await refused(dispatchSts(f.ctx, 'GetCallerIdentity', new Map(), undefined), 'MissingAuthenticationToken');
  await refused(dispatchSts(f.ctx, 'AssumeRoleWithWebIdentity', p({ WebIdentityToken: 'abcd.efgh.ijkl' }), undefined), 'InvalidIdentityToken', /No OpenID Connect provider is configured/);
  await refused(dispatchSts(f.ctx, 'AssumeRoleWithLDAPIdentity', p({ LDAPUsername: 'u' }), undefined), 'ValidationError', /LDAPPassword/);
});
