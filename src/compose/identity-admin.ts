/**
 * IdentityAdmin (admin/identity-admin.ts) over the IAM store: users and groups here, policies in
 * identity-admin-policies.ts, access keys in identity-admin-keys.ts. Creating users and groups
 * and changing memberships run the IAM API's actions (iam-action-runner.ts). What IAM has no
 * action for is done here in one `store.mutate`: enabling / disabling a user or group (MinIO's
 * set-user-status / set-group-status), removing a user with everything it holds (as
 * `mc admin user rm`), removing an empty group with its policies.
 */
import type { IdentityAdmin } from '../admin/identity-admin.js';
import { adminDeniedMessage, adminPolicyAllows } from '../admin/admin-policy.js';
import type { IamGroupDoc, IamUserDoc } from '../admin/iam-wire-types.js';
import type { CallerDirectory } from '../iam/caller.js';
import { CLUSTER_ACCOUNT_ID } from '../iam/caller.js';
import { requireUser } from '../iam/api/users.js';
import { IamError, type AccountDocument, type GroupRecord, type IamStore, type UserRecord } from '../iam/store/index.js';
import { noSuchEntity } from '../iam/store/iam-errors.js';
import { groupArn, userArn } from '../iam/store/iam-ids.js';
import { accountDoc, iamActionRunner } from './iam-action-runner.js';
import { checkKeyInput, keyAdmin } from './identity-admin-keys.js';
import { attachedNames, policyAdmin } from './identity-admin-policies.js';

export interface IdentityAdminDeps {
  readonly store: IamStore;
  /** The callers (IAM store's and STS sessions'), to tell who signed an admin request. */
  readonly callers: CallerDirectory;
  /** Whether an access key signs already anywhere (the cluster root's, any account's). */
  readonly keyInUse: (accessKey: string) => boolean;
}

function userDoc(doc: AccountDocument, u: UserRecord): IamUserDoc {
  return {
    accountId: doc.account.id, userName: u.name, arn: userArn(doc.account.id, u.path, u.name), userId: u.id, createDate: u.createDate,
    status: u.disabled === true ? 'disabled' : 'enabled', policyName: attachedNames(u.attached), inlinePolicies: Object.keys(u.inline),
    memberOf: [...u.groups], accessKeys: Object.values(doc.keys).filter((k) => k.userName === u.name).map((k) => k.accessKeyId).sort(),
  };
}

function requireGroup(doc: AccountDocument, name: string): GroupRecord {
  const g = doc.groups[name];
  if (g === undefined) throw noSuchEntity('group', name);
  return g;
}

function groupDoc(doc: AccountDocument, g: GroupRecord): IamGroupDoc {
  return {
    accountId: doc.account.id, name: g.name, arn: groupArn(doc.account.id, g.path, g.name), createDate: g.createDate,
    status: g.disabled === true ? 'disabled' : 'enabled',
    members: Object.values(doc.users).filter((u) => u.groups.includes(g.name)).map((u) => u.name).sort(),
    policy: attachedNames(g.attached),
  };
}

function findAccount(store: IamStore, ref: string): string | undefined {
  if (store.account(ref) !== undefined) return ref;
  return store.accounts().find((s) => s.doc.account.name.toLowerCase() === ref.toLowerCase())?.doc.account.id;
}

