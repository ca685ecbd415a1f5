/**
 * The shape of the policy engine's table cases (policy-table.test.ts) and the principals they
 * use. A case group cites the AWS documentation page its policies come from; each row is one
 * request and the decision AWS documents for it.
 */
import type { ContextValue, PrincipalInfo } from '../../src/iam/policy/index.js';

export type PolicyJson = Readonly<Record<string, unknown>>;
export type Expected = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Policies {
  readonly identity?: readonly PolicyJson[];
  readonly resource?: PolicyJson;
  readonly boundary?: readonly PolicyJson[];
  readonly session?: readonly PolicyJson[];
}

export interface CaseRequest {
  readonly action?: string;
  readonly resource?: string;
  readonly principal?: PrincipalInfo;
  /** Defaults to account A; null for "same as the principal's". */
  readonly resourceAccount?: string | null;
  readonly keys?: Readonly<Record<string, ContextValue>>;
  /** ISO time; defaults to NOW. */
  readonly now?: string;
}

export interface CaseRow {
  readonly name: string;
  readonly expect: Expected;
  readonly req: CaseRequest;
  /** Sid of the statement expected to decide (the Deny, or the first Allow). */
  readonly sid?: string;
  /** Policies for this row only, instead of the group's. */
  readonly policies?: Policies;
}

export interface CaseGroup {
  /** The AWS documentation page the policies and expectations come from. */
  readonly doc: string;
  readonly title: string;
  readonly policies: Policies;
  readonly rows: readonly CaseRow[];
}

export const NOW = '2026-06-01T12:00:00Z';
export const A = '111122223333';
export const B = '444455556666';

export const ALICE: PrincipalInfo = {
  type: 'User', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, userId: 'AIDAALICEEXAMPLE', username: 'alice',
  tags: { department: 'finance', team: 'blue' },
};
export const BOB: PrincipalInfo = {
  type: 'User', accountId: A, arn: `arn:aws:iam::${A}:user/bob`, userId: 'AIDABOBEXAMPLE', username: 'bob',
  tags: { department: 'eng' },
};
export const ROOT_A: PrincipalInfo = { type: 'Account', accountId: A, arn: `arn:aws:iam::${A}:root`, userId: A };
export const CAROL: PrincipalInfo = {
  type: 'User', accountId: B, arn: `arn:aws:iam::${B}:user/carol`, userId: 'AIDACAROLEXAMPLE', username: 'carol',
};
export const ROOT_B: PrincipalInfo = { type: 'Account', accountId: B, arn: `arn:aws:iam::${B}:root`, userId: B };
export const ANON: PrincipalInfo = { type: 'Anonymous' };
export const SESSION: PrincipalInfo = {
  type: 'AssumedRole', accountId: A, arn: `arn:aws:sts::${A}:assumed-role/reader/s1`,
  roleArn: `arn:aws:iam::${A}:role/reader`, userId: 'AROAREADEREXAMPLE:s1', tags: { project: 'apollo' },
};
export const SERVICE: PrincipalInfo = { type: 'Service', serviceName: 'logging.s3.amazonaws.com' };

export const row = (name: string, expect: Expected, req: CaseRequest = {}, sid?: string, policies?: Policies): CaseRow =>
  ({ name, expect, req, sid, policies });

/** A one-statement identity policy. */
export function allowIdentity(statement: Readonly<Record<string, unknown>>, version = '2012-10-17'): PolicyJson {
  return { Version: version, Statement: [{ Effect: 'Allow', ...statement }] };
}
