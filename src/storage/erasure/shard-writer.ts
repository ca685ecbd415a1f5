/**
 * writeShards: stream a body into one bitrot-framed shard file per drive of a set.
 *
 * The body is cut into blocks of layout.blockSize, copied straight into the codec's block
 * buffer (each chunk is copied before the next is asked for, so a producer may reuse a chunk's
 * buffer once the next is asked for: the SSE sealer does), encoded (threadpool), and frame b
 * is written to every live drive in parallel. The
 * writes of block b overlap the reading and encoding of block b+1, and are awaited before
 * block b+1 is written: at most ~2 blocks are in memory whatever the object size (one when the
 * process's fill-ahead budget is spent, fill-ahead-budget.ts: the writes are awaited first). Those two
 * block buffers (and their parity) are recycled: once block b's writes all finished, its
 * buffers take block b+2, so a large PUT allocates no buffer per block (far less GC). A block
 * during whose writes a drive was dropped (a timed-out write may still read from it) is
 * never reused.
 * opts.onData (hashing) sees each filled block's data bytes, in body order, before the block
 * is handed to the encoder; a Promise it returns is awaited first (backpressure).
 * A drive that fails is dropped for the rest of the write; below write quorum everything is
 * aborted and removed and QuorumError('write') is thrown.
 */
import { IncompleteBodyError, QuorumError, DriveOfflineError } from '../../errors/domain-errors.js';
import type { CreateFileOptions, Drive, DriveFileWriter } from '../drive/drive.js';
import type { ShardWriteOptions, ShardWriteResult } from '../storage.js';
import { frameHeader } from './bitrot.js';
import { giveBlockBuffer, takeBlockBuffer } from './block-pool.js';
import { takeFillAhead } from './fill-ahead-budget.js';
import { checkLayout } from './layout-check.js';
import { raceAbort, abortError } from './abort.js';
import { withDriveTimeout } from './drive-timeout.js';
import type { ReedSolomonCodec } from './reed-solomon-codec.js';

/** The sums of a frame written as [header, shard]: chunk 0 gets the CRC-32C of chunk 1. */
const HEADER_THEN_SHARD: readonly number[] = [0, 1];

export function writeQuorumFor(k: number, m: number): number {
  return k === m ? k + 1 : k;
}

export interface WriteContext {
  readonly drives: readonly Drive[];
  readonly codec: ReedSolomonCodec;
  /** Deadline for one file open or frame write on one drive (ms); a late drive is dropped. */
  readonly driveTimeoutMs: number;
}

