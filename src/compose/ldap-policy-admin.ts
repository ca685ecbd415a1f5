/**
 * LdapPolicyAdmin (admin/ldap-policy-admin.ts) over the IAM store's LDAP mappings
 * (iam/store/ldap-policy-mappings.ts). `policyExists` says whether a policy name can be
 * attached: the IAM store's managed policies of the cluster account, MinIO's canned policies
 * and the static identities file's, as STS resolves them.
 *
 * policy-entities, as MinIO: no filter lists every mapping (by user, by group and by policy);
 * with filters, only the sections asked for, each for the DNs / policies named.
 */
import type {
  GroupPolicyEntitiesDoc, LdapPolicyAdmin, PolicyAssociationOutcome, PolicyAssociationRequest, PolicyEntitiesDoc,
  PolicyEntitiesDocument, PolicyEntitiesQuery, UserPolicyEntitiesDoc,
} from '../admin/index.js';
import { ldapDnKey, type LdapMappingTarget, type LdapPolicyMappingStore } from '../iam/store/index.js';

function targetOf(req: PolicyAssociationRequest): LdapMappingTarget {
  return req.user !== undefined
    ? { kind: 'user', dn: req.user, policies: req.policies }
    : { kind: 'group', dn: req.group ?? '', policies: req.policies };
}

function byPolicy(users: Record<string, string[]>, groups: Record<string, string[]>): Map<string, { users: string[]; groups: string[] }> {
  const out = new Map<string, { users: string[]; groups: string[] }>();
  const slot = (p: string): { users: string[]; groups: string[] } => {
    let s = out.get(p);
    if (s === undefined) { s = { users: [], groups: [] }; out.set(p, s); }
    return s;
  };
  for (const [dn, ps] of Object.entries(users)) for (const p of ps) slot(p).users.push(dn);
  for (const [dn, ps] of Object.entries(groups)) for (const p of ps) slot(p).groups.push(dn);
  return out;
}

export function createLdapPolicyAdmin(store: LdapPolicyMappingStore, policyExists: (name: string) => boolean): LdapPolicyAdmin {
  return {
    async attach(req): Promise<PolicyAssociationOutcome> {
      const missing = req.policies.find((p) => !policyExists(p));
      if (missing !== undefined) return { noSuchPolicy: missing };
      return store.attach(targetOf(req));
    },
    detach: (req) => store.detach(targetOf(req)),
    entities(q: PolicyEntitiesQuery): PolicyEntitiesDocument {
      const { users, groups } = store.mappings();
      const all = q.users.length === 0 && q.groups.length === 0 && q.policies.length === 0;
      const userKeys = all ? Object.keys(users).sort() : q.users.map(ldapDnKey);
      const groupKeys = all ? Object.keys(groups).sort() : q.groups.map(ldapDnKey);
      const policies = byPolicy(users, groups);
      const policyNames = all ? [...policies.keys()].sort() : q.policies;
      const userMappings: UserPolicyEntitiesDoc[] = userKeys.filter((k) => users[k] !== undefined).map((k) => ({ user: k, policies: users[k]! }));
      const groupMappings: GroupPolicyEntitiesDoc[] = groupKeys.filter((k) => groups[k] !== undefined).map((k) => ({ group: k, policies: groups[k]! }));
      const policyMappings: PolicyEntitiesDoc[] = policyNames.filter((p) => policies.has(p)).map((p) => ({ policy: p, ...policies.get(p)! }));
      return {
        timestamp: new Date().toISOString(),
        ...(userMappings.length > 0 ? { userMappings } : {}),
        ...(groupMappings.length > 0 ? { groupMappings } : {}),
        ...(policyMappings.length > 0 ? { policyMappings } : {}),
      };
    },
  };
}
