/**
 * In-memory STS sources for tests: StaticIdentities (the cluster root, users, roles, policies,
 * LDAP mappings) built from a document, a token codec with a random key and a settable clock.
 */
import { randomBytes } from 'node:crypto';
import type { StsContext } from '../../src/iam/sts/actions/sts-context.js';
import { SessionResolver } from '../../src/iam/sts/session-resolver.js';
import { SessionTokenCodec } from '../../src/iam/sts/session-token.js';
import { StaticIdentities } from '../../src/iam/sts/static-identities.js';

export const ROOT = { accessKey: 'rootkey', secretKey: 'rootsecret-123456' };
export const ALICE = { accessKey: 'AKIAALICE0000000001', secretKey: 'alice-secret' };
export const BOB = { accessKey: 'AKIABOB00000000000001', secretKey: 'bob-secret' };

export const STS_DOC = {
  policies: {
    'bucket-a-read': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/*'] }] },
    'assume-any': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] },
  },
  users: [
    { name: 'alice', ...ALICE, policies: ['assume-any'] },
    { name: 'bob', ...BOB, policies: [] },
  ],
  roles: [
    {
      name: 'reader', maxSessionDuration: 7200, policies: ['bucket-a-read'],
      trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] },
    },
    {
      name: 'bob-only', policies: ['readwrite'],
      trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/bob' }, Action: 'sts:AssumeRole' }] },
    },
  ],
  ldap: { groups: { 'cn=writers,ou=groups,dc=example,dc=org': ['readwrite'] }, users: {} },
};

export interface StsFixture {
  readonly ctx: StsContext;
  readonly sessions: SessionResolver;
  readonly identities: StaticIdentities;
  /** Moves the clock (ms). */
  advance(ms: number): void;
  /** Replaces the identities (a user disabled, a role deleted). */
  replace(doc: unknown): void;
}

export function stsFixture(doc: unknown = STS_DOC): StsFixture {
  let now = Date.parse('2026-12-02T10:00:00Z');
  let identities = new StaticIdentities(ROOT, JSON.stringify(doc));
  const proxy = {
    secretFor: (ak: string) => identities.secretFor(ak),
    resolve: (ak: string) => identities.resolve(ak),
    account: (id: string) => identities.account(id),
    accountByCanonicalId: (c: string) => identities.accountByCanonicalId(c),
    accountByEmail: () => undefined,
    role: (arn: string) => identities.role(arn),
    policy: (n: string) => identities.policy(n),
    policiesFor: (dn: string, g: readonly string[]) => identities.policiesFor(dn, g),
  };
  const codec = new SessionTokenCodec(randomBytes(32));
  const sources = { roles: proxy, policies: proxy, callers: proxy };
  const clock = (): Date => new Date(now);
  const sessions = new SessionResolver({ codec, sources, now: clock });
  return {
    ctx: { codec, sources, now: clock, ldapPolicies: proxy },
    sessions,
    get identities() { return identities; },
    advance: (ms) => { now += ms; },
    replace: (d) => { identities = new StaticIdentities(ROOT, JSON.stringify(d)); },
  };
}
