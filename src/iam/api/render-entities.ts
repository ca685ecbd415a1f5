/**
 * The XML of IAM entities as AWS writes them (element order of the IAM API Reference data
 * types User, Group, Role, Policy, PolicyVersion, AccessKey, AccessKeyMetadata, Tag). Policy
 * documents are URL-encoded, as IAM returns them.
 */
import { awsManagedArn } from '../store/aws-managed-policies.js';
import { groupArn, policyArn, roleArn, userArn } from '../store/iam-ids.js';
import type {
  AccessKeyRecord, AccountDocument, GroupRecord, ManagedPolicyRecord, PolicyVersionRecord, RoleRecord, TagRecord, UserRecord,
} from '../store/iam-records.js';
import { el, isoTime, members, wrap } from './iam-xml.js';

export const encodeDocument = (text: string): string => encodeURIComponent(text);

export function tagsXml(tags: readonly TagRecord[]): string {
  return members('Tags', tags.map((t) => el('Key', t.Key) + el('Value', t.Value)));
}

function boundaryXml(arn: string | undefined): string {
  return arn === undefined ? '' : wrap('PermissionsBoundary', el('PermissionsBoundaryType', 'Policy') + el('PermissionsBoundaryArn', arn));
}

/** `full`: GetUser's form (boundary and tags); list forms omit them. */
export function userXml(accountId: string, u: UserRecord, full: boolean): string {
  return el('Path', u.path) + el('UserName', u.name) + el('UserId', u.id) + el('Arn', userArn(accountId, u.path, u.name))
    + el('CreateDate', isoTime(u.createDate))
    + (full ? boundaryXml(u.boundaryArn) + (u.tags.length > 0 ? tagsXml(u.tags) : '') : '');
}

export function groupXml(accountId: string, g: GroupRecord): string {
  return el('Path', g.path) + el('GroupName', g.name) + el('GroupId', g.id) + el('Arn', groupArn(accountId, g.path, g.name))
    + el('CreateDate', isoTime(g.createDate));
}

export function roleXml(accountId: string, r: RoleRecord, full: boolean): string {
  return el('Path', r.path) + el('RoleName', r.name) + el('RoleId', r.id) + el('Arn', roleArn(accountId, r.path, r.name))
    + el('CreateDate', isoTime(r.createDate)) + el('AssumeRolePolicyDocument', encodeDocument(r.trust))
    + el('Description', r.description) + el('MaxSessionDuration', r.maxSessionDuration)
    + (full ? boundaryXml(r.boundaryArn) : '') + (r.tags.length > 0 ? tagsXml(r.tags) : '');
}

/** How many users, groups and roles have the policy attached, and use it as boundary. */
export function policyUsage(doc: AccountDocument, arn: string): { attachments: number; boundaries: number } {
  let attachments = 0;
  let boundaries = 0;
  for (const e of [...Object.values(doc.users), ...Object.values(doc.groups), ...Object.values(doc.roles)]) {
    if (e.attached.includes(arn)) attachments++;
  }
  for (const e of [...Object.values(doc.users), ...Object.values(doc.roles)]) if (e.boundaryArn === arn) boundaries++;
  return { attachments, boundaries };
}

/** The ARN of a managed policy: the account's own, or an AWS-managed one. */
export function managedArn(doc: AccountDocument, p: ManagedPolicyRecord): string {
  return awsManagedArn(p) ?? policyArn(doc.account.id, p.path, p.name);
}

export function policyXml(doc: AccountDocument, p: ManagedPolicyRecord, full: boolean): string {
  const arn = managedArn(doc, p);
  const usage = policyUsage(doc, arn);
  return el('PolicyName', p.name) + el('PolicyId', p.id) + el('Arn', arn) + el('Path', p.path)
    + el('DefaultVersionId', p.defaultVersion) + el('AttachmentCount', usage.attachments)
    + el('PermissionsBoundaryUsageCount', usage.boundaries) + el('IsAttachable', true)
    + (full ? el('Description', p.description) : '')
    + el('CreateDate', isoTime(p.createDate)) + el('UpdateDate', isoTime(p.updateDate))
    + (full && p.tags.length > 0 ? tagsXml(p.tags) : '');
}

export function policyVersionXml(p: ManagedPolicyRecord, v: PolicyVersionRecord, withDocument: boolean): string {
  return (withDocument ? el('Document', encodeDocument(v.document)) : '') + el('VersionId', v.id)
    + el('IsDefaultVersion', v.id === p.defaultVersion) + el('CreateDate', isoTime(v.createDate));
}

export function accessKeyMetadataXml(k: AccessKeyRecord, userName: string): string {
  return el('UserName', userName) + el('AccessKeyId', k.accessKeyId) + el('Status', k.status) + el('CreateDate', isoTime(k.createDate));
}
