/**
 * The compiled form of a policy document: what `parsePolicy` returns and the evaluator reads.
 * Everything that can be decided once is decided at parse time (wildcards compiled, action
 * patterns lower-cased, condition keys lower-cased, operator rows looked up), so evaluating a
 * statement is a few string comparisons.
 */
import type { GlobMatcher } from './glob.js';
import type { CompiledValue, OperatorDef } from './condition-operators.js';
import type { Template } from './policy-variables.js';

export type PolicyVersion = '2012-10-17' | '2008-10-17';
export type Effect = 'Allow' | 'Deny';

/** Which policy kind a document is validated as. */
export type PolicyKind =
  /** Identity-based (user, group, role, session, boundary): Principal is prohibited. */
  | 'identity'
  /** Resource-based (bucket policy): Principal or NotPrincipal is required. */
  | 'resource'
  /** Role trust policy: Principal required, Resource not required. */
  | 'trust';

/** A compiled Principal / NotPrincipal element. */
export interface CompiledPrincipal {
  /** `"*"` or `{"AWS": "*"}`: everyone, anonymous included. */
  readonly everyone: boolean;
  /** Exact principal ARNs (users, roles, sessions). */
  readonly arns: ReadonlySet<string>;
  /** Whole accounts (`"111122223333"` or `arn:aws:iam::111122223333:root`). */
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

export interface CompiledCondition {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`), for messages. */
  readonly name: string;
  readonly def: OperatorDef;
  readonly set: 'none' | 'any' | 'all';
  readonly ifExists: boolean;
  /** Lower-cased condition key. */
  readonly key: string;
  readonly values: readonly CompiledValue[];
}

export interface CompiledStatement {
  readonly sid: string | undefined;
  /** Position in the document's Statement list (0-based). */
  readonly index: number;
  readonly effect: Effect;
  /** Lower-cased action patterns; `notAction` inverts them. */
  readonly actions: readonly GlobMatcher[];
  readonly notAction: boolean;
  /** Resource patterns (with policy variables); undefined when the statement has none (trust policies). */
  readonly resources: readonly Template[] | undefined;
  readonly notResource: boolean;
  /**
   * The S3 buckets the statement is confined to, when every Resource is
   * `arn:aws:s3:::<bucket without wildcards or variables>[/...]` (an index key of PolicySet);
   * undefined when it may apply to any resource.
   */
  readonly bucketKeys: readonly string[] | undefined;
  readonly principal: CompiledPrincipal | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  /** Caller's name for the policy (policy ARN, `bucket-policy`, ...), carried into decisions. */
  readonly name: string;
  readonly version: PolicyVersion;
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
}
