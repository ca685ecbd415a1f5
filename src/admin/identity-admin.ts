/**
 * What the admin API's IAM endpoints (endpoints/iam-*.ts) read and change: the users, groups,
 * managed policies and access keys of one account. compose/identity-admin.ts implements it over
 * the IAM store, running the IAM API's own actions (CreateUser, AttachUserPolicy, ...) where
 * one fits, so names, limits and errors are IAM's. Failures are IamErrors (iam/store), mapped
 * to admin errors by endpoints/iam-call.ts.
 *
 * Who acts where (`actingAccount`): the cluster root acts in the cluster account, or in any
 * account it names (`?account=` id or name); an account root acts in its own account only; an
 * IAM user (its keys, its sessions, an assumed role) acts in its own account only, and only when
 * its policies allow the route's `admin:` action (MinIO's admin policies, admin-policy.ts).
 */
import type { AdminRequestFacts } from './admin-policy.js';
import type {
  IamAccessKeyCreatedDocument, IamAccessKeyDoc, IamGroupDoc, IamPolicyDoc, IamPolicyEntitiesDocument, IamUserAddedDocument, IamUserDoc,
} from './iam-wire-types.js';

export interface AccessKeyInput {
  /** The IAM user owning the key; absent: a key of the account root. */
  readonly user?: string;
  /** Given key pair (both or neither). */
  readonly accessKey?: string;
  readonly secretKey?: string;
  /** ISO 8601, in the future. */
  readonly expiration?: string;
}

export interface ActingInput {
  readonly accessKey: string;
  readonly sessionToken: string | undefined;
  /** `?account=` (id or name), when given. */
  readonly requested: string | undefined;
  /** The route's MinIO admin action (`admin:CreateUser`), checked against an IAM user's policies. */
  readonly action: string;
  readonly facts: AdminRequestFacts;
}

export interface GroupMembersInput {
  readonly group: string;
  readonly members: readonly string[];
  /** Remove `members`; with no members: remove the (empty) group. */
  readonly isRemove: boolean;
}

export interface PolicyAssociationInput {
  readonly policies: readonly string[];
  readonly user?: string;
  readonly group?: string;
}

export interface EntitiesFilter {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly policies: readonly string[];
}

export interface IdentityAdmin {
  /** The account id the caller acts in, or why it may not. */
  actingAccount(input: ActingInput): string | { readonly denied: string };

  addUser(accountId: string, name: string, secretKey?: string): Promise<IamUserAddedDocument>;
  listUsers(accountId: string): IamUserDoc[];
  userInfo(accountId: string, name: string): IamUserDoc;
  /** Removes the user with its keys, inline policies, attachments and group memberships (mc admin user rm). */
  removeUser(accountId: string, name: string): Promise<void>;
  setUserStatus(accountId: string, name: string, enabled: boolean): Promise<void>;

  /** Adds members (creating the group if needed) or removes them; removes an empty group. */
  updateGroupMembers(accountId: string, input: GroupMembersInput): Promise<IamGroupDoc | 'removed'>;
  listGroups(accountId: string): IamGroupDoc[];
  groupInfo(accountId: string, name: string): IamGroupDoc;
  setGroupStatus(accountId: string, name: string, enabled: boolean): Promise<void>;

  /** Creates the managed policy, or makes `text` its new default version. */
  addPolicy(accountId: string, name: string, text: string): Promise<IamPolicyDoc>;
  listPolicies(accountId: string): IamPolicyDoc[];
  policyInfo(accountId: string, name: string): IamPolicyDoc;
  /** Removes the policy with all its versions (refused while attached). */
  removePolicy(accountId: string, name: string): Promise<void>;
  /** Attaches or detaches; answers the names that changed. */
  associatePolicies(accountId: string, input: PolicyAssociationInput, attach: boolean): Promise<string[]>;
  policyEntities(accountId: string, filter: EntitiesFilter): Omit<IamPolicyEntitiesDocument, 'accountId'>;

  addAccessKey(accountId: string, input: AccessKeyInput): Promise<IamAccessKeyCreatedDocument>;
  /** `user` undefined: every key of the account (root's and users'). */
  listAccessKeys(accountId: string, user?: string): IamAccessKeyDoc[];
  accessKeyInfo(accountId: string, accessKey: string): IamAccessKeyDoc;
  removeAccessKey(accountId: string, accessKey: string): Promise<void>;
  setAccessKeyStatus(accountId: string, accessKey: string, enabled: boolean): Promise<void>;
  /** A new secret for the key (MinIO's add-user of an existing user, update-service-account). */
  setAccessKeySecret(accountId: string, accessKey: string, secretKey: string): Promise<void>;
  /** A new expiration (ISO 8601, in the future). */
  setAccessKeyExpiration(accountId: string, accessKey: string, expiration: string): Promise<void>;
}
