/**
 * A group of compiled policies of one kind (a principal's identity policies, a bucket policy,
 * a boundary, session policies) indexed by action, so that a request looks only at the
 * statements that can apply to its action. Statements whose action patterns are all exact go
 * in a map by lower-cased action; those with wildcards or NotAction are always candidates.
 * The candidate list per action is memoized (bounded), in document order.
 */
import { actionMatches } from './match-statement.js';
import type { CompiledPolicy, CompiledStatement } from './policy-types.js';

export interface StatementRef {
  readonly policy: CompiledPolicy;
  readonly statement: CompiledStatement;
}

const MEMO_LIMIT = 1024;

export class PolicySet {
  readonly policies: readonly CompiledPolicy[];
  private readonly exact = new Map<string, StatementRef[]>();
  private readonly wild: StatementRef[] = [];
  private readonly memo = new Map<string, readonly StatementRef[]>();
  private readonly order = new Map<StatementRef, number>();

  constructor(policies: readonly CompiledPolicy[]) {
    this.policies = policies;
    let n = 0;
    for (const policy of policies) {
      for (const statement of policy.statements) {
        const ref: StatementRef = { policy, statement };
        this.order.set(ref, n++);
        const exactOnly = !statement.notAction && statement.actions.every((a) => a.mode === 'exact');
        if (!exactOnly) { this.wild.push(ref); continue; }
        for (const a of statement.actions) {
          if (a.mode !== 'exact') continue;
          const list = this.exact.get(a.text);
          if (list) { if (!list.includes(ref)) list.push(ref); } else this.exact.set(a.text, [ref]);
        }
      }
    }
  }

  get size(): number {
    return this.policies.length;
  }

  /** Statements whose Action / NotAction matches the (lower-cased) action, in document order. */
  candidates(actionLower: string): readonly StatementRef[] {
    const hit = this.memo.get(actionLower);
    if (hit) return hit;
    const list = [...(this.exact.get(actionLower) ?? []), ...this.wild.filter((r) => actionMatches(r.statement, actionLower))];
    list.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(actionLower, list);
    return list;
  }
}

export const EMPTY_POLICY_SET = new PolicySet([]);
