/** The IAM admin endpoints of access keys (MinIO's service accounts; paths: ../iam-routes.ts). */
import type { AdminEndpoint } from './endpoint.js';
import { inAccount, jsonBody, optionalString, param, requiredParam, statusParam, statusWord } from './iam-call.js';

export const iamAddAccessKey: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const body = jsonBody(req);
  const user = optionalString(body, 'user');
  const accessKey = optionalString(body, 'accessKey');
  const secretKey = optionalString(body, 'secretKey');
  const expiration = optionalString(body, 'expiration');
  const made = await ids.addAccessKey(accountId, {
    ...(user !== undefined ? { user } : {}), ...(accessKey !== undefined ? { accessKey } : {}),
    ...(secretKey !== undefined ? { secretKey } : {}), ...(expiration !== undefined ? { expiration } : {}),
  });
  return { status: 200, document: made };
});

export const iamListAccessKeys: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: { accountId, accessKeys: ids.listAccessKeys(accountId, param(req, 'user')) } }
));

export const iamAccessKeyInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: ids.accessKeyInfo(accountId, requiredParam(req, 'accessKey')) }
));

export const iamRemoveAccessKey: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const accessKey = requiredParam(req, 'accessKey');
  await ids.removeAccessKey(accountId, accessKey);
  return { status: 200, document: { accountId, done: 'removed', accessKey } };
});

export const iamSetAccessKeyStatus: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const accessKey = requiredParam(req, 'accessKey');
  const enabled = statusParam(req);
  await ids.setAccessKeyStatus(accountId, accessKey, enabled);
  return { status: 200, document: { accountId, done: statusWord(enabled), accessKey } };
});
