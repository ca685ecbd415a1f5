/**
 * Policy evaluation logic (AWS IAM User Guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * and "Cross-account policy evaluation logic"), pure: the request context carries the clock.
 *
 * 1. An explicit Deny in any policy that applies (resource policy, identity policies,
 *    permissions boundary, session policies) decides: denied.
 * 2. Anonymous and service principals have no identity policies: only a resource-policy Allow
 *    whose Principal names them (`*`, the service) allows.
 * 3. An account root (`type: 'Account'`) has every permission in its own account (an implicit
 *    identity Allow, no boundary or session policy applies); it stays subject to explicit denies.
 * 4. Same account: an identity Allow or a resource-policy Allow suffices; a permissions
 *    boundary and session policies, when present, must also Allow (intersection) - except
 *    that a resource-policy Allow naming the exact user or session ARN is not limited by them
 *    (AWS: "Permissions boundaries" and "Session policies" pages). An Allow that names the
 *    role, the account or `*` is limited.
 * 5. Cross account (the resource's account differs from the principal's): both the resource
 *    policy and the principal's own side (identity Allow within boundary and session policy)
 *    must Allow.
 *
 * The decision says which statements decided it (the Deny, or the Allows), for error messages
 * and audit, and in words why it was denied.
 */
import { conditionsHold } from './evaluate-condition.js';
import { principalMatch, resourceMatches, type PrincipalMatch } from './match-statement.js';
import type { PolicySet } from './policy-set.js';
import type { Effect } from './policy-types.js';
import type { RequestContext } from './request-context.js';

export type PolicySource = 'identity' | 'resource' | 'boundary' | 'session';

export interface DecidingStatement {
  readonly source: PolicySource;
  /** The policy's name (CompiledPolicy.name). */
  readonly policy: string;
  readonly sid: string | undefined;
  /** Index of the statement in the policy's Statement list. */
  readonly index: number;
}

export interface Decision {
  readonly allowed: boolean;
  readonly effect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  readonly statements: readonly DecidingStatement[];
  readonly reason: string;
}

export interface EvaluationInput {
  readonly request: RequestContext;
  /** The principal's identity-based policies (user, groups, role). */
  readonly identity?: PolicySet;
  /** The resource's policy (bucket policy). */
  readonly resource?: PolicySet;
  /** The principal's permissions boundary. */
  readonly boundary?: PolicySet;
  /** Session policies passed when the session was created. */
  readonly session?: PolicySet;
}

interface Hit {
  readonly at: DecidingStatement;
  readonly principal: PrincipalMatch;
}

function firstMatch(set: PolicySet | undefined, source: PolicySource, effect: Effect, req: RequestContext): Hit | undefined {
  if (set === undefined) return undefined;
  // Candidates already match the action (PolicySet's index).
  for (const { policy, statement } of set.candidates(req.actionLower, req.resource)) {
    if (statement.effect !== effect) continue;
    const principal = principalMatch(statement, req.principal);
    if (principal === 'none' || !resourceMatches(statement, req) || !conditionsHold(statement.conditions, req.keys)) continue;
    return { at: { source, policy: policy.name, sid: statement.sid, index: statement.index }, principal };
  }
  return undefined;
}

const allow = (statements: DecidingStatement[], reason: string): Decision => ({ allowed: true, effect: 'Allow', statements, reason });
const implicitDeny = (reason: string): Decision => ({ allowed: false, effect: 'ImplicitDeny', statements: [], reason });

export function evaluatePolicies(input: EvaluationInput): Decision {
  const req = input.request;
  const who = req.principal;
  const noIdentity = who.type === 'Anonymous' || who.type === 'Service';
  const isRoot = who.type === 'Account';
  const own = noIdentity || isRoot ? {} : { identity: input.identity, boundary: input.boundary, session: input.session };
  const sources: Array<[PolicySource, PolicySet | undefined]> = [
    ['resource', input.resource], ['identity', own.identity], ['boundary', own.boundary], ['session', own.session],
  ];
  for (const [source, set] of sources) {
    const deny = firstMatch(set, source, 'Deny', req);
    if (deny) return { allowed: false, effect: 'ExplicitDeny', statements: [deny.at], reason: `explicit deny in the ${source} policy` };
  }
  const res = firstMatch(input.resource, 'resource', 'Allow', req);
  if (noIdentity) {
    return res ? allow([res.at], 'allowed by the resource policy') : implicitDeny('no resource policy allows this principal');
  }
  const id = isRoot ? undefined : firstMatch(own.identity, 'identity', 'Allow', req);
  const idAllows = isRoot || id !== undefined;
  const boundaryOk = own.boundary === undefined || firstMatch(own.boundary, 'boundary', 'Allow', req) !== undefined;
  const sessionOk = own.session === undefined || firstMatch(own.session, 'session', 'Allow', req) !== undefined;
  const idAt = id ? [id.at] : [];
  const crossAccount = req.resourceAccount !== undefined && req.resourceAccount !== who.accountId;
  if (crossAccount) {
    if (!res) return implicitDeny('cross-account request: the resource policy does not allow it');
    if (!idAllows) return implicitDeny('cross-account request: no identity-based policy allows it');
    if (!boundaryOk) return implicitDeny('the permissions boundary does not allow it');
    if (!sessionOk) return implicitDeny('the session policy does not allow it');
    return allow([...idAt, res.at], 'allowed by identity-based and resource policies (cross-account)');
  }
  if (res?.principal === 'exact') return allow([res.at], 'allowed by the resource policy (principal named exactly)');
  if (!idAllows && !res) return implicitDeny('no identity-based or resource policy allows it');
  if (!boundaryOk) return implicitDeny('the permissions boundary does not allow it');
  if (!sessionOk) return implicitDeny('the session policy does not allow it');
  if (idAllows) return allow(idAt, isRoot ? 'account root in its own account' : 'allowed by an identity-based policy');
  return allow([res!.at], 'allowed by the resource policy');
}
