/** The IAM admin endpoints of managed policies (paths: ../iam-routes.ts). */
import { AdminError } from '../admin-error.js';
import type { AdminEndpoint, AdminRequest } from './endpoint.js';
import { inAccount, jsonBody, optionalString, requiredParam, stringList } from './iam-call.js';

export const iamAddPolicy: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const name = requiredParam(req, 'name');
  if (req.body.trim() === '') throw new AdminError('XMinioAdminInvalidArgument', 'The policy document (the request body) is empty.');
  return { status: 200, document: await ids.addPolicy(accountId, name, req.body) };
});

export const iamListPolicies: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: { accountId, policies: ids.listPolicies(accountId) } }
));

export const iamPolicyInfo: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => (
  { status: 200, document: ids.policyInfo(accountId, requiredParam(req, 'name')) }
));

export const iamRemovePolicy: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const policyName = requiredParam(req, 'name');
  await ids.removePolicy(accountId, policyName);
  return { status: 200, document: { accountId, done: 'removed', policyName } };
});

function association(req: AdminRequest): { policies: string[]; user?: string; group?: string } {
  const body = jsonBody(req);
  const policies = stringList(body, 'policies');
  const user = optionalString(body, 'user');
  const group = optionalString(body, 'group');
  if (policies.length === 0) throw new AdminError('XMinioAdminInvalidArgument', 'No policy named.');
  if ((user === undefined) === (group === undefined)) throw new AdminError('XMinioAdminInvalidArgument', 'Name either a user or a group.');
  return { policies, ...(user !== undefined ? { user } : {}), ...(group !== undefined ? { group } : {}) };
}

function associate(attach: boolean): AdminEndpoint {
  return (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
    const input = association(req);
    const changed = await ids.associatePolicies(accountId, input, attach);
    if (changed.length === 0) throw new AdminError('XMinioAdminPolicyChangeAlreadyApplied', 'The specified policy change is already in effect.');
    const who = input.user !== undefined ? { user: input.user } : { group: input.group! };
    return { status: 200, document: { accountId, ...(attach ? { policiesAttached: changed } : { policiesDetached: changed }), ...who } };
  });
}

export const iamAttachPolicy = associate(true);
export const iamDetachPolicy = associate(false);

export const iamPolicyEntities: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, ({ identities: ids, accountId }) => {
  const all = (name: string): string[] => req.route.query?.getAll(name).filter((v) => v !== '') ?? [];
  const found = ids.policyEntities(accountId, { users: all('user'), groups: all('group'), policies: all('policy') });
  return { status: 200, document: { accountId, ...found } };
});
