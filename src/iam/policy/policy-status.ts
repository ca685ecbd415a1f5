/**
 * Is a bucket policy public? (Amazon S3 User Guide, "Blocking public access to your Amazon S3
 * storage", section "The meaning of public": a policy is non-public only if every Allow
 * statement grants to fixed principals, or is confined by a condition on a fixed value of one
 * of the keys listed there.) Used by GetBucketPolicyStatus.
 *
 * Here: an Allow statement is public when its Principal names everyone (`*`, `{"AWS": "*"}`) or
 * it uses NotPrincipal, unless one of its conditions is a positive (not negated, not IfExists)
 * test of one of AWS's confining keys.
 */
import type { CompiledPolicy, CompiledStatement } from './policy-types.js';

const CONFINING_KEYS = new Set([
  'aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceaccount', 'aws:sourceowner',
  'aws:principalaccount', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:userid',
  'aws:principalservicename', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
].map((k) => k.toLowerCase()));

function confined(st: CompiledStatement): boolean {
  return st.conditions.some((c) => CONFINING_KEYS.has(c.key) && !c.def.negated && !c.ifExists && c.def.kind !== 'null' && c.set !== 'all');
}

function grantsEveryone(st: CompiledStatement): boolean {
  if (st.principal === undefined) return false;
  return st.notPrincipal || st.principal.everyone;
}

export function isPublicPolicy(policy: CompiledPolicy): boolean {
  return policy.statements.some((st) => st.effect === 'Allow' && grantsEveryone(st) && !confined(st));
}
