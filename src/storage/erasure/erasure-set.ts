/**
 * ErasureSetImpl: one erasure set of a deployment — k data + m parity shards over its drives,
 * with the streamed shard-file data path, inline payloads and healing.
 */
import type { Readable } from 'node:stream';
import type { Drive } from '../drive/drive.js';
import type {
  ErasureLayout, ErasureSet, ShardHealOptions, ShardReadOptions, ShardWriteOptions, ShardWriteResult,
} from '../storage.js';
import { DEFAULT_BITROT } from './bitrot.js';
import { DEFAULT_DRIVE_TIMEOUT_MS } from './drive-timeout.js';
import { decodeInline, encodeInline } from './inline-codec.js';
import { distributionFor, MAX_BLOCK_SIZE } from './layout-check.js';
import { ReedSolomonCodec } from './reed-solomon-codec.js';
import { readShardRange, ShardReadStream } from './shard-reader.js';
import { healShards } from './shard-healer.js';
import { writeQuorumFor, writeShards } from './shard-writer.js';

export const DEFAULT_BLOCK_SIZE = 1024 * 1024;

export interface ErasureSetOptions {
  readonly index: number;
  readonly drives: readonly Drive[];
  /** Parity shards for new objects. */
  readonly parity: number;
  readonly blockSize?: number;
  /** Deadline for one frame read/write or file open on one drive (ms); default 30 s. */
  readonly driveTimeoutMs?: number;
}

export class ErasureSetImpl implements ErasureSet {
  readonly index: number;
  readonly drives: readonly Drive[];
  readonly k: number;
  readonly m: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
  readonly blockSize: number;
  readonly driveTimeoutMs: number;
  readonly #codecs = new Map<string, ReedSolomonCodec>();

  constructor(opts: ErasureSetOptions) {
    const n = opts.drives.length;
    if (n < 1) throw new RangeError('an erasure set needs at least one drive');
    if (!Number.isInteger(opts.parity) || opts.parity < 0 || opts.parity > Math.floor(n / 2)) {
      throw new RangeError(`parity ${opts.parity} invalid for a set of ${n} drives`);
    }
    const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
    if (!Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK_SIZE) throw new RangeError(`bad block size ${blockSize}`);
    this.index = opts.index;
    this.drives = opts.drives;
    this.m = opts.parity;
    this.k = n - opts.parity;
    this.readQuorum = this.k;
    this.writeQuorum = writeQuorumFor(this.k, this.m);
    this.blockSize = blockSize;
    this.driveTimeoutMs = opts.driveTimeoutMs ?? DEFAULT_DRIVE_TIMEOUT_MS;
    this.#codec(this.k, this.m);
  }

  layoutFor(bucket: string, key: string): ErasureLayout {
    return {
      k: this.k,
      m: this.m,
      blockSize: this.blockSize,
      distribution: distributionFor(bucket, key, this.drives.length),
      bitrot: DEFAULT_BITROT,
    };
  }

  writeShards(opts: ShardWriteOptions): Promise<ShardWriteResult> {
    return writeShards({ drives: this.drives, codec: this.#codecFor(opts.layout), driveTimeoutMs: this.driveTimeoutMs }, opts);
  }

  readShards(opts: ShardReadOptions): Readable {
    return new ShardReadStream(this.drives, this.#codecFor(opts.layout), opts, this.driveTimeoutMs);
  }

  readShardRange(opts: ShardReadOptions): Promise<Buffer[]> {
    return readShardRange(this.drives, this.#codecFor(opts.layout), opts, this.driveTimeoutMs);
  }

  encodeInline(layout: ErasureLayout, data: Buffer): Promise<Buffer[]> {
    return encodeInline(this.#codecFor(layout), layout, this.drives.length, data);
  }

  decodeInline(layout: ErasureLayout, shards: readonly (Buffer | undefined)[], size: number): Promise<{ data: Buffer; bad: number[] }> {
    return decodeInline(this.#codecFor(layout), layout, shards, size);
  }

  healShards(opts: ShardHealOptions): Promise<void> {
    return healShards(this.drives, this.#codecFor(opts.layout), { ...opts, driveTimeoutMs: this.driveTimeoutMs });
  }

  /** Codec for a stored layout; its k/m are validated against the set by the data path. */
  #codecFor(layout: ErasureLayout): ReedSolomonCodec {
    const k = layout?.k;
    const m = layout?.m;
    if (Number.isInteger(k) && Number.isInteger(m) && k + m === this.drives.length && k >= 1 && m >= 0) {
      try { return this.#codec(k, m); } catch { /* fall through: checkLayout reports it */ }
    }
    return this.#codec(this.k, this.m);
  }

  #codec(k: number, m: number): ReedSolomonCodec {
    const id = `${k}+${m}`;
    let c = this.#codecs.get(id);
    if (c === undefined) {
      c = new ReedSolomonCodec(k, m);
      this.#codecs.set(id, c);
    }
    return c;
  }
}
