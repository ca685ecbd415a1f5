/** CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. */
import { IamError, alreadyExists, noSuchEntity } from '../store/iam-errors.js';
import { groupArn, newUniqueId } from '../store/iam-ids.js';
import type { AccountDocument, GroupRecord } from '../store/iam-records.js';
import { ENTITY, entityResource } from './entities.js';
import { PATH_RULE } from './iam-params.js';
import { cachedDoc, pageTail, paginate, type IamOperation } from './iam-operation.js';
import { members, wrap } from './iam-xml.js';
import { groupXml, userXml } from './render-entities.js';
import { USER_NAME, requireUser, userResource } from './users.js';

export const MAX_GROUPS = 300;
/** AWS's quota of groups a user can be in. */
export const MAX_GROUPS_PER_USER = 10;
const G = ENTITY.group;

function requireGroup(doc: AccountDocument, name: string): GroupRecord {
  const g = doc.groups[name];
  if (g === undefined) throw noSuchEntity('group', name);
  return g;
}

const createGroup: IamOperation = {
  resource: (call) => groupArn(call.accountId, call.params.optional('Path', PATH_RULE) ?? '/', call.params.required(G.field, G.rule)),
  async run(call) {
    const name = call.params.required(G.field, G.rule);
    const path = call.params.optional('Path', PATH_RULE) ?? '/';
    const group = await call.store.mutate(call.accountId, (doc, tools) => {
      if (Object.keys(doc.groups).some((n) => n.toLowerCase() === name.toLowerCase())) throw alreadyExists('group', name);
      if (Object.keys(doc.groups).length >= MAX_GROUPS) throw new IamError('LimitExceeded', `Cannot exceed quota for GroupsPerAccount: ${MAX_GROUPS}`);
      const g: GroupRecord = { name, id: newUniqueId('AGPA'), path, createDate: tools.now.toISOString(), inline: {}, attached: [] };
      doc.groups[name] = g;
      return g;
    });
    return wrap('Group', groupXml(call.accountId, group));
  },
};

const getGroup: IamOperation = {
  resource: (call) => entityResource(call, G),
  async run(call) {
    const doc = cachedDoc(call);
    const g = requireGroup(doc, call.params.required(G.field, G.rule));
    const users = Object.values(doc.users).filter((u) => u.groups.includes(g.name));
    const page = paginate(call.params, users, (u) => u.name);
    return wrap('Group', groupXml(call.accountId, g)) + members('Users', page.items.map((u) => userXml(call.accountId, u, false))) + pageTail(page);
  },
};

const listGroups: IamOperation = {
  resource: (call) => `arn:aws:iam::${call.accountId}:group/`,
  async run(call) {
    const prefix = call.params.optional('PathPrefix', { min: 1, max: 512 }) ?? '/';
    const page = paginate(call.params, Object.values(cachedDoc(call).groups).filter((g) => g.path.startsWith(prefix)), (g) => g.name);
    return members('Groups', page.items.map((g) => groupXml(call.accountId, g))) + pageTail(page);
  },
};

/**
 * UpdateGroup: a new name and / or path; the members and policies stay (AWS keeps the group's
 * id). EntityAlreadyExists when another group has the new name (case-insensitive).
 */
const updateGroup: IamOperation = {
  resource: (call) => entityResource(call, G),
  async run(call) {
    const name = call.params.required(G.field, G.rule);
    const newName = call.params.optional('NewGroupName', G.rule);
    const newPath = call.params.optional('NewPath', PATH_RULE);
    await call.store.mutate(call.accountId, (doc) => {
      const g = requireGroup(doc, name);
      if (newName !== undefined && newName !== name) {
        if (Object.keys(doc.groups).some((n) => n !== name && n.toLowerCase() === newName.toLowerCase())) throw alreadyExists('group', newName);
        delete doc.groups[name];
        g.name = newName;
        doc.groups[newName] = g;
        for (const u of Object.values(doc.users)) u.groups = u.groups.map((n) => (n === name ? newName : n));
      }
      if (newPath !== undefined) g.path = newPath;
    });
    return undefined;
  },
};

const deleteGroup: IamOperation = {
  resource: (call) => entityResource(call, G),
  async run(call) {
    const name = call.params.required(G.field, G.rule);
    await call.store.mutate(call.accountId, (doc) => {
      const g = requireGroup(doc, name);
      if (Object.values(doc.users).some((u) => u.groups.includes(name))) throw new IamError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
      if (Object.keys(g.inline).length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
      if (g.attached.length > 0) throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      delete doc.groups[name];
    });
    return undefined;
  },
};

const addUserToGroup: IamOperation = {
  resource: (call) => entityResource(call, G),
  async run(call) {
    const group = call.params.required(G.field, G.rule);
    const user = call.params.required('UserName', USER_NAME);
    await call.store.mutate(call.accountId, (doc) => {
      requireGroup(doc, group);
      const u = requireUser(doc, user);
      if (u.groups.includes(group)) return;
      if (u.groups.length >= MAX_GROUPS_PER_USER) throw new IamError('LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      u.groups.push(group);
    });
    return undefined;
  },
};

const removeUserFromGroup: IamOperation = {
  resource: (call) => entityResource(call, G),
  async run(call) {
    const group = call.params.required(G.field, G.rule);
    const user = call.params.required('UserName', USER_NAME);
    await call.store.mutate(call.accountId, (doc) => {
      requireGroup(doc, group);
      const u = requireUser(doc, user);
      if (!u.groups.includes(group)) throw new IamError('NoSuchEntity', `The user with name ${user} cannot be found in group ${group}.`);
      u.groups = u.groups.filter((n) => n !== group);
    });
    return undefined;
  },
};

const listGroupsForUser: IamOperation = {
  resource: (call) => userResource(call, call.params.required('UserName', USER_NAME)),
  async run(call) {
    const doc = cachedDoc(call);
    const u = requireUser(doc, call.params.required('UserName', USER_NAME));
    const groups = u.groups.map((n) => doc.groups[n]).filter((g): g is GroupRecord => g !== undefined);
    const page = paginate(call.params, groups, (g) => g.name);
    return members('Groups', page.items.map((g) => groupXml(call.accountId, g))) + pageTail(page);
  },
};

export const GROUP_OPERATIONS: Readonly<Record<string, IamOperation>> = {
  CreateGroup: createGroup, GetGroup: getGroup, ListGroups: listGroups, UpdateGroup: updateGroup, DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup, RemoveUserFromGroup: removeUserFromGroup, ListGroupsForUser: listGroupsForUser,
};