export function createIdentityAdmin(deps: IdentityAdminDeps): IdentityAdmin {
  const { store } = deps;
  const run = iamActionRunner(store);
  const keys = keyAdmin({ store, keyInUse: deps.keyInUse });
  return {
    ...keys,
    ...policyAdmin(store, run),
    actingAccount({ accessKey, sessionToken, requested, action, facts }) {
      const caller = deps.callers.resolve(accessKey, sessionToken);
      if (caller === undefined) return { denied: 'Access Denied: the signing key is no longer valid.' };
      if (caller.principal.type !== 'Account') {
        // MinIO's admin policies: an IAM user (or its session) whose policies allow the action, in its own account.
        if (!adminPolicyAllows(caller, action, facts)) return { denied: adminDeniedMessage(caller, action, 'account') };
        if (requested === undefined || requested === '' || findAccount(store, requested) === caller.account.id) return caller.account.id;
        return { denied: `Access Denied: an IAM user acts in its own account only, not in ${requested}.` };
      }
      if (requested === undefined || requested === '') return caller.isClusterRoot ? CLUSTER_ACCOUNT_ID : caller.account.id;
      const id = findAccount(store, requested);
      if (caller.isClusterRoot) {
        if (id === undefined) throw noSuchEntity('account', requested);
        return id;
      }
      return id === caller.account.id ? id : { denied: `Access Denied: an account root acts in its own account only, not in ${requested}.` };
    },
    async addUser(accountId, name, secretKey) {
      const key = secretKey === undefined ? undefined : { user: name, accessKey: name, secretKey };
      if (key !== undefined) checkKeyInput(key, { store, keyInUse: deps.keyInUse });
      await run(accountId, 'CreateUser', { UserName: name });
      if (key !== undefined) {
        try {
          await keys.addAccessKey(accountId, key);
        } catch (err) {
          await run(accountId, 'DeleteUser', { UserName: name }); // the user is new and holds nothing yet
          throw err;
        }
      }
      const doc = accountDoc(store, accountId);
      return { ...userDoc(doc, requireUser(doc, name)), ...(key !== undefined ? { accessKey: name } : {}) };
    },
    listUsers(accountId) {
      const doc = accountDoc(store, accountId);
      return Object.values(doc.users).sort((a, b) => a.name.localeCompare(b.name)).map((u) => userDoc(doc, u));
    },
    userInfo(accountId, name) {
      const doc = accountDoc(store, accountId);
      return userDoc(doc, requireUser(doc, name));
    },
    async removeUser(accountId, name) {
      await store.mutate(accountId, (doc) => {
        requireUser(doc, name);
        for (const k of Object.values(doc.keys)) if (k.userName === name) delete doc.keys[k.accessKeyId];
        delete doc.users[name];
      });
    },
    async setUserStatus(accountId, name, enabled) {
      await store.mutate(accountId, (doc) => {
        const u = requireUser(doc, name);
        if (enabled) delete u.disabled; else u.disabled = true;
      });
    },
    async updateGroupMembers(accountId, input) {
      const before = accountDoc(store, accountId);
      for (const m of input.members) requireUser(before, m);
      if (input.isRemove) {
        if (input.members.length === 0) {
          await store.mutate(accountId, (doc) => {
            requireGroup(doc, input.group);
            if (Object.values(doc.users).some((u) => u.groups.includes(input.group))) {
              throw new IamError('DeleteConflict', `The group ${input.group} is not empty: remove its members first.`);
            }
            delete doc.groups[input.group];
          });
          return 'removed';
        }
        requireGroup(before, input.group);
        for (const m of input.members) {
          if (before.users[m]!.groups.includes(input.group)) await run(accountId, 'RemoveUserFromGroup', { GroupName: input.group, UserName: m });
        }
      } else {
        if (before.groups[input.group] === undefined) await run(accountId, 'CreateGroup', { GroupName: input.group });
        for (const m of input.members) await run(accountId, 'AddUserToGroup', { GroupName: input.group, UserName: m });
      }
      const doc = accountDoc(store, accountId);
      return groupDoc(doc, requireGroup(doc, input.group));
    },
    listGroups(accountId) {
      const doc = accountDoc(store, accountId);
      return Object.values(doc.groups).sort((a, b) => a.name.localeCompare(b.name)).map((g) => groupDoc(doc, g));
    },
    groupInfo(accountId, name) {
      const doc = accountDoc(store, accountId);
      return groupDoc(doc, requireGroup(doc, name));
    },
    async setGroupStatus(accountId, name, enabled) {
      await store.mutate(accountId, (doc) => {
        const g = requireGroup(doc, name);
        if (enabled) delete g.disabled; else g.disabled = true;
      });
    },
  };
}
