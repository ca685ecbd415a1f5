/**
 * An in-memory CallerDirectory (the contract of src/iam/caller.ts) for authorization tests,
 * until the IAM store implements it: accounts with roots, IAM users with identity policies,
 * inactive keys. Policies are compiled by the real policy engine.
 */
import { createHash } from 'node:crypto';
import type { AccountInfo, CallerDirectory, PublicAccessBlockFlags, ResolvedCaller } from '../../src/iam/caller.js';
import { EMPTY_POLICY_SET, parsePolicy, PolicySet } from '../../src/iam/policy/index.js';

export interface MemoryUserSpec {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Identity policy documents (JSON text); none: a user without permissions. */
  readonly policies?: readonly string[];
  readonly boundary?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export function canonicalIdOf(accountId: string): string {
  return createHash('sha256').update(`memory-account:${accountId}`).digest('hex');
}

interface Key {
  readonly secret: string;
  readonly caller: ResolvedCaller;
  active: boolean;
}

export class MemoryDirectory implements CallerDirectory {
  readonly #accounts = new Map<string, AccountInfo>();
  readonly #keys = new Map<string, Key>();

  addAccount(id: string, name: string, root: { accessKey: string; secretKey: string }, email?: string): AccountInfo {
    const account: AccountInfo = { id, name, canonicalUserId: canonicalIdOf(id), ...(email !== undefined ? { email } : {}) };
    this.#accounts.set(id, account);
    const caller: ResolvedCaller = {
      accessKey: root.accessKey, account, isClusterRoot: id === '000000000000',
      principal: { type: 'Account', accountId: id, arn: `arn:aws:iam::${id}:root`, userId: id, canonicalUserId: account.canonicalUserId },
      identity: EMPTY_POLICY_SET,
    };
    this.#keys.set(root.accessKey, { secret: root.secretKey, caller, active: true });
    return account;
  }

  addUser(accountId: string, name: string, spec: MemoryUserSpec): ResolvedCaller {
    const account = this.#accounts.get(accountId);
    if (account === undefined) throw new Error(`no account ${accountId}`);
    const compile = (doc: string, i: number): PolicySet => new PolicySet([parsePolicy(doc, { kind: 'identity', name: `${name}-${i}` })]);
    const identity = new PolicySet((spec.policies ?? []).map((doc, i) => parsePolicy(doc, { kind: 'identity', name: `${name}-policy-${i}` })));
    const userId = `AIDA${createHash('sha256').update(name).digest('hex').slice(0, 16).toUpperCase()}`;
    const caller: ResolvedCaller = {
      accessKey: spec.accessKey, account, isClusterRoot: false,
      principal: {
        type: 'User', accountId, arn: `arn:aws:iam::${accountId}:user/${name}`, userId, username: name,
        ...(spec.tags !== undefined ? { tags: spec.tags } : {}),
      },
      identity,
      ...(spec.boundary !== undefined ? { boundary: compile(spec.boundary, 0) } : {}),
    };
    this.#keys.set(spec.accessKey, { secret: spec.secretKey, caller, active: true });
    return caller;
  }

  /** Sets (or with undefined removes) an account's account-level Block Public Access. */
  setAccountPublicAccessBlock(id: string, flags: PublicAccessBlockFlags | undefined): void {
    const held = this.#accounts.get(id);
    if (held === undefined) throw new Error(`no account ${id}`);
    const { publicAccessBlock: _old, ...rest } = held;
    this.#accounts.set(id, flags === undefined ? rest : { ...rest, publicAccessBlock: flags });
  }

    setActive(accessKey: string, active: boolean): void {
    const k = this.#keys.get(accessKey);
    if (k !== undefined) k.active = active;
  }

  secretFor(accessKey: string): string | undefined {
    const k = this.#keys.get(accessKey);
    return k?.active === true ? k.secret : undefined;
  }

  resolve(accessKey: string): ResolvedCaller | undefined {
    const k = this.#keys.get(accessKey);
    return k?.active === true ? k.caller : undefined;
  }

  account(id: string): AccountInfo | undefined {
    return this.#accounts.get(id);
  }

  accountByCanonicalId(canonicalUserId: string): AccountInfo | undefined {
    return [...this.#accounts.values()].find((a) => a.canonicalUserId === canonicalUserId);
  }

  accountByEmail(email: string): AccountInfo | undefined {
    return [...this.#accounts.values()].find((a) => a.email?.toLowerCase() === email.toLowerCase());
  }
}

/** Accounts A and B (with roots and e-mails), and in A: `alice` allowed one bucket, `bob` with no policy. */
export function twoAccountDirectory(opts: { aliceBucket: string } = { aliceBucket: 'alice-bucket' }): MemoryDirectory {
  const dir = new MemoryDirectory();
  dir.addAccount('111111111111', 'account-a', { accessKey: 'AKIAROOTA', secretKey: 'secret-root-a' }, 'a@example.com');
  dir.addAccount('222222222222', 'account-b', { accessKey: 'AKIAROOTB', secretKey: 'secret-root-b' }, 'b@example.com');
  dir.addUser('111111111111', 'alice', {
    accessKey: 'AKIAALICE', secretKey: 'secret-alice',
    policies: [JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${opts.aliceBucket}`, `arn:aws:s3:::${opts.aliceBucket}/*`] }],
    })],
  });
  dir.addUser('111111111111', 'bob', { accessKey: 'AKIABOB', secretKey: 'secret-bob' });
  dir.addUser('222222222222', 'carol', {
    accessKey: 'AKIACAROL', secretKey: 'secret-carol',
    policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })],
  });
  return dir;
}
