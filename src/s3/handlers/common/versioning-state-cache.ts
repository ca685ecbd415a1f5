/**
 * Buckets' versioning states for what a GET, HEAD or tagging answer shows (whether the null
 * version carries `x-amz-version-id: null`), so those requests do not read and parse the
 * `versioning` config document every time. Writes never use it: a PUT, DELETE or Complete
 * reads the document itself (common/versioning.ts), so which version a write makes is always
 * decided by the stored state. An entry lives `ttlMs` (1 s: another `--workers` process may
 * change the document); PutBucketVersioning, PutObjectLockConfiguration, CreateBucket and
 * DeleteBucket in this process forget their bucket at once. Bounded: the oldest entry goes
 * when `maxBuckets` are held.
 */
import type { ObjectLayer } from '../../../object/object-layer.js';
import { bucketVersioning, type VersioningState } from './versioning.js';

interface Entry {
  readonly at: number;
  readonly state: VersioningState;
}

export interface VersioningStateCacheOptions {
  readonly ttlMs?: number;
  readonly maxBuckets?: number;
  /** Monotonic clock in ms (performance.now by default). */
  readonly now?: () => number;
}

export class VersioningStateCache {
  readonly #objects: ObjectLayer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Bumped by invalidate(): a read that began before it does not store its (older) state. */
  #generation = 0;

  constructor(objects: ObjectLayer, opts: VersioningStateCacheOptions = {}) {
    this.#objects = objects;
    this.#ttlMs = opts.ttlMs ?? 1000;
    this.#max = opts.maxBuckets ?? 1000;
    this.#now = opts.now ?? (() => performance.now());
  }

  /** The state held and still fresh, without reading (undefined when none is). */
  peek(bucket: string): VersioningState | undefined {
    const held = this.#entries.get(bucket);
    return held !== undefined && this.#now() - held.at < this.#ttlMs ? held.state : undefined;
  }

  async get(bucket: string): Promise<VersioningState> {
    const fresh = this.peek(bucket);
    if (fresh !== undefined) return fresh;
    const at = this.#now();
    const generation = this.#generation;
    const state = await bucketVersioning(this.#objects, bucket);
    if (generation !== this.#generation) return state;
    this.#entries.delete(bucket);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(bucket, { at, state });
    return state;
  }

  invalidate(bucket: string): void {
    this.#generation++;
    this.#entries.delete(bucket);
  }
}
