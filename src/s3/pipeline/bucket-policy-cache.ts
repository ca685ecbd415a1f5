/**
 * Compiled bucket policies for the authorizer, read through the ObjectLayer (`policy` bucket
 * config document) and kept for at most `ttlMs` (1 s): a policy changed by another worker
 * process is in force everywhere within a second. In this process a change is seen at once:
 * the authorizer calls `changing(bucket)` when it lets a Put/DeleteBucketPolicy through, and
 * the bucket's policy is then read afresh on every request for `volatileMs` (5 s) - long
 * enough to cover the write that follows. A missing bucket has no policy. A stored policy that
 * no longer parses (written by an older version) counts as a policy without statements: it
 * allows no anonymous request and denies the root nothing.
 */
import { BucketNotFoundError, MalformedPolicyError } from '../../errors/domain-errors.js';
import { PolicySet } from '../../iam/policy/index.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import { compileBucketPolicy, POLICY_CONFIG } from '../handlers/common/bucket-policy.js';

interface Entry {
  readonly policy: PolicySet | undefined;
  readonly readAt: number;
}

export interface BucketPolicyCacheOptions {
  readonly objects: ObjectLayer;
  readonly ttlMs?: number;
  readonly volatileMs?: number;
  /** Monotonic clock in ms (performance.now by default). */
  readonly clock?: () => number;
  readonly maxEntries?: number;
}

const DENY_ALL = new PolicySet([]);

export class BucketPolicyCache {
  readonly #objects: ObjectLayer;
  readonly #ttl: number;
  readonly #volatile: number;
  readonly #clock: () => number;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();
  readonly #volatileUntil = new Map<string, number>();

  constructor(opts: BucketPolicyCacheOptions) {
    this.#objects = opts.objects;
    this.#ttl = opts.ttlMs ?? 1000;
    this.#volatile = opts.volatileMs ?? 5000;
    this.#clock = opts.clock ?? (() => performance.now());
    this.#max = opts.maxEntries ?? 10_000;
  }

  /** The bucket's policy is about to change: read it afresh for a while. */
  changing(bucket: string): void {
    this.#entries.delete(bucket);
    this.#volatileUntil.set(bucket, this.#clock() + this.#volatile);
  }

  async get(bucket: string): Promise<PolicySet | undefined> {
    const now = this.#clock();
    const until = this.#volatileUntil.get(bucket);
    if (until !== undefined && now >= until) this.#volatileUntil.delete(bucket);
    const hit = this.#entries.get(bucket);
    if (hit !== undefined && now - hit.readAt < this.#ttl && (until === undefined || now >= until)) return hit.policy;
    const policy = await this.#read(bucket);
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(bucket, { policy, readAt: now });
    return policy;
  }

  async #read(bucket: string): Promise<PolicySet | undefined> {
    let stored: Buffer | undefined;
    try {
      stored = await this.#objects.getBucketConfig({ bucket, name: POLICY_CONFIG });
    } catch (err) {
      if (err instanceof BucketNotFoundError) return undefined;
      throw err;
    }
    if (stored === undefined) return undefined;
    try {
      return new PolicySet([compileBucketPolicy(stored.toString('utf8'), bucket)]);
    } catch (err) {
      if (err instanceof MalformedPolicyError) return DENY_ALL;
      throw err;
    }
  }
}
