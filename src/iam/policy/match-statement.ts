/**
 * Does one statement apply to a request? Action (case-insensitive), Resource (case-sensitive,
 * with policy variables), Principal for resource-based policies, then Condition.
 * For Principal the answer says how the principal was named, because AWS treats a grant to the
 * exact user or session ARN differently from one to the account, a role or `*` (see
 * evaluate-policies.ts).
 */
import { globMatch, matchWith } from './glob.js';
import { conditionsHold } from './evaluate-condition.js';
import { resolveTemplate } from './policy-variables.js';
import type { CompiledPrincipal, CompiledStatement } from './policy-types.js';
import type { PrincipalInfo, RequestContext } from './request-context.js';

/** How a Principal element named the caller: not at all, broadly (`*`, account, role), or exactly. */
export type PrincipalMatch = 'none' | 'broad' | 'exact';

export function actionMatches(st: CompiledStatement, actionLower: string): boolean {
  let hit = false;
  for (const m of st.actions) if (matchWith(m, actionLower)) { hit = true; break; }
  return hit !== st.notAction;
}

export function resourceMatches(st: CompiledStatement, req: RequestContext): boolean {
  if (st.resources === undefined) return true;
  let hit = false;
  for (const t of st.resources) {
    if (!t.dynamic) {
      if (matchWith(t.matcher, req.resource)) { hit = true; break; }
      continue;
    }
    const g = resolveTemplate(t, req.keys);
    if (g !== undefined && globMatch(g, req.resource)) { hit = true; break; }
  }
  return hit !== st.notResource;
}

function namedBy(p: CompiledPrincipal, who: PrincipalInfo): PrincipalMatch {
  if (who.arn !== undefined && p.arns.has(who.arn)) return 'exact';
  if (who.canonicalUserId !== undefined && p.canonicalUsers.has(who.canonicalUserId)) return 'exact';
  if (p.everyone) return 'broad';
  if (who.type === 'Anonymous') return 'none';
  if (who.type === 'Service') return who.serviceName !== undefined && p.services.has(who.serviceName) ? 'exact' : 'none';
  if (who.type === 'FederatedUser' && who.federatedProvider !== undefined && p.federated.has(who.federatedProvider)) return 'broad';
  if (who.roleArn !== undefined && p.arns.has(who.roleArn)) return 'broad';
  if (who.accountId !== undefined && p.accounts.has(who.accountId)) return 'broad';
  return 'none';
}

/** Principal / NotPrincipal of a statement; identity statements (no element) name everyone. */
export function principalMatch(st: CompiledStatement, who: PrincipalInfo): PrincipalMatch {
  if (st.principal === undefined) return 'broad';
  const m = namedBy(st.principal, who);
  if (!st.notPrincipal) return m;
  return m === 'none' ? 'broad' : 'none';
}

/** Everything but the principal: action, resource, conditions. */
export function statementApplies(st: CompiledStatement, req: RequestContext): boolean {
  return actionMatches(st, req.actionLower) && resourceMatches(st, req) && conditionsHold(st.conditions, req.keys);
}
