/**
 * openChunks (sse-body.ts) with the packages opened on worker threads (open-batch-pool.ts):
 * the stored bytes are cut into batches of BATCH_PACKAGES whole packages, each sent as the
 * views of the source chunks it covers (chunks in shared memory, SharedArrayBuffer: the
 * frames a GET reads into, get-object.ts) with a plaintext buffer of its own that the worker
 * opens the packages into. The worker reads the stored bytes where the drive read put them;
 * bytes of a chunk not in shared memory (a degraded read's decoded block, a small frame) are
 * copied into a shared spill buffer of the batch. A source chunk is released only once every
 * batch that covers it was answered (answers can come back out of order from two workers),
 * and at most IN_FLIGHT batches are out at once (memory per GET: about IN_FLIGHT + 1 batches
 * of 1 MiB of stored chunks and as many plaintext buffers). Plaintext comes back in 1 MiB
 * chunks, in order; a consumer that hands each plaintext chunk to releasePlainChunk once sent
 * lets later batches reuse its buffer.
 *
 * Same guarantees as openChunks: a package's plaintext is handed on only after it verified;
 * the packages before a failing one are handed on, then the failure, never a byte of it; a
 * full batch is sent as non-final only once a later byte shows it is not the stream's end, so
 * the final package is always opened as final (truncation and appended data are detected).
 */
import { deriveStreamKey, PACKAGE_SIZE, SEALED_PACKAGE_SIZE, type PackageOpenerOptions } from '../../crypto/index.js';
import { DecryptionFailedError } from '../../errors/domain-errors.js';
import type { OpenBatchPool, OpenedPlain } from './open-batch-pool.js';
import { STREAM_HEADER_BYTES, type StreamSealKey } from './sse-body.js';

export const BATCH_PACKAGES = 16;
const BATCH_BYTES = BATCH_PACKAGES * SEALED_PACKAGE_SIZE;
const PLAIN_BATCH_BYTES = BATCH_PACKAGES * PACKAGE_SIZE;
const IN_FLIGHT = 3;
/** Free buffers of each kind kept for reuse by all GETs of the process (at most 16 of each: ~32 MiB). */
const MAX_FREE_BUFFERS = 16;

/**
 * Spill and plaintext buffers, recycled: a fresh 1 MiB buffer per batch costs page faults and
 * external-memory garbage collections (as shard frames do, see storage FrameBufferPool). A
 * plaintext buffer's ArrayBuffer travels to a worker and back (a transfer makes a new
 * ArrayBuffer object each way) and is free again once the consumer sent it, recognised by the
 * chunk object handed out: each lent chunk object is accepted back once. A spill buffer
 * (shared) is free again once its batch was answered.
 */
const freeSpill: SharedArrayBuffer[] = [];
const freePlain: ArrayBuffer[] = [];
const lentChunks = new WeakSet<Buffer>();

function takePlain(): Buffer {
  const ab = freePlain.pop();
  return ab === undefined ? Buffer.allocUnsafeSlow(PLAIN_BATCH_BYTES) : Buffer.from(ab);
}

function takeSpill(): Buffer {
  return Buffer.from(freeSpill.pop() ?? new SharedArrayBuffer(BATCH_BYTES));
}

function giveBack<T extends ArrayBufferLike>(free: T[], ab: T, bytes: number): void {
  if (ab.byteLength === bytes && free.length < MAX_FREE_BUFFERS) free.push(ab);
}

/** Tests: plaintext buffers free for reuse. */
export function freeBatchesForTest(): number {
  return freePlain.length;
}

/** The consumer sent `chunk` (a plaintext chunk of openChunksOffThread): its buffer may be reused; others are ignored. */
export function releasePlainChunk(chunk: Buffer): void {
  if (!lentChunks.has(chunk)) return;
  lentChunks.delete(chunk);
  if (chunk.buffer instanceof ArrayBuffer) giveBack(freePlain, chunk.buffer, PLAIN_BATCH_BYTES);
}

/**
 * The plaintext of stored bytes, as openChunks, with the packages opened on `pool`.
 *
 * Two loops: a filler reads `source`, copies it into batches and sends them, while this
 * generator hands out the answers in order. The filler runs on while the consumer is paused
 * (its last chunk being written to a socket), so reading the next stored bytes, opening them
 * on a worker and writing the plaintext overlap; it waits while IN_FLIGHT batches are sent and
 * not yet handed out (the one handed out last counts until the consumer asks for the next).
 */
