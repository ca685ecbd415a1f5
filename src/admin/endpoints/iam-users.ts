/** The IAM admin endpoints of users and groups (paths: ../iam-routes.ts). */
import { AdminError } from '../admin-error.js';
import type { AdminEndpoint } from './endpoint.js';
import { inAccount, jsonBody, optionalString, refuseOwnStatus, requiredParam, statusParam, statusWord, stringList } from './iam-call.js';

export const iamAddUser: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const user = requiredParam(req, 'user');
  const secretKey = optionalString(jsonBody(req), 'secretKey');
  return { status: 200, document: await ids.addUser(accountId, user, secretKey) };
});

export const iamListUsers: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: { accountId, users: ids.listUsers(accountId) } }
));

export const iamUserInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: ids.userInfo(accountId, requiredParam(req, 'user')) }
));

export const iamRemoveUser: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const user = requiredParam(req, 'user');
  await ids.removeUser(accountId, user);
  return { status: 200, document: { accountId, done: 'removed', user } };
});

export const iamSetUserStatus: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async (scope) => {
  const { identities: ids, accountId } = scope;
  const user = requiredParam(req, 'user');
  const enabled = statusParam(req);
  refuseOwnStatus(req, scope, user);
  await ids.setUserStatus(accountId, user, enabled);
  return { status: 200, document: { accountId, done: statusWord(enabled), user } };
});

export const iamUpdateGroupMembers: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const body = jsonBody(req);
  const group = optionalString(body, 'group');
  if (group === undefined) throw new AdminError('XMinioAdminInvalidArgument', 'The body names no group.');
  const members = stringList(body, 'members');
  const isRemove = body['isRemove'] === true;
  if (!isRemove && members.length === 0) throw new AdminError('XMinioAdminInvalidArgument', 'Adding to a group needs at least one member.');
  const out = await ids.updateGroupMembers(accountId, { group, members, isRemove });
  if (out === 'removed') {
    return { status: 200, document: { accountId, group, removed: true, members: [] } };
  }
  return { status: 200, document: { accountId, group, removed: false, members: out.members } };
});

export const iamListGroups: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: { accountId, groups: ids.listGroups(accountId) } }
));

export const iamGroupInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: ids.groupInfo(accountId, requiredParam(req, 'group')) }
));

export const iamSetGroupStatus: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const group = requiredParam(req, 'group');
  const enabled = statusParam(req);
  await ids.setGroupStatus(accountId, group, enabled);
  return { status: 200, document: { accountId, done: statusWord(enabled), group } };
});
