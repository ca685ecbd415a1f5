/**
 * Accounts and IAM identities: the store (system bucket, cached, optimistic concurrency), the
 * caller directory over it (iam/caller.ts's CallerDirectory), and the account-document
 * operations the IAM API and the admin API run through `IamStore.mutate`.
 */
export { IamStore, type AccountState, type CreatedAccount, type IamStoreOptions, type MutationTools } from './iam-store.js';
export { IamCallerDirectory, type ManagedPolicyInfo, type RoleInfo, type RootKey } from './caller-directory.js';
export { IamError, isIamError, type IamErrorCode } from './iam-errors.js';
export { AWS_POLICY_ARN_PREFIX, awsManagedArn, awsManagedPolicies, awsManagedPolicy } from './aws-managed-policies.js';
export { KeyUsageRecorder, type KeyUsageOptions } from './key-usage.js';
export type * from './iam-records.js';
export { LdapPolicyMappingStore, ldapDnKey, type LdapEntityKind, type LdapMappingChange, type LdapMappingTarget } from './ldap-policy-mappings.js';
export { openSecretSealer, SEAL_KEY_CONTEXT, type SealKeyKms, type SealingKms } from './seal-key.js';
export { SecretSealer } from './secret-seal.js';
