/**
 * CAIRN_STS_STATIC_IDENTITIES: the identities JSON file (iam/sts/static-identities.ts), re-read
 * when its modification time changes (checked at most once a second), so a user disabled or a
 * role removed in the file takes effect within a second. A file that no longer parses keeps
 * the last good identities and logs why. Without a file: the cluster root alone.
 */
import { readFileSync, statSync } from 'node:fs';
import type { AccountInfo, CallerDirectory, ResolvedCaller } from '../iam/caller.js';
import type { CompiledPolicy } from '../iam/policy/index.js';
import type { LdapPolicyMappings } from '../iam/sts/actions/sts-context.js';
import { StaticIdentities, type RootKey } from '../iam/sts/static-identities.js';
import type { PolicySource, RoleInfo, RoleSource } from '../iam/sts/sts-sources.js';
import type { Logger } from '../s3/pipeline/logger.js';

const CHECK_MS = 1000;

export class StaticIdentityFile implements CallerDirectory, RoleSource, PolicySource, LdapPolicyMappings {
  #current: StaticIdentities;
  #mtimeMs = -1;
  #checkedAt = 0;

  constructor(private readonly root: RootKey, private readonly path: string | undefined, private readonly logger: Logger) {
    this.#current = new StaticIdentities(root);
    if (path !== undefined) {
      this.#mtimeMs = statSync(path).mtimeMs;
      this.#current = new StaticIdentities(root, readFileSync(path, 'utf8'));
    }
  }

  #now(): StaticIdentities {
    if (this.path === undefined) return this.#current;
    const t = Date.now();
    if (t - this.#checkedAt < CHECK_MS) return this.#current;
    this.#checkedAt = t;
    try {
      const m = statSync(this.path).mtimeMs;
      if (m !== this.#mtimeMs) {
        this.#current = new StaticIdentities(this.root, readFileSync(this.path, 'utf8'));
        this.#mtimeMs = m;
      }
    } catch (err) {
      this.logger.warn('static identities file not reloaded; keeping the last good one', { path: this.path, error: (err as Error).message });
      this.#mtimeMs = -2;
    }
    return this.#current;
  }

  secretFor(ak: string): string | undefined { return this.#now().secretFor(ak); }
  resolve(ak: string): ResolvedCaller | undefined { return this.#now().resolve(ak); }
  account(id: string): AccountInfo | undefined { return this.#now().account(id); }
  accountByCanonicalId(c: string): AccountInfo | undefined { return this.#now().accountByCanonicalId(c); }
  accountByEmail(): AccountInfo | undefined { return undefined; }
  role(arn: string): RoleInfo | undefined { return this.#now().role(arn); }
  policy(n: string): CompiledPolicy | undefined { return this.#now().policy(n); }
  policiesFor(dn: string, groups: readonly string[]): string[] { return this.#now().policiesFor(dn, groups); }
}
