import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, ROOT, STS_DOC, stsFixture } from '../../../../test/helpers/sts-fixture.js';
import { StsError } from '../sts-error.js';
import { stsResponseXml } from '../sts-xml.js';
import { dispatchSts } from './dispatch.js';
import type { StsCaller } from './sts-context.js';

const p = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));
const trustAlice = (Action: string[], Condition?: unknown): unknown => ({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/alice' }, Action, ...(Condition ? { Condition } : {}) }],
});
const DOC = {
  ...STS_DOC,
  roles: [
    ...STS_DOC.roles,
    { name: 'ext', policies: ['bucket-a-read'], trust: trustAlice(['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': 'ext-1' } }) },
    { name: 'src', policies: ['bucket-a-read'], trust: trustAlice(['sts:AssumeRole', 'sts:SetSourceIdentity']) },
  ],
};
const role = (n: string): string => `arn:aws:iam::000000000000:role/${n}`;

async function refused(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StsError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

function opened(f: ReturnType<typeof stsFixture>, xml: string): StsCaller {
  const ak = /<AccessKeyId>([^<]+)/.exec(xml)![1]!;
  return { caller: f.sessions.resolve(ak, /<SessionToken>([^<]+)/.exec(xml)![1]!)!, isSession: true, parentAccessKey: ALICE.accessKey };
}

test('ExternalId is the trust policy\'s sts:ExternalId', async () => {
  const f = stsFixture(DOC);
  const alice: StsCaller = { caller: f.identities.resolve(ALICE.accessKey)!, isSession: false };
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('ext'), RoleSessionName: 'e1' }), alice), 'AccessDenied', /sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/ext/);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('ext'), RoleSessionName: 'e1', ExternalId: 'ext-2' }), alice), 'AccessDenied');
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('ext'), RoleSessionName: 'e1', ExternalId: 'x' }), alice), 'ValidationError', /at 'externalId'.*greater than or equal to 2/);
  await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('ext'), RoleSessionName: 'e1', ExternalId: 'ext-1' }), alice);
});

test('SourceIdentity: needs sts:SetSourceIdentity, returned, on the principal, carried when chaining and fixed', async () => {
  const f = stsFixture(DOC);
  const alice: StsCaller = { caller: f.identities.resolve(ALICE.accessKey)!, isSession: false };
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('reader'), RoleSessionName: 's1', SourceIdentity: 'alice-1' }), alice), 'AccessDenied', /sts:SetSourceIdentity/);
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('src'), RoleSessionName: 's1', SourceIdentity: 'aws:x' }), alice), 'ValidationError', /Value 'aws:x' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  const a = await dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('src'), RoleSessionName: 's1', SourceIdentity: 'alice-1' }), alice);
  const xml = stsResponseXml(a.action, a.result, 'r');
  assert.match(xml, /<\/AssumedRoleUser><SourceIdentity>alice-1<\/SourceIdentity><\/AssumeRoleResult>/);
  const session = opened(f, xml);
  assert.equal(session.caller.principal.sourceIdentity, 'alice-1');
  await refused(dispatchSts(f.ctx, 'AssumeRole', p({ RoleArn: role('reader'), RoleSessionName: 's2', SourceIdentity: 'alice-2' }), session), 'AccessDenied', /cannot be changed/);
});

test('GetFederationToken: federated-user ARN and id; nothing allowed without a session policy; root capped at 1 h; refusals', async () => {
  const f = stsFixture({ ...STS_DOC, policies: { ...STS_DOC.policies, fed: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }] } },
    users: [{ name: 'alice', ...ALICE, policies: ['fed', 'bucket-a-read'] }, { name: 'bob', ...BOB, policies: [] }] });
  const alice: StsCaller = { caller: f.identities.resolve(ALICE.accessKey)!, isSession: false };
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const a = await dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'fed-1', Policy: policy, DurationSeconds: '900' }), alice);
  const xml = stsResponseXml(a.action, a.result, 'r');
  assert.match(xml, /<GetFederationTokenResult><Credentials>.*<Expiration>2026-12-02T10:15:00Z<\/Expiration><\/Credentials><FederatedUser><FederatedUserId>000000000000:fed-1<\/FederatedUserId><Arn>arn:aws:sts::000000000000:federated-user\/fed-1<\/Arn><\/FederatedUser><PackedPolicySize>\d+<\/PackedPolicySize><\/GetFederationTokenResult>/);
  const s = opened(f, xml).caller;
  assert.deepEqual([s.principal.type, s.principal.arn, s.principal.userId, s.session?.size], ['FederatedUser', 'arn:aws:sts::000000000000:federated-user/fed-1', '000000000000:fed-1', 1]);
  const bare = opened(f, stsResponseXml('x', (await dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'fed-2' }), alice)).result, 'r')).caller;
  assert.equal(bare.session?.size, 0, 'no session policy: an empty session set, which allows nothing');
  const root: StsCaller = { caller: f.identities.resolve(ROOT.accessKey)!, isSession: false };
  const r = await dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'root-fed', DurationSeconds: '7200' }), root);
  assert.match(stsResponseXml(r.action, r.result, 'r'), /<Expiration>2026-12-02T11:00:00Z<\/Expiration>/);
  const bob: StsCaller = { caller: f.identities.resolve(BOB.accessKey)!, isSession: false };
  await refused(dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'bob-fed' }), bob), 'AccessDenied', /not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::000000000000:federated-user\/bob-fed/);
  await refused(dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'x' }), alice), 'ValidationError', /at 'name'/);
  await refused(dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'ok-name', DurationSeconds: '129601' }), alice), 'ValidationError', /less than or equal to 129600/);
  await refused(dispatchSts(f.ctx, 'GetFederationToken', p({ Name: 'again' }), { ...alice, isSession: true }), 'AccessDenied', /Cannot call GetFederationToken with session credentials/);
});
