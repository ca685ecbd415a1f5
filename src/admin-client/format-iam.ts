/** Text output of the IAM commands of `cairn admin`: tables for lists, labelled lines for one entity. */
import type {
  IamAccessKeyDoc, IamGroupDoc, IamPolicyDoc, IamPolicyEntitiesDocument, IamUserDoc,
} from '../admin/iam-wire-types.js';

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? '-' : xs.join(','));

export function formatUsers(users: readonly IamUserDoc[]): string {
  return users.length === 0 ? 'No users\n' : table(['STATUS', 'USER', 'POLICIES', 'GROUPS'], users.map((u) => [u.status, u.userName, list(u.policyName), list(u.memberOf)]));
}

export function formatUser(u: IamUserDoc): string {
  return `User:        ${u.userName}\nStatus:      ${u.status}\nARN:         ${u.arn}\nUser id:     ${u.userId}\n`
    + `Policies:    ${list(u.policyName)}\n${u.inlinePolicies.length > 0 ? `Inline:      ${list(u.inlinePolicies)}\n` : ''}`
    + `Member of:   ${list(u.memberOf)}\nAccess keys: ${list(u.accessKeys)}\nCreated:     ${u.createDate}\n`;
}

export function formatGroups(groups: readonly IamGroupDoc[]): string {
  return groups.length === 0 ? 'No groups\n' : table(['STATUS', 'GROUP', 'POLICIES', 'MEMBERS'], groups.map((g) => [g.status, g.name, list(g.policy), list(g.members)]));
}

export function formatGroup(g: IamGroupDoc): string {
  return `Group:    ${g.name}\nStatus:   ${g.status}\nARN:      ${g.arn}\nPolicies: ${list(g.policy)}\nMembers:  ${list(g.members)}\n`;
}

export function formatPolicies(policies: readonly IamPolicyDoc[]): string {
  return policies.length === 0 ? 'No policies\n' : table(['POLICY', 'VERSION', 'USERS', 'GROUPS'], policies.map((p) => [p.policyName, p.defaultVersion, list(p.users), list(p.groups)]));
}

export function formatPolicy(p: IamPolicyDoc): string {
  return `Policy:  ${p.policyName}\nARN:     ${p.arn}\nVersion: ${p.defaultVersion}\nUsers:   ${list(p.users)}\nGroups:  ${list(p.groups)}\n`
    + `Updated: ${p.updateDate}\n${JSON.stringify(p.policy, null, 2)}\n`;
}

export function formatEntities(e: Omit<IamPolicyEntitiesDocument, 'accountId'>): string {
  const rows = [
    ...e.userMappings.map((m) => ['user', m.user, list(m.policies)]),
    ...e.groupMappings.map((m) => ['group', m.group, list(m.policies)]),
    ...e.policyMappings.flatMap((m) => [...m.users.map((u) => ['user', u, m.policy]), ...m.groups.map((g) => ['group', g, m.policy])])
      .filter(() => e.userMappings.length + e.groupMappings.length === 0),
  ];
  return rows.length === 0 ? 'No policy mappings\n' : table(['KIND', 'NAME', 'POLICIES'], rows);
}

export function formatAccessKeys(keys: readonly IamAccessKeyDoc[]): string {
  return keys.length === 0 ? 'No access keys\n' : table(['STATUS', 'ACCESS KEY', 'USER', 'EXPIRES'], keys.map((k) => [
    k.accountStatus, k.accessKey, k.parentUser ?? '(account root)', k.expiration ?? 'never',
  ]));
}

export function formatAccessKey(k: IamAccessKeyDoc): string {
  return `Access key: ${k.accessKey}\nUser:       ${k.parentUser ?? '(account root)'}\nStatus:     ${k.accountStatus}\n`
    + `Created:    ${k.createDate}\nExpires:    ${k.expiration ?? 'never'}\n`;
}
