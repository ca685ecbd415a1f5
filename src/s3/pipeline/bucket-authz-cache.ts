/**
 * What the authorizer needs to know about a bucket, read through the ObjectLayer and kept for
 * at most `ttlMs` (1 s): its owner (the bucket record), its policy (compiled), Object
 * Ownership, Public Access Block and ACL (bucket config documents). A change made by another
 * worker process is in force everywhere within a second. In this process a change is seen at
 * once: the authorizer calls `changing(bucket)` when it lets a request through that changes
 * one of them (and CreateBucket / DeleteBucket), and `changed(bucket)` when that request is
 * done (the pipeline tells it, Authorizer.settled). In between the bucket is read afresh on
 * every request and nothing read is kept; a read that was under way when a change began or
 * ended is not kept either (a generation count), so no state older than the change is held
 * afterwards. A change whose end is never reported (the request failed before its handler
 * ran) ends after `volatileMs` (5 s). A missing bucket gives undefined. A stored policy that no
 * longer parses (written by an older version) counts as a policy without statements: it
 * allows nothing and denies nothing.
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
  /** Buckets with changes under way: how many, and when the last begun one is given up on. */
  readonly #changes = new Map<string, { count: number; until: number }>();
  /** Bumped whenever a change begins or ends: a read that spans one is not kept. */
  #generation = 0;
  /** Reads under way, by bucket, with the generation they began in. */
  readonly #pending = new Map<string, { generation: number; read: Promise<BucketAuthz | undefined> }>();

  constructor(opts: BucketAuthzCacheOptions) {
    this.#objects = opts.objects;
    this.#ttl = opts.ttlMs ?? 1000;
    this.#volatile = opts.volatileMs ?? 5000;
    this.#clock = opts.clock ?? (() => performance.now());
    this.#max = opts.maxEntries ?? 10_000;
  }

  /** A change of the bucket's authorization state begins: read it afresh until `changed` (or `volatileMs`). */
  changing(bucket: string): void {
    this.#entries.delete(bucket);
    this.#generation++;
    const held = this.#changes.get(bucket);
    const until = this.#clock() + this.#volatile;
    if (held === undefined) this.#changes.set(bucket, { count: 1, until });
    else this.#changes.set(bucket, { count: held.count + 1, until });
  }

  /** A change begun with `changing` is done (stored or refused): the next read is kept again once none is under way. */
  changed(bucket: string): void {
    this.#entries.delete(bucket);
    this.#generation++;
    const held = this.#changes.get(bucket);
    if (held === undefined) return;
    if (held.count <= 1) this.#changes.delete(bucket);
    else this.#changes.set(bucket, { count: held.count - 1, until: held.until });
  }

  /** True while a change of the bucket is under way (one whose end was not reported is dropped after `volatileMs`). */
  #isChanging(bucket: string, now: number): boolean {
    const held = this.#changes.get(bucket);
    if (held === undefined) return false;
    if (now < held.until) return true;
    this.#changes.delete(bucket);
    return false;
  }

  /** The state held and still fresh without reading, or NOT_HELD (read it with get()). */
  peek(bucket: string): BucketAuthz | undefined | typeof NOT_HELD {
    const now = this.#clock();
    if (this.#changes.size > 0 && this.#isChanging(bucket, now)) return NOT_HELD;
    const hit = this.#entries.get(bucket);
    return hit !== undefined && now - hit.readAt < this.#ttl ? hit.state : NOT_HELD;
  }

  async get(bucket: string): Promise<BucketAuthz | undefined> {
    const held = this.peek(bucket);
    if (held !== NOT_HELD) return held;
    // Requests that miss together share one read, unless a change began or ended since it started.
    const pending = this.#pending.get(bucket);
    if (pending !== undefined && pending.generation === this.#generation) return pending.read;
    const read = this.#readAndKeep(bucket);
    const entry = { generation: this.#generation, read };
    this.#pending.set(bucket, entry);
    try {
      return await read;
    } finally {
      if (this.#pending.get(bucket) === entry) this.#pending.delete(bucket);
    }
  }

  async #readAndKeep(bucket: string): Promise<BucketAuthz | undefined> {
    const now = this.#clock();
    const generation = this.#generation;
    const state = await this.#read(bucket);
    if (generation === this.#generation && !this.#isChanging(bucket, this.#clock())) {
      if (this.#entries.size >= this.#max) this.#entries.clear();
      this.#entries.set(bucket, { state, readAt: now });
    }
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
