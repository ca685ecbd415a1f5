/** GetAccountSummary: usage and quotas of the caller's account (AWS's SummaryMap keys). */
import type { IamOperation } from './iam-operation.js';
import { cachedDoc } from './iam-operation.js';
import { el, wrap } from './iam-xml.js';
import { MAX_KEYS_PER_USER } from './access-keys.js';
import { MAX_ATTACHED } from './attachments.js';
import { MAX_GROUPS, MAX_GROUPS_PER_USER } from './groups.js';
import { MANAGED_POLICY_MAX_CHARS, INLINE_MAX_CHARS } from './policy-documents.js';
import { MAX_POLICIES, MAX_VERSIONS } from './managed-policies.js';
import { MAX_ROLES } from './roles.js';
import { MAX_USERS } from './users.js';

const getAccountSummary: IamOperation = {
  resource: () => '*',
  async run(call) {
    const doc = cachedDoc(call);
    const policies = Object.values(doc.policies);
    const entries: Array<[string, number]> = [
      ['Users', Object.keys(doc.users).length], ['UsersQuota', MAX_USERS],
      ['Groups', Object.keys(doc.groups).length], ['GroupsQuota', MAX_GROUPS],
      ['Roles', Object.keys(doc.roles).length], ['RolesQuota', MAX_ROLES],
      ['Policies', policies.length], ['PoliciesQuota', MAX_POLICIES],
      ['PolicyVersionsInUse', policies.reduce((n, p) => n + p.versions.length, 0)], ['PolicyVersionsInUseQuota', MAX_POLICIES * MAX_VERSIONS],
      ['PolicySizeQuota', MANAGED_POLICY_MAX_CHARS], ['VersionsPerPolicyQuota', MAX_VERSIONS],
      ['AccessKeysPerUserQuota', MAX_KEYS_PER_USER],
      ['AccountAccessKeysPresent', Object.values(doc.keys).some((k) => k.userName === undefined) ? 1 : 0],
      ['AttachedPoliciesPerUserQuota', MAX_ATTACHED], ['AttachedPoliciesPerGroupQuota', MAX_ATTACHED],
      ['AttachedPoliciesPerRoleQuota', MAX_ATTACHED], ['GroupsPerUserQuota', MAX_GROUPS_PER_USER],
      ['UserPolicySizeQuota', INLINE_MAX_CHARS.user], ['GroupPolicySizeQuota', INLINE_MAX_CHARS.group],
      ['AccountMFAEnabled', 0], ['MFADevices', 0], ['MFADevicesInUse', 0],
    ];
    return wrap('SummaryMap', entries.map(([k, v]) => wrap('entry', el('key', k) + el('value', v))).join(''));
  },
};

export const ACCOUNT_SUMMARY_OPERATIONS: Readonly<Record<string, IamOperation>> = { GetAccountSummary: getAccountSummary };
