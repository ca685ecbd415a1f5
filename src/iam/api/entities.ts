/** Users, groups and roles seen alike where IAM treats them alike (inline and attached policies). */
import { noSuchEntity } from '../store/iam-errors.js';
import { groupArn, roleArn, userArn } from '../store/iam-ids.js';
import type { AccountDocument, GroupRecord, RoleRecord, UserRecord } from '../store/iam-records.js';
import { NAME_RULE, type StringRule } from './iam-params.js';
import { cachedDoc, pathOf, type IamCall } from './iam-operation.js';

export type EntityKind = 'user' | 'group' | 'role';

export interface EntityShape {
  readonly kind: EntityKind;
  /** The form field naming it: UserName, GroupName, RoleName. */
  readonly field: 'UserName' | 'GroupName' | 'RoleName';
  readonly rule: StringRule;
  /** Capitalized, for action names: User, Group, Role. */
  readonly title: 'User' | 'Group' | 'Role';
}

export const ENTITY: Readonly<Record<EntityKind, EntityShape>> = {
  user: { kind: 'user', field: 'UserName', rule: NAME_RULE(64), title: 'User' },
  group: { kind: 'group', field: 'GroupName', rule: NAME_RULE(128), title: 'Group' },
  role: { kind: 'role', field: 'RoleName', rule: NAME_RULE(64), title: 'Role' },
};

export type EntityRecord = UserRecord | GroupRecord | RoleRecord;

function table(doc: AccountDocument, kind: EntityKind): Record<string, EntityRecord> {
  return kind === 'user' ? doc.users : kind === 'group' ? doc.groups : doc.roles;
}

export function findEntity(doc: AccountDocument, kind: EntityKind, name: string): EntityRecord | undefined {
  return table(doc, kind)[name];
}

export function requireEntity(doc: AccountDocument, kind: EntityKind, name: string): EntityRecord {
  const e = findEntity(doc, kind, name);
  if (e === undefined) throw noSuchEntity(kind, name);
  return e;
}

export function entityArn(accountId: string, kind: EntityKind, path: string, name: string): string {
  return kind === 'user' ? userArn(accountId, path, name) : kind === 'group' ? groupArn(accountId, path, name) : roleArn(accountId, path, name);
}

/** The ARN of the entity the request names (its path when it exists). */
export function entityResource(call: IamCall, shape: EntityShape): string {
  const name = call.params.required(shape.field, shape.rule);
  return entityArn(call.accountId, shape.kind, pathOf(findEntity(cachedDoc(call), shape.kind, name)), name);
}
