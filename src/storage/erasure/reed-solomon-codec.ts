/**
 * Reed-Solomon erasure codec over @ronomon/reed-solomon (native; encode runs in the libuv
 * threadpool, off the event loop). A block of `blockLen` bytes becomes k data shards and
 * m parity shards of `shardSize(blockLen)` bytes each (ceil(blockLen / k) rounded up to a
 * multiple of 8, data zero-padded). m = 0 is plain striping without a codec.
 */
import { createRequire } from 'node:module';
import { CorruptRecordError, QuorumError } from '../../errors/domain-errors.js';
import { encodeParitySync, SYNC_PARITY_MAX_BYTES } from './parity-sync.js';

interface RonomonReedSolomon {
  readonly MAX_K: number;
  readonly MAX_M: number;
  create(k: number, m: number): Buffer;
  encode(
    context: Buffer, sources: number, targets: number,
    buffer: Buffer, bufferOffset: number, bufferSize: number,
    parity: Buffer, parityOffset: number, paritySize: number,
    callback: (error: Error | undefined | null) => void,
  ): void;
}

const require = createRequire(import.meta.url);
const native = require('@ronomon/reed-solomon') as RonomonReedSolomon;

/** Contexts are immutable after create() and safe to share between concurrent encodes. */
const contexts = new Map<string, Buffer>();
function contextFor(k: number, m: number): Buffer {
  const id = `${k}+${m}`;
  let ctx = contexts.get(id);
  if (ctx === undefined) {
    ctx = native.create(k, m);
    contexts.set(id, ctx);
  }
  return ctx;
}

/** The encoding context of k+m (w, k, m, then the bit-matrix rows), for tests of its shape. */
export function encodingContext(k: number, m: number): Buffer {
  return contextFor(k, m);
}

export const MAX_DATA_SHARDS = native.MAX_K;
export const MAX_PARITY_SHARDS = native.MAX_M;

export class ReedSolomonCodec {
  readonly k: number;
  readonly m: number;

  constructor(k: number, m: number) {
    if (!Number.isInteger(k) || k < 1 || k > MAX_DATA_SHARDS) throw new RangeError(`data shards must be 1..${MAX_DATA_SHARDS}, got ${k}`);
    if (!Number.isInteger(m) || m < 0 || m > MAX_PARITY_SHARDS) throw new RangeError(`parity shards must be 0..${MAX_PARITY_SHARDS}, got ${m}`);
    this.k = k;
    this.m = m;
    if (m > 0) contextFor(k, m);
  }

  /** Bytes per shard for a block of blockLen bytes. */
  shardSize(blockLen: number): number {
    return shardSizeFor(this.k, this.m, blockLen);
  }

  /**
   * Allocate the contiguous data buffer for one block (k * shardSize, zero padded tail), so
   * a caller can fill it directly from the body without an extra copy.
   */
  allocBlock(blockLen: number): Buffer {
    const buf = Buffer.allocUnsafe(this.k * this.shardSize(blockLen));
    buf.fill(0, blockLen); // only the padding needs zeroing: the caller fills [0, blockLen)
    return buf;
  }

  /** Encode one block: k + m shards (views into two fresh buffers). */
  async encodeBlock(data: Buffer): Promise<Buffer[]> {
    const size = this.shardSize(data.length);
    const buffer = Buffer.alloc(this.k * size);
    data.copy(buffer);
    return this.encodePrepared(buffer, data.length);
  }

  /**
   * Encode a block whose data already sits in `buffer` (from allocBlock(blockLen), padding
   * zeroed). The data shards are views into `buffer`; the parity shards are views into
   * `parityOut` when it is given with m * shardSize bytes (recycled by writers), else into a
   * fresh buffer.
   */
  async encodePrepared(buffer: Buffer, blockLen: number, parityOut?: Buffer): Promise<Buffer[]> {
    const size = this.shardSize(blockLen);
    if (buffer.length !== this.k * size) throw new RangeError(`block buffer is ${buffer.length} bytes, expected ${this.k * size}`);
    const shards: Buffer[] = [];
    for (let i = 0; i < this.k; i++) shards.push(buffer.subarray(i * size, (i + 1) * size));
    if (this.m === 0 || size === 0) {
      for (let i = 0; i < this.m; i++) shards.push(Buffer.alloc(size));
      return shards;
    }
    // A caller-owned parity buffer of the right size is reused as it is: both encoders write
    // each parity chunk by a copy of its first source before XOR-ing the others in, and every
    // bit-row of the encoding matrix has a source (reed-solomon-codec.test.ts checks both), so
    // no byte of what the buffer held survives (it was zero-filled before: ~70 µs per 1 MiB
    // block of EC 2+2 on the event loop).
    const parity = parityOut !== undefined && parityOut.length === this.m * size ? parityOut : Buffer.allocUnsafe(this.m * size);
    if (buffer.length <= SYNC_PARITY_MAX_BYTES) {
      // Small blocks (inline objects): same bytes as the native encoder, without the thread hop.
      encodeParitySync(contextFor(this.k, this.m), buffer, parity, size);
      for (let i = 0; i < this.m; i++) shards.push(parity.subarray(i * size, (i + 1) * size));
      return shards;
    }
    let sources = 0;
    for (let i = 0; i < this.k; i++) sources |= 1 << i;
    let targets = 0;
    for (let i = this.k; i < this.k + this.m; i++) targets |= 1 << i;
    await runEncode(contextFor(this.k, this.m), sources, targets, buffer, parity);
    for (let i = 0; i < this.m; i++) shards.push(parity.subarray(i * size, (i + 1) * size));
    return shards;
  }

