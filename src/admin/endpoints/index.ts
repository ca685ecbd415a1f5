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
import { kmsKeyRotate, kmsResealStart, kmsResealStatus } from './kms-reseal.js';
import { serverInfo } from './server-info.js';

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
  KmsKeyRotate: kmsKeyRotate,
  KmsResealStart: kmsResealStart,
  KmsResealStatus: kmsResealStatus,
};