export async function writeShards(ctx: WriteContext, opts: ShardWriteOptions): Promise<ShardWriteResult> {
  const { drives, codec, driveTimeoutMs } = ctx;
  const { layout, path, signal } = opts;
  const { algo } = checkLayout(layout, drives.length);
  // The frame's checksum is a 4-byte CRC-32C of its shard (bitrot.ts): a drive writer can sum it.
  const summedHeaders = algo.crc32cFrom === algo.checksumSize && algo.checksumSize === 4;
  const n = drives.length;
  const quorum = writeQuorumFor(layout.k, layout.m);
  const expected = opts.expectedSize ?? -1;
  const errors = new Array<Error | undefined>(n).fill(undefined);
  const writers = new Array<DriveFileWriter | undefined>(n).fill(undefined);
  const finished = new Array<boolean>(n).fill(false);
  let pending: Promise<void> = Promise.resolve();
  let it: AsyncIterator<Buffer> | undefined;

  let drops = 0;
  // Aborts of dropped drives run on while the write goes on; a failed write awaits them (each
  // bounded by the drive deadline) so that nothing is left behind once it rejects.
  const dropAborts: Promise<unknown>[] = [];
  const drop = (d: number, err: unknown) => {
    drops++;
    if (errors[d] === undefined) errors[d] = err instanceof Error ? err : new Error(String(err));
    const w = writers[d];
    writers[d] = undefined;
    if (w !== undefined) {
      dropAborts.push(withDriveTimeout(w.abort(), driveTimeoutMs, drives[d]!.endpoint).catch(() => undefined));
    }
  };
  const alive = () => writers.reduce((c, w) => c + (w === undefined ? 0 : 1), 0);
  const requireQuorum = () => {
    const live = alive();
    if (live < quorum) throw new QuorumError('write', quorum, live, { cause: errors.find((e) => e !== undefined) });
  };

  // Recycling (see the header): the full-size block whose writes are in flight, and spares.
  let inFlight: { block: Buffer; parity: Buffer | undefined; drops: number } | undefined;
  let spareBlock: Buffer | undefined;
  let spareParity: Buffer | undefined;
  const parityBytes = layout.m * codec.shardSize(layout.blockSize);

  const blockSize = layout.blockSize;
  const blockBytes = layout.k * codec.shardSize(blockSize);
  const newFullBlock = (): Buffer => {
    const b = spareBlock ?? takeBlockBuffer('data', blockBytes, blockSize) ?? codec.allocBlock(blockSize);
    spareBlock = undefined;
    return b;
  };
  /** Buffers no write can still read go back to the process-wide pool (block-pool.ts). */
  const recycle = () => {
    if (spareBlock !== undefined) giveBlockBuffer('data', spareBlock, blockSize);
    if (spareParity !== undefined) giveBlockBuffer('parity', spareParity, blockSize);
    if (inFlight !== undefined && inFlight.drops === drops) {
      giveBlockBuffer('data', inFlight.block, blockSize);
      if (inFlight.parity !== undefined) giveBlockBuffer('parity', inFlight.parity, blockSize);
    }
    spareBlock = spareParity = inFlight = undefined;
  };

  /** The fill-ahead budget this write holds once granted (given back when it ends). */
  let aheadGrant: (() => void) | undefined;
  /** Waits for the writes in flight; their buffers become the spares (one block held, not two). */
  const settleWrites = async () => {
    await pending;
    if (inFlight === undefined || inFlight.drops !== drops) return;
    if (spareBlock !== undefined) giveBlockBuffer('data', spareBlock, blockSize);
    if (spareParity !== undefined) giveBlockBuffer('parity', spareParity, blockSize);
    spareBlock = inFlight.block;
    spareParity = inFlight.parity;
    inFlight = undefined;
  };

  // A new file of one block is written by one finishWith() per drive where the drive offers it
  // (a LocalDrive: one thread-pool job for the whole file instead of four).
  const oneBlock = opts.newFile === true && expected > 0 && expected <= blockSize;

  const writeBlock = async (buffer: Buffer, blockLen: number) => {
    const full = blockLen === blockSize;
    let parity: Buffer | undefined;
    if (full && parityBytes > 0) {
      parity = spareParity ?? takeBlockBuffer('parity', parityBytes, blockSize) ?? Buffer.allocUnsafe(parityBytes);
      spareParity = undefined;
    }
    const shards = await codec.encodePrepared(buffer, blockLen, parity);
    await pending;
    if (inFlight !== undefined && inFlight.drops === drops) {
      spareBlock = inFlight.block;
      spareParity = inFlight.parity;
    }
    inFlight = full ? { block: buffer, parity, drops } : undefined;
    requireQuorum();
    pending = Promise.all(writers.map(async (w, d) => {
      if (w === undefined) return;
      const shard = shards[layout.distribution[d]!]!;
      try {
        // Gathered write of [checksum][shard] when the drive offers it: no frame copy; the
        // checksum summed where the frame is written when the drive can (a pool thread).
        // A one-block file is written and finished in one call where the drive offers it.
        const last = oneBlock && w.finishWith !== undefined;
        const summed = summedHeaders && (last || w.writevSummed !== undefined);
        const frame = summed ? [Buffer.allocUnsafe(4), shard] : [frameHeader(algo, shard), shard];
        const sums = summed ? HEADER_THEN_SHARD : undefined;
        const io = last ? w.finishWith!(frame, sums) : summed ? w.writevSummed!(frame, HEADER_THEN_SHARD)
          : w.writev !== undefined ? w.writev(frame) : w.write(Buffer.concat(frame)); // header summed once
        await withDriveTimeout(io, driveTimeoutMs, drives[d]!.endpoint);
        if (last) finished[d] = true;
      } catch (err) {
        drop(d, err);
      }
    })).then(() => undefined);
  };

  try {
    if (signal?.aborted) throw abortError(signal);
    // The body's iterator first: a body destroyed (client gone, abort) while the files are
    // being created then rejects its next() instead of emitting an error nobody listens to.
    it = opts.body[Symbol.asyncIterator]();
    await Promise.all(drives.map(async (drive, d) => {
      if (!drive.isOnline()) { errors[d] = new DriveOfflineError(drive.endpoint); return; }
      const opening = drive.createFile(path, fileOptions(opts, oneBlock, layout.distribution[d]! >= layout.k));
      try {
        writers[d] = await withDriveTimeout(opening, driveTimeoutMs, drive.endpoint);
      } catch (err) {
        // A createFile that answers after its deadline is aborted so nothing is left behind.
        void opening.then((late) => late.abort(), () => undefined);
        errors[d] = err instanceof Error ? err : new Error(String(err));
      }
    }));
    requireQuorum();

    // The current block is allocated when its first byte arrives, sized to what is left of a
    // body of known length (a 256 KiB body gets a 256 KiB block, written without a copy).
    let block: Buffer | undefined;
    let target = 0;
    let fill = 0;
    let received = 0;
    // Bounded by the body: each iteration consumes one chunk.
    for (;;) {
      const r = await raceAbort(it.next(), signal);
      if (r.done) break;
      const chunk = toBuffer(r.value);
      if (chunk.length === 0) continue;
      const before = received;
      received += chunk.length;
      if (expected >= 0 && received > expected) throw new IncompleteBodyError(expected, received);
      let off = 0;
      while (off < chunk.length) {
        if (block === undefined) {
          target = expected >= 0 ? Math.min(blockSize, expected - (before + off)) : blockSize;
          // Filling ahead of the previous block's writes takes the process's budget; past it,
          // the writes are waited for and their buffers take this block (fill-ahead-budget.ts).
          if (target === blockSize && inFlight !== undefined && aheadGrant === undefined) {
            aheadGrant = takeFillAhead(blockBytes + parityBytes);
            if (aheadGrant === undefined) await settleWrites();
          }
          block = target === blockSize ? newFullBlock() : codec.allocBlock(target);
        }
        const take = Math.min(target - fill, chunk.length - off);
        chunk.copy(block, fill, off, off + take);
        fill += take;
        off += take;
        if (fill === target) {
          const r = opts.onData?.(block.subarray(0, target));
          if (r !== undefined) await r;
          await writeBlock(block, target);
          block = undefined;
          fill = 0;
        }
      }
    }
    if (expected >= 0 && received !== expected) throw new IncompleteBodyError(expected, received);
    if (block !== undefined && fill > 0) {
      // Body of unknown length: its last block is shorter than the buffer it was read into.
      const r = opts.onData?.(block.subarray(0, fill));
      if (r !== undefined) await r;
      const last = codec.allocBlock(fill);
      block.copy(last, 0, 0, fill);
      giveBlockBuffer('data', block, blockSize); // a full-size buffer nothing else holds
      await writeBlock(last, fill);
    }
    await pending;
    recycle();
    if (signal?.aborted) throw abortError(signal);
    requireQuorum();
    await Promise.all(writers.map(async (w, d) => {
      if (w === undefined || finished[d]) return;
      try {
        await w.finish();
        finished[d] = true;
      } catch (err) {
        writers[d] = undefined;
        errors[d] ??= err instanceof Error ? err : new Error(String(err));
      }
    }));
    requireQuorum();
    return { size: received, written: finished.slice(), errors: errors.slice() };
  } catch (err) {
    // Let the body's producer release its resources (it may be mid-next(): don't wait for it).
    if (it?.return !== undefined) void Promise.resolve().then(() => it!.return!()).catch(() => undefined);
    await pending.catch(() => undefined);
    recycle();
    await Promise.all(writers.map(async (w, d) => {
      if (w !== undefined && !finished[d]) await w.abort();
    }));
    await Promise.all(dropAborts);
    // Files that were already made durable are removed too: nothing is left behind.
    await Promise.all(drives.map(async (drive, d) => {
      if (finished[d]) await drive.remove(path).catch(() => undefined);
    }));
    throw err;
  } finally {
    aheadGrant?.();
  }
}

/**
 * How each drive's file is created: a new data file (of one block: written whole), a part in
 * place (its entry synced), or a staging file; a parity shard's pages are dropped from the
 * page cache once synced (GETs read the data shards; healing and scrubs read it from disk).
 */
function fileOptions(opts: ShardWriteOptions, oneBlock: boolean, parity: boolean): CreateFileOptions {
  const newFile = opts.newFile === true;
  return { newFile, singleWrite: oneBlock, syncEntry: !newFile && opts.syncEntry === true, dropCache: parity };
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('body chunks must be Buffers');
}
