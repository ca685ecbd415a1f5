/**
 * The IAM policy language as a pure core: parse + validate + compile (parse-policy.ts), the
 * request context (request-context.ts), and evaluation (evaluate-policies.ts). No I/O, no
 * clock: callers pass `now` and every condition key. Imports only util/ and errors/.
 */
export { parsePolicy, type ParsePolicyOptions } from './parse-policy.js';
export { PolicySet, EMPTY_POLICY_SET, type StatementRef } from './policy-set.js';
export {
  createRequestContext, type ContextValue, type PrincipalInfo, type PrincipalType, type RequestContext, type RequestContextInput,
} from './request-context.js';
export { evaluatePolicies, type Decision, type DecidingStatement, type EvaluationInput, type PolicySource } from './evaluate-policies.js';
export type { CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion } from './policy-types.js';
export { isPublicPolicy } from './policy-status.js';
