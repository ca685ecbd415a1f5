/** The admin endpoints by operation (a missing one is a compile error). */
import type { AdminOperation } from '../admin-router.js';
import { accountInfo, addAccount, listAccounts, removeAccount } from './accounts.js';
import { backgroundHealStatus } from './background-heal-status.js';
import { getBucketQuota, setBucketQuota } from './bucket-quota.js';
import { dataUsageInfo } from './data-usage-info.js';
import type { AdminEndpoint } from './endpoint.js';
import { healStart } from './heal-start.js';
import { healStatus } from './heal-status.js';
import { kmsKeyCreate, kmsKeyList, kmsKeyStatus, kmsStatus } from './kms.js';
import { kmsAccountKeyGet, kmsAccountKeySet } from './kms-account-key.js';
import { ldapPolicyAttach, ldapPolicyDetach, ldapPolicyEntities } from './ldap-policy.js';
import { kmsKeyRotate, kmsResealStart, kmsResealStatus } from './kms-reseal.js';
import { serverInfo } from './server-info.js';
import { iamAccessKeyInfo, iamAddAccessKey, iamListAccessKeys, iamRemoveAccessKey, iamSetAccessKeyStatus } from './iam-access-keys.js';
import { iamAddPolicy, iamAttachPolicy, iamDetachPolicy, iamListPolicies, iamPolicyEntities, iamPolicyInfo, iamRemovePolicy } from './iam-policies.js';
import {
  iamAddUser, iamGroupInfo, iamListGroups, iamListUsers, iamRemoveUser, iamSetGroupStatus, iamSetUserStatus, iamUpdateGroupMembers, iamUserInfo,
} from './iam-users.js';
import {
  minioAddCannedPolicy, minioDeleteServiceAccount, minioGroupInfo, minioInfoCannedPolicy, minioInfoServiceAccount, minioListCannedPolicies,
  minioListGroups, minioListServiceAccounts, minioListUsers, minioRemoveCannedPolicy, minioRemoveUser, minioSetGroupStatus, minioSetUserStatus,
  minioUpdateGroupMembers, minioUserInfo,
} from './minio-iam.js';
import { minioAddServiceAccount, minioAddUser, minioAttachPolicy, minioDetachPolicy, minioUpdateServiceAccount } from './minio-iam-encrypted.js';

export const ADMIN_ENDPOINTS: Readonly<Record<AdminOperation, AdminEndpoint>> = {
  ServerInfo: serverInfo,
  HealStart: healStart,
  HealStatus: healStatus,
  BackgroundHealStatus: backgroundHealStatus,
  DataUsageInfo: dataUsageInfo,
  SetBucketQuota: setBucketQuota,
  GetBucketQuota: getBucketQuota,
  KmsStatus: kmsStatus,
  KmsKeyCreate: kmsKeyCreate,
  KmsKeyStatus: kmsKeyStatus,
  KmsKeyList: kmsKeyList,
  AddAccount: addAccount,
  ListAccounts: listAccounts,
  AccountInfo: accountInfo,
  RemoveAccount: removeAccount,
  KmsAccountKeySet: kmsAccountKeySet,
  KmsAccountKeyGet: kmsAccountKeyGet,
  LdapPolicyAttach: ldapPolicyAttach,
  LdapPolicyDetach: ldapPolicyDetach,
  LdapPolicyEntities: ldapPolicyEntities,
  IamAddUser: iamAddUser,
  IamListUsers: iamListUsers,
  IamUserInfo: iamUserInfo,
  IamRemoveUser: iamRemoveUser,
  IamSetUserStatus: iamSetUserStatus,
  IamUpdateGroupMembers: iamUpdateGroupMembers,
  IamListGroups: iamListGroups,
  IamGroupInfo: iamGroupInfo,
  IamSetGroupStatus: iamSetGroupStatus,
  IamAddPolicy: iamAddPolicy,
  IamListPolicies: iamListPolicies,
  IamPolicyInfo: iamPolicyInfo,
  IamRemovePolicy: iamRemovePolicy,
  IamAttachPolicy: iamAttachPolicy,
  IamDetachPolicy: iamDetachPolicy,
  IamPolicyEntities: iamPolicyEntities,
  IamAddAccessKey: iamAddAccessKey,
  IamListAccessKeys: iamListAccessKeys,
  IamAccessKeyInfo: iamAccessKeyInfo,
  IamRemoveAccessKey: iamRemoveAccessKey,
  IamSetAccessKeyStatus: iamSetAccessKeyStatus,
  MinioListUsers: minioListUsers,
  MinioUserInfo: minioUserInfo,
  MinioRemoveUser: minioRemoveUser,
  MinioSetUserStatus: minioSetUserStatus,
  MinioAddCannedPolicy: minioAddCannedPolicy,
  MinioRemoveCannedPolicy: minioRemoveCannedPolicy,
  MinioListCannedPolicies: minioListCannedPolicies,
  MinioInfoCannedPolicy: minioInfoCannedPolicy,
  MinioUpdateGroupMembers: minioUpdateGroupMembers,
  MinioListGroups: minioListGroups,
  MinioGroupInfo: minioGroupInfo,
  MinioSetGroupStatus: minioSetGroupStatus,
  MinioListServiceAccounts: minioListServiceAccounts,
  MinioInfoServiceAccount: minioInfoServiceAccount,
  MinioDeleteServiceAccount: minioDeleteServiceAccount,
  MinioAddUser: minioAddUser,
  MinioAddServiceAccount: minioAddServiceAccount,
  MinioUpdateServiceAccount: minioUpdateServiceAccount,
  MinioAttachPolicy: minioAttachPolicy,
  MinioDetachPolicy: minioDetachPolicy,
  KmsKeyRotate: kmsKeyRotate,
  KmsResealStart: kmsResealStart,
  KmsResealStatus: kmsResealStatus,
};
