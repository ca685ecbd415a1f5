import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SessionTokenExpiredError, SessionTokenInvalidError } from '../../errors/domain-errors.js';
import type { SessionClaims } from './session-claims.js';
import { isSessionAccessKey, newSessionKeyPair } from './session-keys.js';
import { SessionTokenCodec } from './session-token.js';
import { ALICE, STS_DOC, stsFixture } from '../../../test/helpers/sts-fixture.js';
import { assumeRole } from './actions/assume-role.js';
import { getSessionToken } from './actions/get-session-token.js';
import { stsResponseXml } from './sts-xml.js';

function claims(ak: string, secret: string): SessionClaims {
  return { v: 1, accessKey: ak, secret, kind: 'user', parentAccessKey: 'AKIAPARENT', accountId: '000000000000', issuedAt: 1, expiresAt: 2, policy: '{"secret-looking":"x"}' };
}

test('session keys: ASIA + 16 base32 characters, 40-character secret, all different', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const { accessKey, secretKey } = newSessionKeyPair();
    assert.match(accessKey, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(secretKey.length, 40);
    assert.ok(isSessionAccessKey(accessKey));
    assert.ok(!seen.has(accessKey));
    seen.add(accessKey);
  }
  assert.ok(!isSessionAccessKey('AKIAIOSFODNN7EXAMPLE'));
});

test('session token: round trip; reveals nothing (no claim, no secret readable)', () => {
  const codec = SessionTokenCodec.fromRootSecret('root-secret-1');
  const { accessKey, secretKey } = newSessionKeyPair();
  const token = codec.seal(claims(accessKey, secretKey));
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(codec.open(accessKey, token), claims(accessKey, secretKey));
  const raw = Buffer.from(token, 'base64url').toString('latin1');
  for (const needle of [secretKey, accessKey, 'AKIAPARENT', '000000000000', 'secret-looking', 'user']) assert.ok(!raw.includes(needle), needle);
  // The same claims sealed twice differ (random IV).
  assert.notEqual(codec.seal(claims(accessKey, secretKey)), token);
});

test('session token: every changed byte, truncation, another key or another access key is refused', () => {
  const codec = SessionTokenCodec.fromRootSecret('root-secret-1');
  const { accessKey, secretKey } = newSessionKeyPair();
  const token = codec.seal(claims(accessKey, secretKey));
  const raw = Buffer.from(token, 'base64url');
  for (let i = 0; i < raw.length; i++) {
    const bad = Buffer.from(raw);
    bad[i] = bad[i]! ^ 0x01;
    assert.throws(() => codec.open(accessKey, bad.toString('base64url')), SessionTokenInvalidError, `byte ${i}`);
  }
  assert.throws(() => codec.open(accessKey, token.slice(0, -4)), SessionTokenInvalidError);
  assert.throws(() => codec.open(accessKey, `${token}AAAA`), SessionTokenInvalidError);
  assert.throws(() => codec.open(accessKey, 'not a token!'), SessionTokenInvalidError);
  assert.throws(() => codec.open(accessKey, ''), SessionTokenInvalidError);
  assert.throws(() => SessionTokenCodec.fromRootSecret('root-secret-2').open(accessKey, token), SessionTokenInvalidError);
  assert.throws(() => new SessionTokenCodec(randomBytes(32)).open(accessKey, token), SessionTokenInvalidError);
  assert.throws(() => codec.open(newSessionKeyPair().accessKey, token), /another access key/);
});

function issued(xml: string): { ak: string; sk: string; token: string; expiration: string } {
  const get = (n: string): string => new RegExp(`<${n}>([^<]*)</${n}>`).exec(xml)![1]!;
  return { ak: get('AccessKeyId'), sk: get('SecretAccessKey'), token: get('SessionToken'), expiration: get('Expiration') };
}

test('session resolver: expiry enforced to the second (ExpiredToken), the secret until then', () => {
  const f = stsFixture();
  const alice = f.identities.resolve(ALICE.accessKey)!;
  const answer = getSessionToken(f.ctx, { caller: alice, isSession: false }, new Map([['DurationSeconds', '900']]));
  const c = issued(stsResponseXml(answer.action, answer.result, 'r'));
  assert.equal(c.expiration, '2026-12-02T10:15:00Z');
  assert.equal(f.sessions.secretFor(c.ak, c.token), c.sk);
  f.advance(899_999);
  assert.equal(f.sessions.secretFor(c.ak, c.token), c.sk);
  assert.equal(f.sessions.resolve(c.ak, c.token)?.principal.arn, 'arn:aws:iam::000000000000:user/alice');
  f.advance(1);
  assert.throws(() => f.sessions.secretFor(c.ak, c.token), SessionTokenExpiredError);
  assert.throws(() => f.sessions.resolve(c.ak, c.token), SessionTokenExpiredError);
  assert.equal(f.sessions.secretFor(c.ak, undefined), undefined);
});

test('session resolver: a session dies when its parent user is disabled or its role deleted', () => {
  const f = stsFixture();
  const alice = f.identities.resolve(ALICE.accessKey)!;
  const params = new Map([['RoleArn', 'arn:aws:iam::000000000000:role/reader'], ['RoleSessionName', 'app']]);
  const c = issued(stsResponseXml('AssumeRole', assumeRole(f.ctx, { caller: alice, isSession: false }, params).result, 'r'));
  const caller = f.sessions.resolve(c.ak, c.token)!;
  assert.equal(caller.principal.type, 'AssumedRole');
  assert.equal(caller.principal.arn, 'arn:aws:sts::000000000000:assumed-role/reader/app');
  assert.equal(caller.principal.roleArn, 'arn:aws:iam::000000000000:role/reader');
  assert.equal(caller.identity.size, 1);
  const doc = structuredClone(STS_DOC) as unknown as { users: Array<{ name: string; disabled?: boolean }>; roles: Array<{ name: string }> };
  doc.users.find((u) => u.name === 'alice')!.disabled = true;
  f.replace(doc);
  assert.equal(f.sessions.secretFor(c.ak, c.token), undefined, 'parent user disabled');
  doc.users.find((u) => u.name === 'alice')!.disabled = false;
  f.replace(doc);
  assert.equal(f.sessions.secretFor(c.ak, c.token), c.sk);
  doc.roles = doc.roles.filter((r) => r.name !== 'reader');
  f.replace(doc);
  assert.equal(f.sessions.secretFor(c.ak, c.token), undefined, 'role deleted');
});

