/**
 * What the authorizer needs to know about a bucket, read through the ObjectLayer and kept for
 * at most `ttlMs` (1 s): its owner (the bucket record), its policy (compiled), Object
 * Ownership, Public Access Block and ACL (bucket config documents). A change made by another
 * worker process is in force everywhere within a second. In this process a change is seen at
 * once: the authorizer calls `changing(bucket)` when it lets a request through that changes
 * one of them (and CreateBucket / DeleteBucket), and the bucket is then read afresh on every
 * request for `volatileMs` (5 s) - long enough to cover the write that follows. A missing
 * bucket gives undefined. A stored policy that no longer parses (written by an older version)
 * counts as a policy without statements: it allows nothing and denies nothing.
 */
import { BucketNotFoundError, MalformedPolicyError } from '../../errors/domain-errors.js';
import { isPublicPolicy, PolicySet } from '../../iam/policy/index.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import { ACL_CONFIG, decodeAcl, type StoredAcl } from '../handlers/common/acl-model.js';
import { compileBucketPolicy, POLICY_CONFIG } from '../handlers/common/bucket-policy.js';
import { FOREIGN_OBJECTS_CONFIG } from '../handlers/common/object-acl.js';
import { decodeOwnership, effectiveOwnership, OWNERSHIP_CONFIG, type ObjectOwnership } from '../handlers/common/ownership-controls.js';
import { decodePublicAccessBlock, PUBLIC_ACCESS_BLOCK_CONFIG, type PublicAccessBlock } from '../handlers/common/public-access-block.js';

/** Buckets created before accounts existed belong to the cluster account. */
export const LEGACY_BUCKET_OWNER = '000000000000';

export interface BucketAuthz {
  /** The owning account's id. */
  readonly owner: string;
  readonly policy: PolicySet | undefined;
  readonly policyIsPublic: boolean;
  /** In force (ObjectWriter when no ownership controls are set). */
  readonly ownership: ObjectOwnership;
  readonly publicAccessBlock: PublicAccessBlock | undefined;
  readonly acl: StoredAcl | undefined;
  /** Some object of the bucket is owned by another account (object-acl.ts FOREIGN_OBJECTS_CONFIG). */
  readonly hasForeignObjects: boolean;
}

interface Entry {
  readonly state: BucketAuthz | undefined;
  readonly readAt: number;
}

export interface BucketAuthzCacheOptions {
  readonly objects: Pick<ObjectLayer, 'headBucket' | 'getBucketConfig'>;
  readonly ttlMs?: number;
  readonly volatileMs?: number;
  /** Monotonic clock in ms (performance.now by default). */
  readonly clock?: () => number;
  readonly maxEntries?: number;
}

const DENY_NOTHING = new PolicySet([]);

/** peek(): nothing fresh is held for the bucket. */
export const NOT_HELD: unique symbol = Symbol('not held');

export class BucketAuthzCache {
  readonly #objects: Pick<ObjectLayer, 'headBucket' | 'getBucketConfig'>;
  readonly #ttl: number;
  readonly #volatile: number;
  readonly #clock: () => number;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();
  readonly #volatileUntil = new Map<string, number>();

  constructor(opts: BucketAuthzCacheOptions) {
    this.#objects = opts.objects;
    this.#ttl = opts.ttlMs ?? 1000;
    this.#volatile = opts.volatileMs ?? 5000;
    this.#clock = opts.clock ?? (() => performance.now());
    this.#max = opts.maxEntries ?? 10_000;
  }

  /** The bucket's authorization state is about to change: read it afresh for a while. */
  changing(bucket: string): void {
    this.#entries.delete(bucket);
    this.#volatileUntil.set(bucket, this.#clock() + this.#volatile);
  }

  /** The state held and still fresh without reading, or NOT_HELD (read it with get()). */
  peek(bucket: string): BucketAuthz | undefined | typeof NOT_HELD {
    const now = this.#clock();
    const until = this.#volatileUntil.get(bucket);
    if (until !== undefined && now >= until) this.#volatileUntil.delete(bucket);
    const hit = this.#entries.get(bucket);
    return hit !== undefined && now - hit.readAt < this.#ttl && (until === undefined || now >= until) ? hit.state : NOT_HELD;
  }

  async get(bucket: string): Promise<BucketAuthz | undefined> {
    const held = this.peek(bucket);
    if (held !== NOT_HELD) return held;
    const now = this.#clock();
    const state = await this.#read(bucket);
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(bucket, { state, readAt: now });
    return state;
  }

  async #config(bucket: string, name: string): Promise<Buffer | undefined> {
    return this.#objects.getBucketConfig({ bucket, name });
  }

  async #read(bucket: string): Promise<BucketAuthz | undefined> {
    try {
      const info = await this.#objects.headBucket({ bucket });
      const [policyDoc, ownershipDoc, pabDoc, aclDoc, foreignDoc] = await Promise.all([
        this.#config(bucket, POLICY_CONFIG), this.#config(bucket, OWNERSHIP_CONFIG),
        this.#config(bucket, PUBLIC_ACCESS_BLOCK_CONFIG), this.#config(bucket, ACL_CONFIG), this.#config(bucket, FOREIGN_OBJECTS_CONFIG),
      ]);
      const policy = policyDoc === undefined ? undefined : compile(policyDoc, bucket);
      return {
        owner: info.owner ?? LEGACY_BUCKET_OWNER,
        policy,
        policyIsPublic: policy !== undefined && policy.policies.some(isPublicPolicy),
        ownership: effectiveOwnership(decodeOwnership(ownershipDoc)),
        publicAccessBlock: decodePublicAccessBlock(pabDoc),
        acl: decodeAcl(aclDoc?.toString('utf8')),
        hasForeignObjects: foreignDoc !== undefined,
      };
    } catch (err) {
      if (err instanceof BucketNotFoundError) return undefined;
      throw err;
    }
  }
}

function compile(stored: Buffer, bucket: string): PolicySet {
  try {
    return new PolicySet([compileBucketPolicy(stored.toString('utf8'), bucket)]);
  } catch (err) {
    if (err instanceof MalformedPolicyError) return DENY_NOTHING;
    throw err;
  }
}
