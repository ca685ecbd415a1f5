/**
 * Does a policy set test `s3:ExistingObjectTag/<key>`? Then the authorizer must read the
 * object's tags before it can decide. Answered once per PolicySet (weakly memoized).
 */
import type { PolicySet } from '../../iam/policy/index.js';

const PREFIX = 's3:existingobjecttag/';
const memo = new WeakMap<PolicySet, boolean>();

export function testsExistingObjectTags(set: PolicySet | undefined): boolean {
  if (set === undefined) return false;
  let hit = memo.get(set);
  if (hit === undefined) {
    hit = set.policies.some((p) => p.statements.some((st) => st.conditions.some((c) => c.key.startsWith(PREFIX))));
    memo.set(set, hit);
  }
  return hit;
}
