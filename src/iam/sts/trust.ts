/**
 * Trust policy checks (AWS IAM User Guide, "Roles terms and concepts", "Policy evaluation
 * logic" for role trust): the role's trust policy is the resource policy of the `sts:AssumeRole*`
 * request whose resource is the role. Same account: the trust policy naming the caller exactly
 * suffices; naming the account (root) needs the caller's own identity Allow too; cross account:
 * both. Web identities are `Federated` principals matched by their provider
 * (`arn:aws:iam::ACCT:oidc-provider/<issuer host/path>`), with condition keys
 * `<issuer>:sub`, `:aud`, `:amr`, `:azp` (trust-keys in web-identity-claims.ts).
 */
import type { ResolvedCaller } from '../caller.js';
import { createRequestContext, evaluatePolicies, PolicySet, type ContextValue, type Decision, type PrincipalInfo } from '../policy/index.js';
import type { RoleInfo } from './sts-sources.js';

export interface TrustInput {
  readonly role: RoleInfo;
  readonly action: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:TagSession' | 'sts:SetSourceIdentity';
  /** The caller (AssumeRole) or the web identity principal. */
  readonly principal: PrincipalInfo;
  /** The caller's identity side (AssumeRole); absent for web identities. */
  readonly caller?: Pick<ResolvedCaller, 'identity' | 'boundary' | 'session'>;
  readonly keys?: Readonly<Record<string, ContextValue | undefined>>;
  readonly now: Date;
}

const trustSets = new WeakMap<RoleInfo['trust'], PolicySet>();

function trustSet(role: RoleInfo): PolicySet {
  let set = trustSets.get(role.trust);
  if (set === undefined) { set = new PolicySet([role.trust]); trustSets.set(role.trust, set); }
  return set;
}

/** Does the trust policy name this principal by its own ARN or its role's (not only its account)? */
function namesExactly(role: RoleInfo, who: PrincipalInfo): boolean {
  return role.trust.statements.some((st) => st.effect === 'Allow' && st.principal !== undefined && !st.notPrincipal
    && ((who.arn !== undefined && st.principal.arns.has(who.arn)) || (who.roleArn !== undefined && st.principal.arns.has(who.roleArn))));
}

export function evaluateTrust(input: TrustInput): Decision {
  const request = createRequestContext({
    action: input.action,
    resource: input.role.arn,
    principal: input.principal,
    resourceAccount: input.role.accountId,
    now: input.now,
    ...(input.keys ? { keys: input.keys } : {}),
  });
  const own = {
    ...(input.caller?.identity ? { identity: input.caller.identity } : {}),
    ...(input.caller?.boundary ? { boundary: input.caller.boundary } : {}),
    ...(input.caller?.session ? { session: input.caller.session } : {}),
  };
  // The trust policy must allow the principal whatever the caller's own policies say.
  const trusted = evaluatePolicies({ request, resource: trustSet(input.role) });
  if (!trusted.allowed) {
    const why = trusted.effect === 'ExplicitDeny' ? "an explicit deny in the role's trust policy" : "the role's trust policy does not allow this principal";
    return { ...trusted, reason: why };
  }
  if (input.caller === undefined) return trusted;
  const decision = evaluatePolicies({ request, resource: trustSet(input.role), ...own });
  if (!decision.allowed || input.principal.type === 'Account' || namesExactly(input.role, input.principal)) return decision;
  // A trust policy that names only the account delegates to the account's IAM: the caller's own
  // policies must allow the action too.
  const mine = evaluatePolicies({ request, ...own });
  return mine.allowed ? decision : { ...mine, reason: `the role's trust policy trusts the account, and no identity-based policy of the caller allows ${input.action}` };
}
