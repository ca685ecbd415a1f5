/** Every IAM action Cairn answers, by its AWS name. */
import { ACCESS_KEY_OPERATIONS } from './access-keys.js';
import { ACCOUNT_SUMMARY_OPERATIONS } from './account-summary.js';
import { ATTACHMENT_OPERATIONS } from './attachments.js';
import { GROUP_OPERATIONS } from './groups.js';
import type { IamOperation } from './iam-operation.js';
import { INLINE_POLICY_OPERATIONS } from './inline-policies.js';
import { MANAGED_POLICY_OPERATIONS } from './managed-policies.js';
import { OIDC_PROVIDER_OPERATIONS } from './oidc-providers.js';
import { POLICY_TAG_OPERATIONS } from './policy-tags.js';
import { ROLE_OPERATIONS } from './roles.js';
import { TAG_AND_BOUNDARY_OPERATIONS } from './tags-and-boundaries.js';
import { USER_OPERATIONS } from './users.js';

export const IAM_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  ...USER_OPERATIONS,
  ...ACCESS_KEY_OPERATIONS,
  ...GROUP_OPERATIONS,
  ...INLINE_POLICY_OPERATIONS,
  ...MANAGED_POLICY_OPERATIONS,
  ...POLICY_TAG_OPERATIONS,
  ...ATTACHMENT_OPERATIONS,
  ...ROLE_OPERATIONS,
  ...TAG_AND_BOUNDARY_OPERATIONS,
  ...ACCOUNT_SUMMARY_OPERATIONS,
  ...OIDC_PROVIDER_OPERATIONS,
};
