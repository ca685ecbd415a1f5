/** CreateRole, GetRole, ListRoles, DeleteRole, UpdateRole, UpdateAssumeRolePolicy. */
import { IamError, alreadyExists, noSuchEntity } from '../store/iam-errors.js';
import { newUniqueId, roleArn } from '../store/iam-ids.js';
import type { AccountDocument, RoleRecord } from '../store/iam-records.js';
import { ENTITY, entityResource } from './entities.js';
import { PATH_RULE } from './iam-params.js';
import { cachedDoc, pageTail, paginate, type IamOperation } from './iam-operation.js';
import { members, wrap } from './iam-xml.js';
import { POLICY_DOCUMENT_RULE, validatePolicyDocument } from './policy-documents.js';
import { roleXml } from './render-entities.js';
import { checkTags } from './tag-rules.js';
import { checkBoundary } from './users.js';

export const MAX_ROLES = 1000;
export const SESSION_DURATION = { min: 3600, max: 43200 };
/** AWS's quota of a role trust policy's length (characters without white space). */
export const MAX_TRUST_CHARS = 2048;
const R = ENTITY.role;
const DESCRIPTION = { max: 1000 };

export function requireRole(doc: AccountDocument, name: string): RoleRecord {
  const r = doc.roles[name];
  if (r === undefined) throw noSuchEntity('role', name);
  return r;
}

function checkTrust(text: string): void {
  validatePolicyDocument(text, 'trust');
  if (text.replace(/\s/g, '').length > MAX_TRUST_CHARS) {
    throw new IamError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${MAX_TRUST_CHARS}`);
  }
}

const createRole: IamOperation = {
  resource: (call) => roleArn(call.accountId, call.params.optional('Path', PATH_RULE) ?? '/', call.params.required(R.field, R.rule)),
  async run(call) {
    const name = call.params.required(R.field, R.rule);
    const path = call.params.optional('Path', PATH_RULE) ?? '/';
    const trust = call.params.required('AssumeRolePolicyDocument', POLICY_DOCUMENT_RULE);
    const description = call.params.optional('Description', DESCRIPTION);
    const maxSessionDuration = call.params.int('MaxSessionDuration', SESSION_DURATION) ?? 3600;
    const boundary = call.params.optional('PermissionsBoundary', { min: 20, max: 2048 });
    const tags = checkTags(call.params.tags('Tags'));
    checkTrust(trust);
    const role = await call.store.mutate(call.accountId, (doc, tools) => {
      if (Object.keys(doc.roles).some((n) => n.toLowerCase() === name.toLowerCase())) throw alreadyExists('role', name);
      if (Object.keys(doc.roles).length >= MAX_ROLES) throw new IamError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${MAX_ROLES}`);
      if (boundary !== undefined) checkBoundary(doc, boundary);
      const r: RoleRecord = {
        name, id: newUniqueId('AROA'), path, createDate: tools.now.toISOString(), trust, maxSessionDuration, tags, inline: {}, attached: [],
        ...(description !== undefined ? { description } : {}), ...(boundary !== undefined ? { boundaryArn: boundary } : {}),
      };
      doc.roles[name] = r;
      return r;
    });
    return wrap('Role', roleXml(call.accountId, role, true));
  },
};

const getRole: IamOperation = {
  resource: (call) => entityResource(call, R),
  async run(call) {
    return wrap('Role', roleXml(call.accountId, requireRole(cachedDoc(call), call.params.required(R.field, R.rule)), true));
  },
};

const listRoles: IamOperation = {
  resource: (call) => `arn:aws:iam::${call.accountId}:role/`,
  async run(call) {
    const prefix = call.params.optional('PathPrefix', { min: 1, max: 512 }) ?? '/';
    const page = paginate(call.params, Object.values(cachedDoc(call).roles).filter((r) => r.path.startsWith(prefix)), (r) => r.name);
    return members('Roles', page.items.map((r) => roleXml(call.accountId, r, false))) + pageTail(page);
  },
};

const deleteRole: IamOperation = {
  resource: (call) => entityResource(call, R),
  async run(call) {
    const name = call.params.required(R.field, R.rule);
    await call.store.mutate(call.accountId, (doc) => {
      const r = requireRole(doc, name);
      if (Object.keys(r.inline).length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
      if (r.attached.length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      delete doc.roles[name];
    });
    return undefined;
  },
};

const updateRole: IamOperation = {
  resource: (call) => entityResource(call, R),
  async run(call) {
    const name = call.params.required(R.field, R.rule);
    const description = call.params.optional('Description', DESCRIPTION);
    const duration = call.params.int('MaxSessionDuration', SESSION_DURATION);
    await call.store.mutate(call.accountId, (doc) => {
      const r = requireRole(doc, name);
      if (description !== undefined) r.description = description;
      if (duration !== undefined) r.maxSessionDuration = duration;
    });
    return '';
  },
};

const updateAssumeRolePolicy: IamOperation = {
  resource: (call) => entityResource(call, R),
  async run(call) {
    const name = call.params.required(R.field, R.rule);
    const trust = call.params.required('PolicyDocument', POLICY_DOCUMENT_RULE);
    checkTrust(trust);
    await call.store.mutate(call.accountId, (doc) => { requireRole(doc, name).trust = trust; });
    return undefined;
  },
};

export const ROLE_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  CreateRole: createRole, GetRole: getRole, ListRoles: listRoles, DeleteRole: deleteRole,
  UpdateRole: updateRole, UpdateAssumeRolePolicy: updateAssumeRolePolicy,
};
