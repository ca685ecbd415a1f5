/**
 * IamStore and IamCallerDirectory over a real ErasureObjectLayer (the system bucket): two store
 * instances over the same layer stand for two `--workers` processes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemStore } from '../../src/object/index.js';
import { CLUSTER_ACCOUNT_ID } from '../../src/iam/caller.js';
import { IamCallerDirectory, IamError, IamStore } from '../../src/iam/store/index.js';
import { newAccessKeyId } from '../../src/iam/store/iam-ids.js';
import { openHarness, type Harness } from './object-layer-harness.js';

const ROOT = { accessKey: 'clusterroot', secretKey: 'clusterrootsecret' };
const ALLOW_LIST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}';

describe('IamStore', () => {
  let h: Harness;
  let system: SystemStore;
  let a: IamStore;
  let b: IamStore;
  before(async () => {
    h = await openHarness(4);
    system = await SystemStore.open(h.layer);
    a = await IamStore.open({ system, refreshMs: 0 });
    b = await IamStore.open({ system, refreshMs: 0 });
  });
  after(async () => { a.close(); b.close(); await h.close(); });

  it('SystemStore.replace stores only over the ETag it read', async () => {
    await system.put('iam/test-cas.json', Buffer.from('one'));
    const got = await system.getTagged('iam/test-cas.json');
    assert.ok(got);
    assert.equal(await system.replace('iam/test-cas.json', Buffer.from('two'), got.etag), true);
    assert.equal(await system.replace('iam/test-cas.json', Buffer.from('three'), got.etag), false, 'stale ETag');
    assert.deepEqual(await system.get('iam/test-cas.json'), Buffer.from('two'));
    assert.equal(await system.replace('iam/absent.json', Buffer.from('x'), got.etag), false, 'absent object');
  });

  it('the cluster account exists from the start; the cluster root is its root', () => {
    const dir = new IamCallerDirectory(a, ROOT);
    const cluster = dir.account(CLUSTER_ACCOUNT_ID);
    assert.equal(cluster?.name, 'cluster');
    assert.match(cluster!.canonicalUserId, /^[0-9a-f]{64}$/);
    assert.equal(dir.secretFor(ROOT.accessKey), ROOT.secretKey);
    const caller = dir.resolve(ROOT.accessKey);
    assert.equal(caller?.isClusterRoot, true);
    assert.deepEqual(caller?.principal, {
      type: 'Account', accountId: CLUSTER_ACCOUNT_ID, arn: 'arn:aws:iam::000000000000:root', userId: CLUSTER_ACCOUNT_ID,
      canonicalUserId: cluster!.canonicalUserId,
    });
    assert.equal(new IamCallerDirectory(b, ROOT).account(CLUSTER_ACCOUNT_ID)?.canonicalUserId, cluster!.canonicalUserId, 'one cluster account');
  });

  it('createAccount: AWS-shaped ids, a root key that signs at once, names unique; the other process sees it after refresh', async () => {
    const made = await a.createAccount({ name: 'tenant-one', email: 'one@example.com' });
    assert.match(made.account.id, /^[1-9]\d{11}$/);
    assert.match(made.accessKey, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(made.secretKey.length, 40);
    const dir = new IamCallerDirectory(a, ROOT);
    assert.equal(dir.secretFor(made.accessKey), made.secretKey);
    assert.equal(dir.resolve(made.accessKey)?.principal.type, 'Account');
    assert.equal(dir.accountByEmail('ONE@example.com')?.id, made.account.id);
    assert.equal(dir.accountByCanonicalId(made.account.canonicalUserId)?.name, 'tenant-one');
    await assert.rejects(b.createAccount({ name: 'Tenant-One' }), (e) => e instanceof IamError && e.iamCode === 'EntityAlreadyExists');
    const other = new IamCallerDirectory(b, ROOT);
    assert.equal(other.secretFor(made.accessKey), undefined, 'not refreshed yet');
    await b.refresh();
    assert.equal(other.secretFor(made.accessKey), made.secretKey);
  });

  it('createAccount with a given root key pair; a key id in use or a short secret is refused', async () => {
    const made = await a.createAccount({ name: 'given', rootKey: { accessKey: 'given-root', secretKey: 'given-root-secret' } });
    assert.equal(made.accessKey, 'given-root');
    assert.equal(new IamCallerDirectory(a, ROOT).secretFor('given-root'), 'given-root-secret');
    await assert.rejects(a.createAccount({ name: 'given2', rootKey: { accessKey: 'given-root', secretKey: 'another-secret' } }),
      (e) => e instanceof IamError && e.iamCode === 'EntityAlreadyExists' && e.message.includes('access key'));
    await assert.rejects(a.createAccount({ name: 'given3', rootKey: { accessKey: 'ok-key', secretKey: 'short' } }),
      (e) => e instanceof IamError && e.iamCode === 'ValidationError');
  });

  it('secrets are sealed at rest: the stored document never holds a secret in plaintext', async () => {
    const made = await a.createAccount({ name: 'sealed' });
    const stored = (await system.get(`iam/accounts/${made.account.id}.json`))!.toString('utf8');
    assert.ok(stored.includes(made.accessKey));
    assert.ok(!stored.includes(made.secretKey));
    assert.match(stored, /"sealedSecret":"v1:/);
  });

  it('two processes changing one account concurrently lose nothing (ETag-checked read-modify-write)', async () => {
    const made = await a.createAccount({ name: 'busy' });
    const id = made.account.id;
    await b.refresh();
    const names = Array.from({ length: 12 }, (_, i) => `u${i}`);
    await Promise.all(names.map((n, i) => (i % 2 === 0 ? a : b).mutate(id, (doc, tools) => {
      doc.users[n] = { name: n, id: `AIDA${n}`, path: '/', createDate: tools.now.toISOString(), tags: [], inline: {}, attached: [], groups: [] };
    })));
    await a.refresh();
    await b.refresh();
    assert.deepEqual(Object.keys(a.account(id)!.doc.users).sort(), [...names].sort());
    assert.deepEqual(Object.keys(b.account(id)!.doc.users).sort(), [...names].sort());
  });

  it('a key made Inactive or deleted is refused at once here and after a refresh elsewhere', async () => {
    const made = await a.createAccount({ name: 'keys' });
    const id = made.account.id;
    const ak = newAccessKeyId();
    await a.mutate(id, (doc, tools) => {
      doc.users.alice = { name: 'alice', id: 'AIDAALICE', path: '/', createDate: tools.now.toISOString(), tags: [], inline: { own: ALLOW_LIST }, attached: [], groups: [] };
      doc.keys[ak] = { accessKeyId: ak, userName: 'alice', sealedSecret: tools.seal(ak, 'alice-secret-alice-secret-alice-secret-1'), status: 'Active', createDate: tools.now.toISOString() };
    });
    const here = new IamCallerDirectory(a, ROOT);
    const there = new IamCallerDirectory(b, ROOT);
    await b.refresh();
    assert.equal(there.secretFor(ak), 'alice-secret-alice-secret-alice-secret-1');
    const caller = here.resolve(ak);
    assert.equal(caller?.principal.type, 'User');
    assert.equal(caller?.principal.arn, `arn:aws:iam::${id}:user/alice`);
    assert.equal(caller?.identity.size, 1);
    await a.mutate(id, (doc) => { doc.keys[ak]!.status = 'Inactive'; });
    assert.equal(here.secretFor(ak), undefined, 'inactive at once in the writing process');
    assert.equal(here.resolve(ak), undefined);
    await b.refresh();
    assert.equal(there.secretFor(ak), undefined, 'inactive after the refresh elsewhere');
    await a.mutate(id, (doc) => { doc.keys[ak]!.status = 'Active'; });
    assert.ok(here.secretFor(ak));
    await a.mutate(id, (doc) => { delete doc.keys[ak]; });
    assert.equal(here.secretFor(ak), undefined, 'deleted');
  });

  it('a change that throws stores nothing', async () => {
    const made = await a.createAccount({ name: 'atomic' });
    const rev = a.account(made.account.id)!.doc.rev;
    await assert.rejects(a.mutate(made.account.id, (doc) => { doc.users.x = doc.users.x!; throw new IamError('NoSuchEntity', 'no'); }), IamError);
    assert.equal(a.account(made.account.id)!.doc.rev, rev);
    assert.equal((await b.refresh(), b.account(made.account.id)!.doc.rev), rev);
  });

  it('role and managed-policy lookups for STS: trust policy, session duration, policies', async () => {
    const made = await a.createAccount({ name: 'roles' });
    const id = made.account.id;
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${id}:root"},"Action":"sts:AssumeRole"}]}`;
    await a.mutate(id, (doc, tools) => {
      const now = tools.now.toISOString();
      doc.policies.reader = { name: 'reader', id: 'ANPAREADER', path: '/', createDate: now, updateDate: now, defaultVersion: 'v1', versions: [{ id: 'v1', document: ALLOW_LIST, createDate: now }], nextVersion: 2, tags: [] };
      doc.roles.app = { name: 'app', id: 'AROAAPP', path: '/svc/', createDate: now, trust, maxSessionDuration: 7200, tags: [{ Key: 'team', Value: 'x' }], inline: {}, attached: [`arn:aws:iam::${id}:policy/reader`] };
    });
    const dir = new IamCallerDirectory(a, ROOT);
    const role = dir.role(id, `arn:aws:iam::${id}:role/svc/app`);
    assert.equal(role?.name, 'app');
    assert.equal(role?.maxSessionDuration, 7200);
    assert.equal(role?.policies.size, 1);
    assert.deepEqual(role?.tags, { team: 'x' });
    assert.equal(dir.role(id, 'app')?.roleId, 'AROAAPP');
    assert.equal(dir.role(id, 'nope'), undefined);
    assert.equal(dir.policyByArn(`arn:aws:iam::${id}:policy/reader`)?.document, ALLOW_LIST);
    assert.equal(dir.policyByName(id, 'reader')?.arn, `arn:aws:iam::${id}:policy/reader`);
  });

  it('a refresh re-reads the documents only when the change mark moved (or a full refresh is asked for)', async () => {
    const made = await a.createAccount({ name: 'marked' });
    const id = made.account.id;
    await b.refresh();
    const rev = b.account(id)!.doc.rev;
    // A last-use record is written quietly: the mark stays, so b's refresh reads nothing new.
    await a.mutate(id, (doc) => { doc.keys[made.accessKey]!.lastUsed = { date: new Date().toISOString(), service: 's3', region: 'us-east-1' }; }, { quiet: true });
    await b.refresh();
    assert.equal(b.account(id)!.doc.rev, rev, 'quiet change: not re-read');
    await b.refresh({ full: true });
    assert.equal(b.account(id)!.doc.rev, rev + 1, 'a full refresh reads it');
    assert.ok(b.account(id)!.doc.keys[made.accessKey]!.lastUsed);
    // A document changed behind the store's back (no mark) is not read until a full refresh;
    // any change through the store moves the mark and brings it along.
    const name = `iam/accounts/${id}.json`;
    const stored = JSON.parse((await system.get(name))!.toString('utf8')) as { rev: number; account: { email?: string } };
    stored.rev += 10;
    stored.account.email = 'behind@example.com';
    await system.put(name, Buffer.from(JSON.stringify(stored)));
    await b.refresh();
    assert.equal(b.account(id)!.doc.account.email, undefined);
    await a.mutate(CLUSTER_ACCOUNT_ID, () => undefined);
    await b.refresh();
    assert.equal(b.account(id)!.doc.account.email, 'behind@example.com', 'the mark moved: every document re-read');
  });

  it('deleteAccount removes the account and its keys; the cluster account cannot be deleted', async () => {
    const made = await a.createAccount({ name: 'gone' });
    const dir = new IamCallerDirectory(a, ROOT);
    assert.ok(dir.secretFor(made.accessKey));
    await a.deleteAccount(made.account.id);
    assert.equal(dir.secretFor(made.accessKey), undefined);
    assert.equal(dir.account(made.account.id), undefined);
    await b.refresh();
    assert.equal(b.account(made.account.id), undefined);
    await assert.rejects(a.deleteAccount(CLUSTER_ACCOUNT_ID), (e) => e instanceof IamError && e.iamCode === 'DeleteConflict');
  });
});