export async function* openChunksOffThread(
  pool: OpenBatchPool, key: StreamSealKey, source: AsyncIterable<Buffer>, range: PackageOpenerOptions,
  iv: Buffer | undefined, release: (chunk: Buffer) => void,
): AsyncGenerator<Buffer> {
  const ownKey = (ivBytes: Buffer): Uint8Array => new Uint8Array(deriveStreamKey(key.objectKey, ivBytes));
  let skip = range.skip ?? 0;
  let take = range.take ?? Number.POSITIVE_INFINITY;
  /** Sent batches not yet handed out, oldest first (the one handed out last stays until the next ask). */
  const queue: Promise<OpenedPlain>[] = [];
  let fillerDone = false;
  let fillerError: unknown;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeFiller: (() => void) | undefined;
  const wake = (which: 'consumer' | 'filler'): void => {
    const w = which === 'consumer' ? wakeConsumer : wakeFiller;
    if (which === 'consumer') wakeConsumer = undefined; else wakeFiller = undefined;
    w?.();
  };

  async function fill(): Promise<void> {
    let streamKey = iv === undefined ? undefined : ownKey(iv);
    let header: Buffer[] = [];
    let headerBytes = 0;
    let sequence = range.firstSequence ?? 0;
    /** The batch being filled: views of its stored bytes, in order, and how many. */
    let segments: Buffer[] = [];
    let filled = 0;
    /** Shared copy of the batch's bytes from chunks not in shared memory, and how much of it is used. */
    let spill: Buffer | undefined;
    let spilled = 0;
    /** Source chunks whose last byte is in the batch being filled. */
    let ending: Buffer[] = [];
    /** Settles once every batch sent so far was answered and its ending chunks released. */
    let answered: Promise<unknown> = Promise.resolve();
    const releaseAfter = (sent: Promise<unknown>, chunks: Buffer[], spillBuf: Buffer | undefined): void => {
      answered = Promise.allSettled([answered, sent]).then(() => {
        for (const c of chunks) release(c);
        if (spillBuf !== undefined) giveBack(freeSpill, spillBuf.buffer as SharedArrayBuffer, BATCH_BYTES);
      });
    };
    const send = (lastIsFinal: boolean): void => {
      const sent = pool.open({ key: streamKey!, cipher: key.cipher, firstSequence: sequence, lastIsFinal }, segments, takePlain());
      sent.catch(() => {}); // a batch abandoned by an earlier failure or an early return
      queue.push(sent);
      releaseAfter(sent, ending, spill);
      sequence += Math.ceil(filled / SEALED_PACKAGE_SIZE);
      segments = [];
      filled = 0;
      spill = undefined;
      spilled = 0;
      ending = [];
      wake('consumer');
    };
    try {
      for await (const chunk of source) {
        if (stopped) { release(chunk); return; }
        let rest = chunk;
        if (streamKey === undefined && rest.length > 0) {
          const n = Math.min(STREAM_HEADER_BYTES - headerBytes, rest.length);
          header.push(Buffer.from(rest.subarray(0, n)));
          headerBytes += n;
          rest = rest.subarray(n);
          if (headerBytes === STREAM_HEADER_BYTES) {
            streamKey = ownKey(Buffer.concat(header));
            header = [];
          }
        }
        if (rest.length === 0) { release(chunk); continue; }
        const shared = rest.buffer instanceof SharedArrayBuffer;
        while (rest.length > 0) {
          if (filled === BATCH_BYTES) {
            while (queue.length >= IN_FLIGHT && !stopped) await new Promise<void>((resolve) => { wakeFiller = resolve; });
            if (stopped) { ending.push(chunk); return; }
            send(false);
          }
          const n = Math.min(BATCH_BYTES - filled, rest.length);
          if (shared) {
            segments.push(rest.subarray(0, n));
          } else {
            spill ??= takeSpill();
            rest.copy(spill, spilled, 0, n);
            segments.push(spill.subarray(spilled, spilled + n));
            spilled += n;
          }
          filled += n;
          rest = rest.subarray(n);
        }
        ending.push(chunk);
      }
      if (streamKey === undefined) throw new DecryptionFailedError('stored stream is shorter than its IV');
      if (filled === 0) throw new DecryptionFailedError(`no package at sequence ${sequence} (truncated stream)`);
      while (queue.length >= IN_FLIGHT && !stopped) await new Promise<void>((resolve) => { wakeFiller = resolve; });
      if (!stopped) send(range.endsAtFinal ?? true);
    } finally {
      // Stopped or failed: what an unsent batch holds goes back once the sent ones were answered.
      if (ending.length > 0 || spill !== undefined) releaseAfter(Promise.resolve(), ending, spill);
    }
  }
  const filling = fill().then(
    () => { fillerDone = true; wake('consumer'); },
    (err: unknown) => { fillerError = err; fillerDone = true; wake('consumer'); },
  );

  try {
    for (;;) {
      if (queue.length === 0) {
        if (fillerDone) break;
        await new Promise<void>((resolve) => { wakeConsumer = resolve; });
        continue;
      }
      const opened = await queue[0]!;
      let plain = opened.plain;
      if (skip > 0) {
        const drop = Math.min(skip, plain.length);
        plain = plain.subarray(drop);
        skip -= drop;
      }
      if (plain.length > take) plain = plain.subarray(0, take);
      take -= plain.length;
      if (plain.length > 0) {
        lentChunks.add(plain);
        yield plain;
      }
      if (opened.error !== undefined) throw new DecryptionFailedError(opened.error);
      queue.shift();
      wake('filler');
    }
    if (fillerError !== undefined) throw fillerError;
    if (range.take !== undefined && take > 0) {
      throw new DecryptionFailedError(`stream ended ${take} bytes before the end of the range`);
    }
  } finally {
    // Done, failed or abandoned: the filler stops at its next chunk (releasing it) and ends the source.
    stopped = true;
    wake('filler');
    await filling;
  }
}
