/**
 * IamCallerDirectory: the `CallerDirectory` (iam/caller.ts) over the IamStore's cache, plus the
 * narrow lookups STS needs (`role`, `policyByArn`, `policyByName`). Synchronous: it answers
 * from indexes rebuilt whenever the store's `generation` changes (a change made in this
 * process is in force at once; one made in another process after the store's next refresh).
 *
 * Keys: the cluster root (CAIRN_ROOT_USER) is the root of account 000000000000; every account
 * has a root key; IAM users have up to two keys. An Inactive or deleted key, or a key whose
 * user is gone or disabled (admin API), or a key past its expiration, has no secret (SigV4
 * answers InvalidAccessKeyId, as MinIO does for a disabled user or an expired service account).
 */
import type { AccountInfo, CallerDirectory, ResolvedCaller } from '../caller.js';
import { CLUSTER_ACCOUNT_ID } from '../caller.js';
import { PolicySet, parsePolicy, type CompiledPolicy, type PrincipalInfo } from '../policy/index.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import { policyArn, roleArn, rootArn, userArn } from './iam-ids.js';
import type { AccountIdentity, PublicAccessBlockRecord, RoleRecord } from './iam-records.js';
import type { AccountState, IamStore } from './iam-store.js';
import {
  PolicyCompiler, boundaryPolicies, defaultDocument, managedPolicyOf, rolePolicies, userPolicies,
} from './principal-policies.js';

