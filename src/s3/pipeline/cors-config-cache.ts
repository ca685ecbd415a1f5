/**
 * The CORS rules of each bucket, cached for the pipeline: every request that carries an
 * Origin header needs them (preflight and actual requests), and reading a bucket config
 * document is a quorum read over every drive.
 *
 * An entry lives `ttlMs` (default 5 s), bounded to `maxEntries` buckets (oldest dropped). This
 * process forgets a bucket at once when it changes or deletes that bucket's CORS configuration
 * or the bucket (the pipeline calls `forget` after such an operation succeeds); another
 * process (`--workers N`) sees a change within the TTL. A missing bucket is cached as "no rules".
 */
import { BucketNotFoundError } from '../../errors/domain-errors.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import { CORS_CONFIG, decodeCorsDocument } from '../cors/cors-document.js';
import type { CorsRule } from '../xml/shapes/cors-configuration.js';

export interface CorsConfigCacheOptions {
  readonly objects: ObjectLayer;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly rules: readonly CorsRule[] | undefined;
  readonly expires: number;
}

export class CorsConfigCache {
  readonly #objects: ObjectLayer;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(opts: CorsConfigCacheOptions) {
    this.#objects = opts.objects;
    this.#ttlMs = opts.ttlMs ?? 5000;
    this.#max = opts.maxEntries ?? 1000;
    this.#now = opts.now ?? Date.now;
  }

  /** The bucket's rules; undefined when it has no CORS configuration or does not exist. */
  async rules(bucket: string): Promise<readonly CorsRule[] | undefined> {
    const now = this.#now();
    const hit = this.#entries.get(bucket);
    if (hit !== undefined && hit.expires > now) return hit.rules;
    let rules: readonly CorsRule[] | undefined;
    try {
      rules = decodeCorsDocument(await this.#objects.getBucketConfig({ bucket, name: CORS_CONFIG }));
    } catch (err) {
      if (!(err instanceof BucketNotFoundError)) throw err;
      rules = undefined;
    }
    this.#entries.delete(bucket);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(bucket, { rules, expires: now + this.#ttlMs });
    return rules;
  }

  forget(bucket: string): void {
    this.#entries.delete(bucket);
  }
}