  /**
   * Rebuild the data of one block from any k good shards (undefined = missing or bad).
   * Throws QuorumError('read') when fewer than k shards are present.
   */
  async reconstruct(shards: readonly (Buffer | undefined)[], blockLen: number): Promise<Buffer> {
    const full = await this.#recover(shards, blockLen);
    return full.data;
  }

  /**
   * Zero-copy view of a block's data when all k data shards are present: the data shards
   * trimmed to blockLen (no decode, no join). undefined when a data shard is missing.
   */
  dataViews(shards: readonly (Buffer | undefined)[], blockLen: number): Buffer[] | undefined {
    const size = this.shardSize(blockLen);
    const out: Buffer[] = [];
    let left = blockLen;
    for (let i = 0; i < this.k && left > 0; i++) {
      const s = shards[i];
      if (s === undefined || s.length !== size) return undefined;
      const take = Math.min(size, left);
      out.push(take === s.length ? s : s.subarray(0, take));
      left -= take;
    }
    return out;
  }

  /** Rebuild every shard (data and parity) of one block, for healing. */
  async reconstructAll(shards: readonly (Buffer | undefined)[], blockLen: number): Promise<Buffer[]> {
    const { data } = await this.#recover(shards, blockLen);
    return this.encodeBlock(data);
  }

  async #recover(shards: readonly (Buffer | undefined)[], blockLen: number): Promise<{ data: Buffer }> {
    const { k, m } = this;
    const size = this.shardSize(blockLen);
    if (shards.length !== k + m) throw new RangeError(`expected ${k + m} shards, got ${shards.length}`);
    let present = 0;
    for (let i = 0; i < k + m; i++) {
      const s = shards[i];
      if (s === undefined) continue;
      if (s.length !== size) throw new CorruptRecordError(`shard ${i} is ${s.length} bytes, expected ${size}`);
      present++;
    }
    if (present < k) throw new QuorumError('read', k, present);
    const buffer = Buffer.alloc(k * size);
    let missingData = 0;
    for (let i = 0; i < k; i++) {
      const s = shards[i];
      if (s === undefined) missingData |= 1 << i;
      else s.copy(buffer, i * size);
    }
    if (missingData === 0 || size === 0) return { data: buffer.subarray(0, blockLen) };
    if (m === 0) throw new QuorumError('read', k, present);
    const parity = Buffer.alloc(m * size);
    let sources = 0;
    let used = 0;
    // Use exactly k sources: the present data shards plus the first present parity shards.
    for (let i = 0; i < k; i++) if ((missingData & (1 << i)) === 0) { sources |= 1 << i; used++; }
    for (let j = 0; j < m && used < k; j++) {
      const s = shards[k + j];
      if (s === undefined) continue;
      s.copy(parity, j * size);
      sources |= 1 << (k + j);
      used++;
    }
    await runEncode(contextFor(k, m), sources, missingData, buffer, parity);
    return { data: buffer.subarray(0, blockLen) };
  }
}

export function shardSizeFor(k: number, m: number, blockLen: number): number {
  const per = Math.ceil(blockLen / k);
  return m === 0 ? per : Math.ceil(per / 8) * 8;
}

function runEncode(ctx: Buffer, sources: number, targets: number, buffer: Buffer, parity: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      native.encode(ctx, sources, targets, buffer, 0, buffer.length, parity, 0, parity.length, (err) => {
        if (err) reject(new CorruptRecordError('reed-solomon encode failed', { cause: err }));
        else resolve();
      });
    } catch (err) {
      reject(new CorruptRecordError('reed-solomon encode rejected its input', { cause: err }));
    }
  });
}
