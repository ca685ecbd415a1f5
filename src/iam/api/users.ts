/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser (AWS IAM API Reference). */
import { IamError, alreadyExists, noSuchEntity } from '../store/iam-errors.js';
import { newUniqueId, rootArn, userArn } from '../store/iam-ids.js';
import type { AccountDocument, UserRecord } from '../store/iam-records.js';
import { managedPolicyOf } from '../store/principal-policies.js';
import { NAME_RULE, PATH_RULE } from './iam-params.js';
import { cachedDoc, pageTail, paginate, pathOf, type IamCall, type IamOperation } from './iam-operation.js';
import { members, el, isoTime, wrap } from './iam-xml.js';
import { userXml } from './render-entities.js';
import { checkTags } from './tag-rules.js';

export const MAX_USERS = 5000;
export const USER_NAME = NAME_RULE(64);

export function requireUser(doc: AccountDocument, name: string): UserRecord {
  const u = doc.users[name];
  if (u === undefined) throw noSuchEntity('user', name);
  return u;
}

/**
 * `UserName` when given, else the calling IAM user (undefined for an account root: the root's
 * own keys). Any other caller (an assumed role, a federated session) must name the user: AWS
 * answers ValidationError "Must specify userName when calling with non-User credentials"
 * (IAM API Reference, GetUser / ListAccessKeys: "the user name is determined implicitly based
 * on the AWS access key ID used to sign the request").
 */
export function targetUserName(call: IamCall): string | undefined {
  const given = call.params.optional('UserName', USER_NAME);
  if (given !== undefined) return given;
  const { principal } = call.caller;
  if (principal.type === 'User' && principal.username !== undefined) return principal.username;
  if (principal.type === 'Account') return undefined;
  throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

export function userResource(call: IamCall, name: string | undefined): string {
  if (name === undefined) return rootArn(call.accountId);
  return userArn(call.accountId, pathOf(cachedDoc(call).users[name]), name);
}

/** A permissions boundary must name an existing managed policy of the account. */
export function checkBoundary(doc: AccountDocument, arn: string): void {
  if (managedPolicyOf(doc, arn) === undefined) throw new IamError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
}

const createUser: IamOperation = {
  resource: (call) => userArn(call.accountId, call.params.optional('Path', PATH_RULE) ?? '/', call.params.required('UserName', USER_NAME)),
  async run(call) {
    const name = call.params.required('UserName', USER_NAME);
    const path = call.params.optional('Path', PATH_RULE) ?? '/';
    const boundary = call.params.optional('PermissionsBoundary', { min: 20, max: 2048 });
    const tags = checkTags(call.params.tags('Tags'));
    const user = await call.store.mutate(call.accountId, (doc, tools) => {
      if (Object.keys(doc.users).some((n) => n.toLowerCase() === name.toLowerCase())) throw alreadyExists('user', name);
      if (Object.keys(doc.users).length >= MAX_USERS) throw new IamError('LimitExceeded', `Cannot exceed quota for UsersPerAccount: ${MAX_USERS}`);
      if (boundary !== undefined) checkBoundary(doc, boundary);
      const u: UserRecord = {
        name, id: newUniqueId('AIDA'), path, createDate: tools.now.toISOString(), tags, inline: {}, attached: [], groups: [],
        ...(boundary !== undefined ? { boundaryArn: boundary } : {}),
      };
      doc.users[name] = u;
      return u;
    });
    return wrap('User', userXml(call.accountId, user, true));
  },
};

const getUser: IamOperation = {
  resource: (call) => userResource(call, targetUserName(call)),
  async run(call) {
    const name = targetUserName(call);
    const doc = cachedDoc(call);
    if (name === undefined) {
      // The account root asking about itself: AWS answers with the root user.
      return wrap('User', el('UserId', call.accountId) + el('Arn', rootArn(call.accountId)) + el('CreateDate', isoTime(doc.account.createDate)));
    }
    return wrap('User', userXml(call.accountId, requireUser(doc, name), true));
  },
};

const listUsers: IamOperation = {
  resource: (call) => `arn:aws:iam::${call.accountId}:user/`,
  async run(call) {
    const prefix = call.params.optional('PathPrefix', { min: 1, max: 512 }) ?? '/';
    const doc = cachedDoc(call);
    const page = paginate(call.params, Object.values(doc.users).filter((u) => u.path.startsWith(prefix)), (u) => u.name);
    return members('Users', page.items.map((u) => userXml(call.accountId, u, false))) + pageTail(page);
  },
};

const updateUser: IamOperation = {
  resource: (call) => userResource(call, call.params.required('UserName', USER_NAME)),
  async run(call) {
    const name = call.params.required('UserName', USER_NAME);
    const newName = call.params.optional('NewUserName', USER_NAME);
    const newPath = call.params.optional('NewPath', PATH_RULE);
    await call.store.mutate(call.accountId, (doc) => {
      const u = requireUser(doc, name);
      if (newPath !== undefined) u.path = newPath;
      if (newName !== undefined && newName !== name) {
        if (Object.keys(doc.users).some((n) => n.toLowerCase() === newName.toLowerCase() && n !== name)) throw alreadyExists('user', newName);
        delete doc.users[name];
        u.name = newName;
        doc.users[newName] = u;
        for (const k of Object.values(doc.keys)) if (k.userName === name) k.userName = newName;
      }
    });
    return undefined;
  },
};

const deleteUser: IamOperation = {
  resource: (call) => userResource(call, call.params.required('UserName', USER_NAME)),
  async run(call) {
    const name = call.params.required('UserName', USER_NAME);
    await call.store.mutate(call.accountId, (doc) => {
      const u = requireUser(doc, name);
      if (Object.values(doc.keys).some((k) => k.userName === name)) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
      if (Object.keys(u.inline).length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
      if (u.attached.length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      if (u.groups.length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
      delete doc.users[name];
    });
    return undefined;
  },
};

export const USER_OPERATIONS = {
  CreateUser: createUser, GetUser: getUser, ListUsers: listUsers, UpdateUser: updateUser, DeleteUser: deleteUser,
} as const;
