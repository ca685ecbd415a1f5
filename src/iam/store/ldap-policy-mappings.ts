/**
 * LDAP policy mappings (MinIO's `mc idp ldap policy attach|detach|entities`): policy names
 * mapped to an LDAP user DN or group DN, kept in the cluster account's document
 * (`ldapPolicies`, iam-records.ts) so they ride on the IAM store's optimistic concurrency and
 * its 1 s cache refresh: every `--workers` process sees a change within about a second, and
 * the process that made it at once. LDAP sessions are federated sessions of the cluster account.
 *
 * DNs are compared case-insensitively with spaces around separators dropped (`ldapDnKey`), as
 * the static identities file does; the stored keys are in that form.
 */
import { CLUSTER_ACCOUNT_ID } from '../caller.js';
import type { IamStore } from './iam-store.js';
import type { AccountDocument, LdapPolicyRecord } from './iam-records.js';

export type LdapEntityKind = 'user' | 'group';

export interface LdapMappingChange {
  /** The policies that were attached (or detached) by this call: the others were already so. */
  readonly changed: readonly string[];
  readonly updatedAt: string;
}

export interface LdapMappingTarget {
  readonly kind: LdapEntityKind;
  readonly dn: string;
  readonly policies: readonly string[];
}

/** The comparison form of a DN: RDNs trimmed, lower-cased. */
export function ldapDnKey(dn: string): string {
  return dn.split(',').map((rdn) => {
    const eq = rdn.indexOf('=');
    return eq < 0 ? rdn.trim().toLowerCase() : `${rdn.slice(0, eq).trim()}=${rdn.slice(eq + 1).trim()}`.toLowerCase();
  }).join(',');
}

const EMPTY: LdapPolicyRecord = { users: {}, groups: {} };

function table(rec: LdapPolicyRecord, kind: LdapEntityKind): Record<string, string[]> {
  return kind === 'user' ? rec.users : rec.groups;
}

export class LdapPolicyMappingStore {
  readonly #store: IamStore;

  constructor(store: IamStore) {
    this.#store = store;
  }

  /** The cached mappings (read only). */
  mappings(): LdapPolicyRecord {
    return this.#store.account(CLUSTER_ACCOUNT_ID)?.doc.ldapPolicies ?? EMPTY;
  }

  /** The policies mapped to the user DN and to any of the group DNs, each once. */
  policiesFor(userDn: string, groupDns: readonly string[]): string[] {
    const rec = this.mappings();
    const out = new Set(rec.users[ldapDnKey(userDn)] ?? []);
    for (const g of groupDns) for (const p of rec.groups[ldapDnKey(g)] ?? []) out.add(p);
    return [...out];
  }

  /** Adds the policies to the DN's mapping; `changed` is empty when every one was there. */
  attach(target: LdapMappingTarget): Promise<LdapMappingChange> {
    return this.#change(target, (held, p) => (held.includes(p) ? undefined : [...held, p]));
  }

  /** Removes the policies from the DN's mapping; `changed` is empty when none was there. */
  detach(target: LdapMappingTarget): Promise<LdapMappingChange> {
    return this.#change(target, (held, p) => (held.includes(p) ? held.filter((x) => x !== p) : undefined));
  }

  async #change(target: LdapMappingTarget, step: (held: readonly string[], policy: string) => string[] | undefined): Promise<LdapMappingChange> {
    const key = ldapDnKey(target.dn);
    let changed: string[] = [];
    const updatedAt = await this.#store.mutate(CLUSTER_ACCOUNT_ID, (doc: AccountDocument, tools) => {
      changed = [];
      const rec: LdapPolicyRecord = doc.ldapPolicies ?? { users: {}, groups: {} };
      const t = table(rec, target.kind);
      let held: string[] = t[key] ?? [];
      for (const p of new Set(target.policies)) {
        const next = step(held, p);
        if (next !== undefined) { held = next; changed.push(p); }
      }
      if (held.length === 0) delete t[key]; else t[key] = held;
      doc.ldapPolicies = rec;
      return tools.now.toISOString();
    });
    return { changed, updatedAt };
  }
}
