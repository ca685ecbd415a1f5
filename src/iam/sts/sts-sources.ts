/**
 * What STS needs from the IAM store, as narrow interfaces: the integrator implements them over
 * the `iam-api` store (roles, managed policies, callers); tests use in-memory fakes and the
 * server can load them from a file (static-sources.ts). All lookups answer from memory.
 */
import type { AccountInfo, CallerDirectory, ResolvedCaller } from '../caller.js';
import type { CompiledPolicy, PolicySet } from '../policy/index.js';

export interface RoleInfo {
  /** `arn:aws:iam::111122223333:role/path/name`. */
  readonly arn: string;
  /** The role's unique id (`AROA...`): the first half of the session's `aws:userid`. */
  readonly id: string;
  /** The role's name (last path segment of the ARN). */
  readonly name: string;
  readonly accountId: string;
  /** MaxSessionDuration, 3600..43200 seconds. */
  readonly maxSessionDurationSeconds: number;
  /** The trust policy (parsed as kind `trust`). */
  readonly trust: CompiledPolicy;
  /** The role's identity policies (inline + attached). */
  readonly policies: PolicySet;
  readonly boundary?: PolicySet;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RoleSource {
  /** The role of that ARN, or undefined when there is none (deleted). */
  role(arn: string): RoleInfo | undefined;
}

export interface PolicySource {
  /** A managed policy by ARN (`arn:aws:iam::aws:policy/...`, `arn:aws:iam::ACCT:policy/x`) or by name (MinIO style). */
  policy(nameOrArn: string): CompiledPolicy | undefined;
}

/** The long-term callers (a session's parent) and the accounts. */
export interface CallerSource {
  resolve(accessKey: string): ResolvedCaller | undefined;
  account(id: string): AccountInfo | undefined;
}

export interface StsSources {
  readonly roles: RoleSource;
  readonly policies: PolicySource;
  readonly callers: CallerSource;
}

/** A CallerDirectory is a CallerSource (its non-session half). */
export function callerSourceOf(dir: CallerDirectory): CallerSource {
  return { resolve: (ak) => dir.resolve(ak), account: (id) => dir.account(id) };
}
