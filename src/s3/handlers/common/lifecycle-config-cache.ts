/**
 * The buckets' parsed lifecycle configurations for the `x-amz-expiration` header, so a GET, HEAD
 * or PUT does not read and parse the `lifecycle` config document every time. An entry lives
 * `ttlMs` (another process, `--workers N`, may change the document: its change shows here after
 * at most that long); Put/DeleteBucketLifecycleConfiguration in this process invalidate their
 * bucket at once. A document re-read with the same bytes keeps its parsed form. Bounded: the
 * oldest entry goes when `maxBuckets` are held.
 */
import { decodeLifecycleConfiguration, LIFECYCLE_CONFIG, type LifecycleConfiguration } from '../../../lifecycle/index.js';
import type { ObjectLayer } from '../../../object/object-layer.js';

interface Entry {
  readonly at: number;
  readonly doc: Buffer | undefined;
  readonly config: LifecycleConfiguration | undefined;
}

export interface LifecycleConfigCacheOptions {
  readonly ttlMs?: number;
  readonly maxBuckets?: number;
  readonly now?: () => number;
}

export class LifecycleConfigCache {
  readonly #objects: ObjectLayer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(objects: ObjectLayer, opts: LifecycleConfigCacheOptions = {}) {
    this.#objects = objects;
    this.#ttlMs = opts.ttlMs ?? 2000;
    this.#max = opts.maxBuckets ?? 1000;
    this.#now = opts.now ?? Date.now;
  }

  /** The bucket's configuration, undefined when it has none. */
  async get(bucket: string): Promise<LifecycleConfiguration | undefined> {
    const now = this.#now();
    const held = this.#entries.get(bucket);
    if (held !== undefined && now - held.at < this.#ttlMs) return held.config;
    const doc = await this.#objects.getBucketConfig({ bucket, name: LIFECYCLE_CONFIG });
    const config = doc === undefined ? undefined
      : held?.doc !== undefined && held.doc.equals(doc) ? held.config : decodeLifecycleConfiguration(doc);
    this.#entries.delete(bucket);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(bucket, { at: now, doc, config });
    return config;
  }

  invalidate(bucket: string): void {
    this.#entries.delete(bucket);
  }
}
