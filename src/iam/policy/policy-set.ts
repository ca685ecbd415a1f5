/**
 * A group of compiled policies of one kind (a principal's identity policies, a bucket policy,
 * a boundary, session policies), indexed so that a request looks only at the statements that
 * can apply to it:
 *
 * 1. by action: statements whose action patterns are all exact sit in a map by lower-cased
 *    action; those with wildcards or NotAction are matched once per action and memoized;
 * 2. then by S3 bucket: a statement whose every Resource is `arn:aws:s3:::<literal bucket>...`
 *    is filed under those buckets (`bucketKeys`); a request for `arn:aws:s3:::b/...` sees the
 *    statements filed under `b` plus those that name no single bucket, in document order.
 *
 * With 100 attached policies naming different buckets a request thus examines a handful of
 * statements (bench/policy-eval.mjs). The memo is bounded.
 */
import { actionMatches } from './match-statement.js';
import type { CompiledPolicy, CompiledStatement } from './policy-types.js';

export interface StatementRef {
  readonly policy: CompiledPolicy;
  readonly statement: CompiledStatement;
  /** Position over the whole set, for document order. */
  readonly order: number;
}

interface ActionIndex {
  /** Candidates for requests on a bucket some statement names: its statements plus `rest`. */
  readonly byBucket: ReadonlyMap<string, readonly StatementRef[]>;
  /** Candidates for every other resource. */
  readonly rest: readonly StatementRef[];
}

const MEMO_LIMIT = 1024;
const S3_ARN = 'arn:aws:s3:::';
const byOrder = (a: StatementRef, b: StatementRef): number => a.order - b.order;

/** The bucket of an S3 ARN (`arn:aws:s3:::b/k` -> `b`), or undefined for other resources. */
export function bucketOfArn(resource: string): string | undefined {
  if (!resource.startsWith(S3_ARN)) return undefined;
  const slash = resource.indexOf('/', S3_ARN.length);
  return slash < 0 ? resource.slice(S3_ARN.length) : resource.slice(S3_ARN.length, slash);
}

function indexByBucket(refs: readonly StatementRef[]): ActionIndex {
  const rest = refs.filter((r) => r.statement.bucketKeys === undefined);
  const named = new Map<string, StatementRef[]>();
  for (const r of refs) {
    for (const b of r.statement.bucketKeys ?? []) {
      const list = named.get(b);
      if (list) list.push(r); else named.set(b, [r]);
    }
  }
  const byBucket = new Map<string, readonly StatementRef[]>();
  for (const [b, list] of named) byBucket.set(b, [...new Set([...list, ...rest])].sort(byOrder));
  return { byBucket, rest };
}

export class PolicySet {
  readonly policies: readonly CompiledPolicy[];
  private readonly exact = new Map<string, StatementRef[]>();
  private readonly wild: StatementRef[] = [];
  private readonly memo = new Map<string, ActionIndex>();

  constructor(policies: readonly CompiledPolicy[]) {
    this.policies = policies;
    let order = 0;
    for (const policy of policies) {
      for (const statement of policy.statements) {
        const ref: StatementRef = { policy, statement, order: order++ };
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

  private actionIndex(actionLower: string): ActionIndex {
    const hit = this.memo.get(actionLower);
    if (hit) return hit;
    const refs = [...(this.exact.get(actionLower) ?? []), ...this.wild.filter((r) => actionMatches(r.statement, actionLower))].sort(byOrder);
    const index = indexByBucket(refs);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(actionLower, index);
    return index;
  }

  /**
   * The statements that can apply to a request, in document order: their Action / NotAction
   * matches (already checked), and they name the request's bucket or no single bucket.
   */
  candidates(actionLower: string, resource: string): readonly StatementRef[] {
    const index = this.actionIndex(actionLower);
    if (index.byBucket.size === 0) return index.rest;
    const bucket = bucketOfArn(resource);
    return (bucket === undefined ? undefined : index.byBucket.get(bucket)) ?? index.rest;
  }
}

export const EMPTY_POLICY_SET = new PolicySet([]);
