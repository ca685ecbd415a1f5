/**
 * Digest of a body while it streams: md5 (the S3 ETag) plus the requested S3 checksum
 * algorithms (util/checksums.ts). `update` is synchronous so it can be passed as
 * ErasureSet.writeShards' `onData`; `digests()` is called once after the body ended.
 *
 * Contract (used by put-object and multipart put-part):
 *   const d = new BodyDigester(['CRC32C']);
 *   for each chunk: d.update(chunk);
 *   const { size, md5, checksums } = d.digests();   // raw digest bytes
 *
 * StreamDigester is what the object layer codes against: BodyDigester (synchronous, on the
 * calling thread) and util/digest-pool.ts's OffThreadDigest (hashing on a worker thread;
 * update and digests return Promises) both fit it. Await each update before the next one.
 */
import { createHash, type Hash } from 'node:crypto';
import { createChecksum, type ChecksumAlgorithm, type ChecksumHasher } from './checksums.js';

export interface Digests {
  readonly size: number;
  readonly md5: Buffer;
  readonly checksums: Partial<Record<ChecksumAlgorithm, Buffer>>;
}

/** A body digest in progress, synchronous or not. */
export interface StreamDigester {
  /** Feed the next bytes of the body, in order (a Promise: await it before the next update). */
  update(chunk: Buffer): void | Promise<void>;
  /** Call once after the last update. */
  digests(): Digests | Promise<Digests>;
  /** Give up: release whatever the digest holds (off-thread state, shared memory). */
  abort?(): void;
}

export class BodyDigester implements StreamDigester {
  #md5: Hash = createHash('md5');
  #hashers: [ChecksumAlgorithm, ChecksumHasher][];
  #size = 0;
  #done: Digests | undefined;

  constructor(algorithms: readonly ChecksumAlgorithm[] = []) {
    this.#hashers = [...new Set(algorithms)].map((a) => [a, createChecksum(a)]);
  }

  get size(): number { return this.#size; }

  /** Bound so it can be handed out as a callback. */
  readonly update = (chunk: Buffer): void => {
    this.#size += chunk.length;
    this.#md5.update(chunk);
    for (const [, h] of this.#hashers) h.update(chunk);
  };

  digests(): Digests {
    if (!this.#done) {
      const checksums: Partial<Record<ChecksumAlgorithm, Buffer>> = {};
      for (const [a, h] of this.#hashers) checksums[a] = h.digest();
      this.#done = { size: this.#size, md5: this.#md5.digest(), checksums };
    }
    return this.#done;
  }
}
