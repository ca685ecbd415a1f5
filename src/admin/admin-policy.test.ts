/** MinIO admin policies for IAM users: the `admin:` action of a route against the caller's policies, and the cluster scope. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_ACCOUNT_ID, type AccountInfo, type ResolvedCaller } from '../iam/caller.js';
import { parsePolicy, PolicySet } from '../iam/policy/index.js';
import { adminDeniedMessage, adminPolicyAllows, clusterRouteAllowed } from './admin-policy.js';
import { IAM_PATHS } from './iam-routes.js';

const FACTS = { now: new Date('2026-12-02T12:00:00Z'), sourceIp: '10.1.2.3', userAgent: 'cairn-admin', secureTransport: false };
const account = (id: string): AccountInfo => ({ id, name: id === CLUSTER_ACCOUNT_ID ? 'cluster' : 'tenant', canonicalUserId: 'c'.repeat(64) });
const policies = (...docs: object[]): PolicySet => new PolicySet(docs.map((d, i) => parsePolicy(JSON.stringify(d), { kind: 'identity', name: `p${i}` })));
const allow = (action: string | string[], extra: object = {}): object => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, ...extra }] });

function user(accountId: string, identity: PolicySet, more: Partial<ResolvedCaller> = {}): ResolvedCaller {
  return {
    accessKey: 'AKIAUSER', account: account(accountId), isClusterRoot: false, identity,
    principal: { type: 'User', accountId, arn: `arn:aws:iam::${accountId}:user/ops`, username: 'ops', userId: 'AIDAOPS' },
    ...more,
  };
}

describe('admin policies (MinIO admin: actions)', () => {
  it('an admin statement may leave Resource out (consoleAdmin); other statements still need one', () => {
    const consoleAdmin = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['admin:*'] }, { Effect: 'Allow', Action: ['kms:*'] }, { Effect: 'Allow', Action: ['s3:*'], Resource: ['arn:aws:s3:::*'] },
    ] };
    assert.doesNotThrow(() => parsePolicy(JSON.stringify(consoleAdmin), { kind: 'identity', name: 'consoleAdmin' }));
    assert.throws(() => parsePolicy(JSON.stringify(allow(['admin:ListUsers', 's3:GetObject'])), { kind: 'identity', name: 'x' }), /Missing required field Resource/);
    assert.throws(() => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'admin:*' }] }), { kind: 'identity', name: 'x' }), /Missing required field Resource/);
    assert.throws(() => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'admin:*' }] }), { kind: 'resource', name: 'x' }), /Missing required field Resource/);
  });

  it('allows exactly the actions the policies allow; an explicit deny wins; Resource "*" works too', () => {
    const lister = user('111122223333', policies(allow('admin:ListUsers')));
    assert.equal(adminPolicyAllows(lister, 'admin:ListUsers', FACTS), true);
    assert.equal(adminPolicyAllows(lister, 'admin:CreateUser', FACTS), false);
    const all = user('111122223333', policies(allow('admin:*', { Resource: '*' }), { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'admin:DeleteUser', Resource: '*' }] }));
    assert.equal(adminPolicyAllows(all, 'admin:CreateUser', FACTS), true);
    assert.equal(adminPolicyAllows(all, 'admin:DeleteUser', FACTS), false);
    assert.equal(adminPolicyAllows(user('111122223333', policies(allow('s3:*', { Resource: '*' }))), 'admin:ListUsers', FACTS), false);
    assert.equal(adminPolicyAllows(user('111122223333', new PolicySet([])), 'admin:ListUsers', FACTS), false);
  });

  it('conditions, permissions boundaries and session policies narrow as for any action', () => {
    const fromNet = user('111122223333', policies(allow('admin:*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })));
    assert.equal(adminPolicyAllows(fromNet, 'admin:ListUsers', FACTS), true);
    assert.equal(adminPolicyAllows(fromNet, 'admin:ListUsers', { ...FACTS, sourceIp: '192.168.1.1' }), false);
    const bounded = user('111122223333', policies(allow('admin:*')), { boundary: policies(allow('admin:List*')) });
    assert.equal(adminPolicyAllows(bounded, 'admin:ListGroups', FACTS), true);
    assert.equal(adminPolicyAllows(bounded, 'admin:CreateUser', FACTS), false);
    const session = user('111122223333', policies(allow('admin:*')), {
      session: policies(allow('admin:GetUser')),
      principal: { type: 'AssumedRole', accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/ops/s', roleArn: 'arn:aws:iam::111122223333:role/ops' },
    });
    assert.equal(adminPolicyAllows(session, 'admin:GetUser', FACTS), true);
    assert.equal(adminPolicyAllows(session, 'admin:ListUsers', FACTS), false);
  });

  it('a root never gets an admin action from policies (its rights are checked elsewhere)', () => {
    const root: ResolvedCaller = {
      accessKey: 'AKIAROOT', account: account('111122223333'), isClusterRoot: false, identity: new PolicySet([]),
      principal: { type: 'Account', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root' },
    };
    assert.equal(adminPolicyAllows(root, 'admin:ListUsers', FACTS), false);
    assert.equal(clusterRouteAllowed(root, 'admin:ServerInfo', FACTS), false);
    assert.match(adminDeniedMessage(root, 'admin:ServerInfo', 'cluster'), /needs the cluster root user/);
  });

  it('cluster routes: the cluster root, or a cluster-account identity allowed by policy; never another account', () => {
    const clusterRoot: ResolvedCaller = {
      accessKey: 'ROOT', account: account(CLUSTER_ACCOUNT_ID), isClusterRoot: true, identity: new PolicySet([]),
      principal: { type: 'Account', accountId: CLUSTER_ACCOUNT_ID, arn: `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:root` },
    };
    assert.equal(clusterRouteAllowed(clusterRoot, 'admin:Heal', FACTS), true);
    assert.equal(clusterRouteAllowed(undefined, 'admin:Heal', FACTS), false);
    const operator = user(CLUSTER_ACCOUNT_ID, policies(allow(['admin:ServerInfo', 'admin:Heal'])));
    assert.equal(clusterRouteAllowed(operator, 'admin:ServerInfo', FACTS), true);
    assert.equal(clusterRouteAllowed(operator, 'admin:CreateAccount', FACTS), false);
    const tenantAdmin = user('111122223333', policies(allow('admin:*')));
    assert.equal(clusterRouteAllowed(tenantAdmin, 'admin:ServerInfo', FACTS), false);
    assert.match(adminDeniedMessage(tenantAdmin, 'admin:ServerInfo', 'cluster'), /concerns the whole deployment; arn:aws:iam::111122223333:user\/ops is not in the cluster account/);
    assert.match(adminDeniedMessage(operator, 'admin:CreateAccount', 'cluster'), /user\/ops is not allowed admin:CreateAccount by its policies/);
  });

  it('every IAM admin route names a MinIO admin action', () => {
    for (const [path, entry] of IAM_PATHS) assert.match(entry.action, /^admin:[A-Za-z]+$/, path);
  });
});
