/**
 * The buckets' default encryption (the `encryption` config document, bucket-encryption.ts), so
 * a PUT, POST, copy or CreateMultipartUpload without encryption headers does not read the
 * document from a quorum of drives every time. As LifecycleConfigCache: an entry lives `ttlMs`
 * (default 2 s; another `--workers` process that changes the document is seen here after at
 * most that long), Put/DeleteBucketEncryption and DeleteBucket in this process invalidate their
 * bucket at once, and the oldest entry goes when `maxBuckets` are held. A failed read is not
 * cached (the next request asks again).
 */
import type { ObjectLayer } from '../../../object/object-layer.js';
import { decodeEncryptionConfig, ENCRYPTION_CONFIG, type BucketEncryption } from './bucket-encryption.js';

interface Entry {
  readonly at: number;
  readonly config: BucketEncryption | undefined;
}

export interface EncryptionConfigCacheOptions {
  readonly ttlMs?: number;
  readonly maxBuckets?: number;
  readonly now?: () => number;
}

export class EncryptionConfigCache {
  readonly #objects: Pick<ObjectLayer, 'getBucketConfig'>;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Reads in flight, so concurrent requests of one bucket share one read. */
  readonly #reading = new Map<string, Promise<BucketEncryption | undefined>>();
  /** Bumped by invalidate: a read that started before it does not fill the cache. */
  #generation = 0;

  constructor(objects: Pick<ObjectLayer, 'getBucketConfig'>, opts: EncryptionConfigCacheOptions = {}) {
    this.#objects = objects;
    this.#ttlMs = opts.ttlMs ?? 2000;
    this.#max = Math.max(1, opts.maxBuckets ?? 1000);
    this.#now = opts.now ?? Date.now;
  }

  /** The bucket's default encryption, undefined when it has none (BucketNotFoundError for no bucket). */
  get(bucket: string): Promise<BucketEncryption | undefined> {
    const held = this.#entries.get(bucket);
    if (held !== undefined && this.#now() - held.at < this.#ttlMs) return Promise.resolve(held.config);
    const reading = this.#reading.get(bucket);
    if (reading !== undefined) return reading;
    const generation = this.#generation;
    const at = this.#now();
    const read = this.#objects.getBucketConfig({ bucket, name: ENCRYPTION_CONFIG })
      .then((doc) => {
        const config = decodeEncryptionConfig(doc);
        if (generation === this.#generation) this.#remember(bucket, { at, config });
        return config;
      })
      .finally(() => { if (this.#reading.get(bucket) === read) this.#reading.delete(bucket); });
    this.#reading.set(bucket, read);
    return read;
  }

  invalidate(bucket: string): void {
    this.#generation++;
    this.#entries.delete(bucket);
    this.#reading.delete(bucket);
  }

  #remember(bucket: string, entry: Entry): void {
    this.#entries.delete(bucket);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(bucket, entry);
  }
}
