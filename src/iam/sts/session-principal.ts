/**
 * The policy-engine principal of a session (AWS IAM User Guide, "IAM identifiers" and "AWS
 * global condition context keys"): an assumed role is `arn:aws:sts::ACCT:assumed-role/NAME/SESSION`
 * with `aws:userid` `ROLEID:SESSION` and `aws:PrincipalArn` the role's ARN; session tags
 * override role tags of the same key.
 */
import type { PrincipalInfo } from '../policy/index.js';
import type { RoleInfo } from './sts-sources.js';

export function assumedRoleArn(role: Pick<RoleInfo, 'accountId' | 'name'>, sessionName: string): string {
  return `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`;
}

export function assumedRolePrincipal(role: RoleInfo, sessionName: string, sessionTags?: Readonly<Record<string, string>>, sourceIdentity?: string): PrincipalInfo {
  const tags = { ...(role.tags ?? {}), ...(sessionTags ?? {}) };
  return {
    type: 'AssumedRole',
    accountId: role.accountId,
    arn: assumedRoleArn(role, sessionName),
    roleArn: role.arn,
    userId: `${role.id}:${sessionName}`,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}

/** GetFederationToken's federated user: `arn:aws:sts::ACCT:federated-user/NAME`, `aws:userid` `ACCT:NAME`. */
export function federationTokenArn(accountId: string, name: string): string {
  return `arn:aws:sts::${accountId}:federated-user/${name}`;
}

export function federationTokenPrincipal(accountId: string, name: string, tags?: Readonly<Record<string, string>>): PrincipalInfo {
  return {
    type: 'FederatedUser', accountId, arn: federationTokenArn(accountId, name), userId: `${accountId}:${name}`,
    ...(tags && Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

/** A MinIO-style federated session (policies by name, no role). */
export function federatedPrincipal(accountId: string, subject: string, provider: string, tags?: Readonly<Record<string, string>>): PrincipalInfo {
  return {
    type: 'FederatedUser',
    accountId,
    arn: `arn:aws:sts::${accountId}:federated-user/${subject.replace(/[^\w+=,.@-]/g, '_').slice(0, 64)}`,
    userId: `${accountId}:${subject}`,
    federatedProvider: provider,
    ...(tags && Object.keys(tags).length > 0 ? { tags } : {}),
  };
}
