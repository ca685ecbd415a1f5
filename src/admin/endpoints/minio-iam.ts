/**
 * MinIO's IAM admin paths (madmin-go's documents) over the same IdentityAdmin as Cairn's
 * cairn/iam/* paths (list in ../iam-routes.ts). A MinIO "user" (accessKey=) is an IAM user name;
 * a "service account" is an access key. Answers that madmin reads with DecryptData
 * (list-users, list-service-accounts, info-service-account) are sent `encrypted`.
 */
import { AdminError } from '../admin-error.js';
import type { IamAccessKeyDoc, IamUserDoc } from '../iam-wire-types.js';
import type { AdminEndpoint } from './endpoint.js';
import { inAccount, jsonBody, optionalString, param, refuseOwnStatus, requiredParam, statusParam, stringList } from './iam-call.js';
import type { MinioServiceAccountInfo, MinioUserInfo } from './minio-iam-types.js';

const OK = { status: 200, document: {} } as const;
export { OK as MINIO_OK };

function userInfo(u: IamUserDoc): MinioUserInfo {
  return {
    status: u.status, ...(u.policyName.length > 0 ? { policyName: u.policyName.join(',') } : {}),
    ...(u.memberOf.length > 0 ? { memberOf: u.memberOf } : {}), updatedAt: u.createDate,
  };
}

function serviceAccount(k: IamAccessKeyDoc): MinioServiceAccountInfo {
  return {
    parentUser: k.parentUser ?? '', accountStatus: k.accountStatus === 'enabled' ? 'on' : 'off', impliedPolicy: true, accessKey: k.accessKey,
    ...(k.expiration !== undefined ? { expiration: k.expiration } : {}),
  };
}

export const minioListUsers: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => ({
  status: 200, encrypted: true, document: Object.fromEntries(ids.listUsers(accountId).map((u) => [u.userName, userInfo(u)])),
}));

export const minioUserInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: userInfo(ids.userInfo(accountId, requiredParam(req, 'accessKey'))) }
));

export const minioRemoveUser: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  await ids.removeUser(accountId, requiredParam(req, 'accessKey'));
  return OK;
});

export const minioSetUserStatus: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async (scope) => {
  const user = requiredParam(req, 'accessKey');
  const enabled = statusParam(req);
  refuseOwnStatus(req, scope, user);
  await scope.identities.setUserStatus(scope.accountId, user, enabled);
  return OK;
});

export const minioAddCannedPolicy: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const name = requiredParam(req, 'name');
  if (req.body.trim() === '') throw new AdminError('XMinioAdminInvalidArgument', 'The policy document (the request body) is empty.');
  await ids.addPolicy(accountId, name, req.body);
  return OK;
});

export const minioRemoveCannedPolicy: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  await ids.removePolicy(accountId, requiredParam(req, 'name'));
  return OK;
});

export const minioListCannedPolicies: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => ({
  status: 200, document: Object.fromEntries(ids.listPolicies(accountId).map((p) => [p.policyName, p.policy])),
}));

export const minioInfoCannedPolicy: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => {
  const p = ids.policyInfo(accountId, requiredParam(req, 'name'));
  if (param(req, 'v') === '2') {
    return { status: 200, document: { PolicyName: p.policyName, Policy: p.policy, CreateDate: p.createDate, UpdateDate: p.updateDate } };
  }
  return { status: 200, document: p.policy as Readonly<Record<string, unknown>> };
});

export const minioUpdateGroupMembers: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const body = jsonBody(req);
  const group = optionalString(body, 'group');
  if (group === undefined) throw new AdminError('XMinioAdminInvalidArgument', 'The body names no group.');
  await ids.updateGroupMembers(accountId, { group, members: stringList(body, 'members'), isRemove: body['isRemove'] === true });
  return OK;
});

export const minioListGroups: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: ids.listGroups(accountId).map((g) => g.name) }
));

export const minioGroupInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => {
  const g = ids.groupInfo(accountId, requiredParam(req, 'group'));
  return { status: 200, document: { name: g.name, status: g.status, members: g.members, policy: g.policy.join(','), updatedAt: g.createDate } };
});

export const minioSetGroupStatus: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  await ids.setGroupStatus(accountId, requiredParam(req, 'group'), statusParam(req));
  return OK;
});

export const minioListServiceAccounts: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => ({
  status: 200, encrypted: true, document: { accounts: ids.listAccessKeys(accountId, param(req, 'user')).map(serviceAccount) },
}));

export const minioInfoServiceAccount: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => {
  const { accessKey: _k, ...info } = serviceAccount(ids.accessKeyInfo(accountId, requiredParam(req, 'accessKey')));
  return { status: 200, encrypted: true, document: { ...info, policy: '' } };
});

export const minioDeleteServiceAccount: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  await ids.removeAccessKey(accountId, requiredParam(req, 'accessKey'));
  return { status: 204, document: {} };
});
