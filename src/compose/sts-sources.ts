/**
 * What STS reads of identities (iam/sts/sts-sources.ts), over the IAM store's caller directory
 * (accounts, users, roles, managed policies) and, when CAIRN_STS_STATIC_IDENTITIES names one,
 * the static identities file (LDAP policy mappings, read-only identities): the IAM store answers
 * first, the file only for what the store does not know.
 */
import { CLUSTER_ACCOUNT_ID, type AccountInfo, type CallerDirectory, type ResolvedCaller } from '../iam/caller.js';
import { parsePolicy, type CompiledPolicy } from '../iam/policy/index.js';
import { CANNED_POLICIES } from '../iam/sts/canned-policies.js';
import type { IamCallerDirectory } from '../iam/store/index.js';
import type { RoleInfo, StsSources } from '../iam/sts/sts-sources.js';
import type { StaticIdentityFile } from './static-identity-file.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\//;

/** A role of the IAM store, as STS reads it. */
function iamRole(iam: IamCallerDirectory, arn: string): RoleInfo | undefined {
  const accountId = ROLE_ARN.exec(arn)?.[1];
  const r = accountId === undefined ? undefined : iam.role(accountId, arn);
  if (r === undefined) return undefined;
  return {
    arn: r.arn, id: r.roleId, name: r.name, accountId: r.accountId, maxSessionDurationSeconds: r.maxSessionDuration,
    trust: r.trust, policies: r.policies, tags: r.tags, ...(r.boundary !== undefined ? { boundary: r.boundary } : {}),
  };
}

/** A managed policy by ARN, or by name in the cluster account (MinIO-style policy claims). */
function iamPolicy(iam: IamCallerDirectory, nameOrArn: string): CompiledPolicy | undefined {
  const p = nameOrArn.startsWith('arn:') ? iam.policyByArn(nameOrArn) : iam.policyByName(CLUSTER_ACCOUNT_ID, nameOrArn);
  return p?.policy;
}

const CANNED = new Map(Object.entries(CANNED_POLICIES).map(([name, body]) => [
  name, parsePolicy(body, { kind: 'identity', name: `arn:aws:iam::${CLUSTER_ACCOUNT_ID}:policy/${name}` }),
]));

/** MinIO's canned policies (readwrite, readonly, writeonly) by name, when neither the store nor the file has one of that name. */
function cannedPolicy(name: string): CompiledPolicy | undefined {
  return CANNED.get(name);
}

/** The IAM store's callers, then the file's (keys the store does not know). */
export function callersOf(iam: IamCallerDirectory, file: StaticIdentityFile | undefined): CallerDirectory {
  if (file === undefined) return iam;
  return {
    secretFor: (ak: string, token?: string): string | undefined => iam.secretFor(ak, token) ?? file.secretFor(ak),
    resolve: (ak: string, token?: string): ResolvedCaller | undefined => iam.resolve(ak, token) ?? file.resolve(ak),
    account: (id: string): AccountInfo | undefined => iam.account(id) ?? file.account(id),
    accountByCanonicalId: (c: string): AccountInfo | undefined => iam.accountByCanonicalId(c) ?? file.accountByCanonicalId(c),
    accountByEmail: (e: string): AccountInfo | undefined => iam.accountByEmail(e),
  };
}

export function stsSources(iam: IamCallerDirectory, file: StaticIdentityFile | undefined, callers: CallerDirectory): StsSources {
  return {
    roles: { role: (arn) => iamRole(iam, arn) ?? file?.role(arn) },
    policies: { policy: (n) => iamPolicy(iam, n) ?? file?.policy(n) ?? cannedPolicy(n) },
    callers,
  };
}