export interface RootKey {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** What STS reads of a role. */
export interface RoleInfo {
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
  readonly path: string;
  /** The trust policy, compiled as kind `trust`. */
  readonly trust: CompiledPolicy;
  readonly trustDocument: string;
  readonly maxSessionDuration: number;
  /** Inline and attached policies. */
  readonly policies: PolicySet;
  readonly boundary?: PolicySet;
  readonly tags: Readonly<Record<string, string>>;
}

/** What STS reads of a managed policy: its default version, compiled. */
export interface ManagedPolicyInfo {
  readonly arn: string;
  readonly name: string;
  readonly policy: CompiledPolicy;
  readonly document: string;
}

interface KeyEntry {
  readonly state: AccountState;
  readonly userName: string | undefined;
  readonly secret: string;
  /** Epoch ms from which the key no longer signs. */
  readonly expiresAt?: number;
}

function toAccountInfo(a: AccountIdentity, pab: PublicAccessBlockRecord | undefined): AccountInfo {
  return {
    id: a.id, name: a.name, canonicalUserId: a.canonicalUserId, ...(a.email !== undefined ? { email: a.email } : {}),
    ...(pab !== undefined ? { publicAccessBlock: { ...pab } } : {}),
  };
}

function tagMap(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

export class IamCallerDirectory implements CallerDirectory {
  readonly #store: IamStore;
  readonly #root: RootKey;
  #generation = -1;
  #keys = new Map<string, KeyEntry>();
  #accounts = new Map<string, AccountInfo>();
  #byCanonical = new Map<string, AccountInfo>();
  #byEmail = new Map<string, AccountInfo>();
  #callers = new Map<string, ResolvedCaller>();
  /** Compiled policies per account, kept while the account's document revision stays. */
  #compilers = new Map<string, { rev: number; compiler: PolicyCompiler }>();

  constructor(store: IamStore, root: RootKey) {
    this.#store = store;
    this.#root = root;
  }

  #sync(): void {
    if (this.#generation === this.#store.generation) return;
    this.#generation = this.#store.generation;
    const keys = new Map<string, KeyEntry>();
    const accounts = new Map<string, AccountInfo>();
    const byCanonical = new Map<string, AccountInfo>();
    const byEmail = new Map<string, AccountInfo>();
    const compilers = new Map<string, { rev: number; compiler: PolicyCompiler }>();
    for (const state of this.#store.accounts()) {
      const info = toAccountInfo(state.doc.account, state.doc.publicAccessBlock);
      accounts.set(info.id, info);
      byCanonical.set(info.canonicalUserId, info);
      if (info.email !== undefined) byEmail.set(info.email.toLowerCase(), info);
      const held = this.#compilers.get(info.id);
      compilers.set(info.id, held?.rev === state.doc.rev ? held : { rev: state.doc.rev, compiler: new PolicyCompiler() });
      for (const key of Object.values(state.doc.keys)) {
        if (key.status !== 'Active') continue;
        if (key.userName !== undefined && (state.doc.users[key.userName] === undefined || state.doc.users[key.userName]!.disabled === true)) continue;
        const secret = state.secrets.get(key.accessKeyId);
        const expiresAt = key.expiration === undefined ? undefined : Date.parse(key.expiration);
        if (secret !== undefined) keys.set(key.accessKeyId, { state, userName: key.userName, secret, ...(expiresAt !== undefined ? { expiresAt } : {}) });
      }
    }
    this.#keys = keys;
    this.#accounts = accounts;
    this.#byCanonical = byCanonical;
    this.#byEmail = byEmail;
    this.#compilers = compilers;
    this.#callers = new Map();
  }

  #compiler(accountId: string): PolicyCompiler {
    this.#sync();
    return this.#compilers.get(accountId)?.compiler ?? new PolicyCompiler();
  }

  secretFor(accessKey: string, sessionToken?: string): string | undefined {
    if (sessionToken !== undefined && sessionToken !== '') return undefined; // temporary credentials: STS (not here)
    if (accessKey === this.#root.accessKey) return this.#root.secretKey;
    this.#sync();
    const entry = this.#keys.get(accessKey);
    if (entry?.expiresAt !== undefined && !(Date.now() < entry.expiresAt)) return undefined;
    return entry?.secret;
  }

  resolve(accessKey: string, sessionToken?: string): ResolvedCaller | undefined {
    if (this.secretFor(accessKey, sessionToken) === undefined) return undefined;
    this.#sync();
    const hit = this.#callers.get(accessKey);
    if (hit !== undefined) return hit;
    const caller = this.#build(accessKey);
    if (caller !== undefined) this.#callers.set(accessKey, caller);
    return caller;
  }

  #build(accessKey: string): ResolvedCaller | undefined {
    if (accessKey === this.#root.accessKey) {
      const account = this.#accounts.get(CLUSTER_ACCOUNT_ID);
      if (account === undefined) return undefined;
      return { accessKey, account, isClusterRoot: true, principal: rootPrincipal(account), identity: new PolicySet([]) };
    }
    const entry = this.#keys.get(accessKey);
    if (entry === undefined) return undefined;
    const doc = entry.state.doc;
    const account = this.#accounts.get(doc.account.id)!;
    if (entry.userName === undefined) {
      return { accessKey, account, isClusterRoot: false, principal: rootPrincipal(account), identity: new PolicySet([]) };
    }
    const user = doc.users[entry.userName]!;
    const c = this.#compiler(account.id);
    const principal: PrincipalInfo = {
      type: 'User', accountId: account.id, arn: userArn(account.id, user.path, user.name), userId: user.id,
      username: user.name, canonicalUserId: account.canonicalUserId, tags: tagMap(user.tags),
    };
    const boundary = boundaryPolicies(c, doc, user.boundaryArn);
    return {
      accessKey, account, isClusterRoot: false, principal, identity: userPolicies(c, doc, user.name),
      ...(boundary !== undefined ? { boundary } : {}),
    };
  }

  account(id: string): AccountInfo | undefined {
    this.#sync();
    return this.#accounts.get(id);
  }

  accountByCanonicalId(canonicalUserId: string): AccountInfo | undefined {
    this.#sync();
    return this.#byCanonical.get(canonicalUserId);
  }

  accountByEmail(email: string): AccountInfo | undefined {
    this.#sync();
    return this.#byEmail.get(email.toLowerCase());
  }

  /** An IAM OIDC provider of the account by key (`host/path`), for AssumeRoleWithWebIdentity. */
  oidcProvider(accountId: string, key: string): { readonly url: string; readonly clientIds: readonly string[] } | undefined {
    return this.#store.account(accountId)?.doc.oidcProviders?.[key];
  }

  /** A role by name or ARN (`arn:aws:iam::ACCOUNT:role/path/name`), for STS AssumeRole. */
  role(accountId: string, nameOrArn: string): RoleInfo | undefined {
    this.#sync();
    const doc = this.#store.account(accountId)?.doc;
    if (doc === undefined) return undefined;
    let role: RoleRecord | undefined;
    if (nameOrArn.startsWith('arn:')) {
      role = Object.values(doc.roles).find((r) => roleArn(accountId, r.path, r.name) === nameOrArn);
    } else {
      role = doc.roles[nameOrArn];
    }
    if (role === undefined) return undefined;
    const c = this.#compiler(accountId);
    const boundary = boundaryPolicies(c, doc, role.boundaryArn);
    return {
      accountId, name: role.name, arn: roleArn(accountId, role.path, role.name), roleId: role.id, path: role.path,
      trust: parsePolicy(role.trust, { kind: 'trust', name: `${roleArn(accountId, role.path, role.name)} trust policy` }),
      trustDocument: role.trust, maxSessionDuration: role.maxSessionDuration, policies: rolePolicies(c, doc, role.name),
      tags: tagMap(role.tags), ...(boundary !== undefined ? { boundary } : {}),
    };
  }

  /** A managed policy by ARN (its account is the ARN's). */
  policyByArn(arn: string): ManagedPolicyInfo | undefined {
    const aws = awsManagedPolicy(arn);
    if (aws !== undefined) return { arn, name: aws.name, document: defaultDocument(aws), policy: parsePolicy(defaultDocument(aws), { kind: 'identity', name: arn }) };
    const accountId = /^arn:aws:iam::(\d{12}):policy\//.exec(arn)?.[1];
    if (accountId === undefined) return undefined;
    const doc = this.#store.account(accountId)?.doc;
    const p = doc === undefined ? undefined : managedPolicyOf(doc, arn);
    if (p === undefined) return undefined;
    const document = defaultDocument(p);
    return { arn, name: p.name, document, policy: this.#compiler(accountId).compile(document, arn) };
  }

  policyByName(accountId: string, name: string): ManagedPolicyInfo | undefined {
    const p = this.#store.account(accountId)?.doc.policies[name];
    return p === undefined ? undefined : this.policyByArn(policyArn(accountId, p.path, p.name));
  }
}

function rootPrincipal(account: AccountInfo): PrincipalInfo {
  return { type: 'Account', accountId: account.id, arn: rootArn(account.id), userId: account.id, canonicalUserId: account.canonicalUserId };
}
