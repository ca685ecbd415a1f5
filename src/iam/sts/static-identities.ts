/**
 * Identities from a JSON document (CAIRN_STS_STATIC_IDENTITIES), all in the cluster account:
 * the stand-in for the IAM store until `iam-api` is wired, used by the end-to-end tests.
 *
 *   { "users":    [{ "name", "accessKey", "secretKey", "policies": [names], "disabled"? }],
 *     "roles":    [{ "name", "id"?, "maxSessionDuration"?, "trust": {policy}, "policies": [names], "tags"? }],
 *     "policies": { "name": {policy document} },
 *     "ldap":     { "users": { "DN": [names] }, "groups": { "DN": [names] } } }
 *
 * Policies are found by name or by ARN `arn:aws:iam::000000000000:policy/NAME`; MinIO's canned
 * policies are always there. Pure: the caller reads the file. A bad document is a
 * StaticIdentitiesError naming what is wrong.
 */
import { createHash } from 'node:crypto';
import { CLUSTER_ACCOUNT_ID, type AccountInfo, type CallerDirectory, type ResolvedCaller } from '../caller.js';
import { EMPTY_POLICY_SET, parsePolicy, PolicySet, type CompiledPolicy } from '../policy/index.js';
import type { LdapPolicyMappings } from './actions/sts-context.js';
import { CANNED_POLICIES } from './canned-policies.js';
import { normalizeDn } from './ldap-filter.js';
import type { PolicySource, RoleInfo, RoleSource } from './sts-sources.js';

export class StaticIdentitiesError extends Error {}

interface UserDoc { name: string; accessKey: string; secretKey: string; policies?: string[]; disabled?: boolean }
interface RoleDoc { name: string; id?: string; maxSessionDuration?: number; trust: unknown; policies?: string[]; tags?: Record<string, string> }
interface Doc { users?: UserDoc[]; roles?: RoleDoc[]; policies?: Record<string, unknown>; ldap?: { users?: Record<string, string[]>; groups?: Record<string, string[]> } }

const POLICY_ARN = `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:policy/`;

export const CLUSTER_ACCOUNT: AccountInfo = {
  id: CLUSTER_ACCOUNT_ID, name: 'cluster', canonicalUserId: createHash('sha256').update(`cairn-account:${CLUSTER_ACCOUNT_ID}`).digest('hex'),
};

function uniqueId(prefix: string, name: string): string {
  return prefix + createHash('sha256').update(name).digest('hex').slice(0, 17).toUpperCase();
}

export interface RootKey { readonly accessKey: string; readonly secretKey: string }

export class StaticIdentities implements CallerDirectory, RoleSource, PolicySource, LdapPolicyMappings {
  readonly #policies = new Map<string, CompiledPolicy>();
  readonly #users = new Map<string, { doc: UserDoc; caller: ResolvedCaller }>();
  readonly #roles = new Map<string, RoleInfo>();
  readonly #ldapUsers = new Map<string, string[]>();
  readonly #ldapGroups = new Map<string, string[]>();
  readonly #root: RootKey;

  constructor(root: RootKey, text = '{}') {
    this.#root = root;
    let doc: Doc;
    try { doc = JSON.parse(text) as Doc; } catch { throw new StaticIdentitiesError('static identities: not JSON'); }
    for (const [name, body] of Object.entries(CANNED_POLICIES)) this.#addPolicy(name, body);
    for (const [name, body] of Object.entries(doc.policies ?? {})) this.#addPolicy(name, JSON.stringify(body));
    for (const u of doc.users ?? []) this.#addUser(u);
    for (const r of doc.roles ?? []) this.#addRole(r);
    for (const [dn, names] of Object.entries(doc.ldap?.users ?? {})) this.#ldapUsers.set(normalizeDn(dn).toLowerCase(), names);
    for (const [dn, names] of Object.entries(doc.ldap?.groups ?? {})) this.#ldapGroups.set(normalizeDn(dn).toLowerCase(), names);
  }

  #addPolicy(name: string, body: string): void {
    try {
      this.#policies.set(name, parsePolicy(body, { kind: 'identity', name: `${POLICY_ARN}${name}` }));
    } catch (err) {
      throw new StaticIdentitiesError(`static identities: policy ${name}: ${(err as Error).message}`);
    }
  }

  #set(names: readonly string[] | undefined, what: string): PolicySet {
    return new PolicySet((names ?? []).map((n) => {
      const p = this.policy(n);
      if (p === undefined) throw new StaticIdentitiesError(`static identities: ${what} names an unknown policy ${n}`);
      return p;
    }));
  }

  #addUser(u: UserDoc): void {
    if (typeof u.name !== 'string' || typeof u.accessKey !== 'string' || typeof u.secretKey !== 'string') throw new StaticIdentitiesError('static identities: a user needs name, accessKey, secretKey');
    const caller: ResolvedCaller = {
      accessKey: u.accessKey, account: CLUSTER_ACCOUNT, isClusterRoot: false,
      principal: { type: 'User', accountId: CLUSTER_ACCOUNT_ID, arn: `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:user/${u.name}`, userId: uniqueId('AIDA', u.name), username: u.name },
      identity: this.#set(u.policies, `user ${u.name}`),
    };
    this.#users.set(u.accessKey, { doc: u, caller });
  }

  #addRole(r: RoleDoc): void {
    if (typeof r.name !== 'string') throw new StaticIdentitiesError('static identities: a role needs a name');
    const arn = `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:role/${r.name}`;
    let trust: CompiledPolicy;
    try {
      trust = parsePolicy(JSON.stringify(r.trust), { kind: 'trust', name: `${arn}:trust` });
    } catch (err) {
      throw new StaticIdentitiesError(`static identities: role ${r.name} trust policy: ${(err as Error).message}`);
    }
    this.#roles.set(arn, {
      arn, id: r.id ?? uniqueId('AROA', r.name), name: r.name, accountId: CLUSTER_ACCOUNT_ID,
      maxSessionDurationSeconds: r.maxSessionDuration ?? 3600, trust, policies: this.#set(r.policies, `role ${r.name}`),
      ...(r.tags ? { tags: r.tags } : {}),
    });
  }

  secretFor(accessKey: string): string | undefined {
    if (accessKey === this.#root.accessKey) return this.#root.secretKey;
    const u = this.#users.get(accessKey);
    return u === undefined || u.doc.disabled === true ? undefined : u.doc.secretKey;
  }

  resolve(accessKey: string): ResolvedCaller | undefined {
    if (accessKey === this.#root.accessKey) {
      return {
        accessKey, account: CLUSTER_ACCOUNT, isClusterRoot: true, identity: EMPTY_POLICY_SET,
        principal: { type: 'Account', accountId: CLUSTER_ACCOUNT_ID, arn: `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:root`, userId: CLUSTER_ACCOUNT_ID, canonicalUserId: CLUSTER_ACCOUNT.canonicalUserId },
      };
    }
    const u = this.#users.get(accessKey);
    return u === undefined || u.doc.disabled === true ? undefined : u.caller;
  }

  account(id: string): AccountInfo | undefined { return id === CLUSTER_ACCOUNT_ID ? CLUSTER_ACCOUNT : undefined; }
  accountByCanonicalId(c: string): AccountInfo | undefined { return c === CLUSTER_ACCOUNT.canonicalUserId ? CLUSTER_ACCOUNT : undefined; }
  accountByEmail(): AccountInfo | undefined { return undefined; }

  role(arn: string): RoleInfo | undefined { return this.#roles.get(arn); }

  policy(nameOrArn: string): CompiledPolicy | undefined {
    return this.#policies.get(nameOrArn.startsWith(POLICY_ARN) ? nameOrArn.slice(POLICY_ARN.length) : nameOrArn);
  }

  policiesFor(userDn: string, groupDns: readonly string[]): string[] {
    const out = new Set(this.#ldapUsers.get(normalizeDn(userDn).toLowerCase()) ?? []);
    for (const g of groupDns) for (const p of this.#ldapGroups.get(normalizeDn(g).toLowerCase()) ?? []) out.add(p);
    return [...out];
  }
}
