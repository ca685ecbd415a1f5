/**
 * Reading encrypted versions: the plaintext view of a version (size and part sizes as the
 * client sees them; the record keeps the stored figures), and the plaintext bytes of a range.
 * A range decrypts only the packages it touches (crypto `multipartSealedRanges`: every part
 * is its own stream, a single-part body is one part). A package that fails authentication
 * fails the stream before any byte of it is returned; the first package is opened before
 * the GET answers, so a body damaged at its start is a clean 500, never a cut 200.
 */
import { Readable } from 'node:stream';
import { multipartSealedRanges, SEALED_PACKAGE_SIZE, type PartRange, type SseCipher } from '../../crypto/index.js';
import type { ErasureSet, FrameBufferPool } from '../../storage/index.js';
import type { ObjectVersionRecord } from '../../storage/format/index.js';
import { allocShortLived } from '../../util/short-lived-slab.js';
import { chunksOf } from '../../util/stream-chunks.js';
import type { ByteRange } from '../object-layer.js';
import type { OpenBatchPool } from './open-batch-pool.js';
import { openChunks, openWholeWith, plainSizeOf, STREAM_HEADER_BYTES, type StreamSealKey } from './sse-body.js';
import { openChunksOffThread } from './sse-open-batches.js';
import type { StoredEncryption } from './sse-metadata.js';

/** The plaintext size and part sizes of an encrypted version (the record keeps the stored ones). */
export function plainSizes(v: ObjectVersionRecord, enc: StoredEncryption): { size: number; parts: ObjectVersionRecord['parts'] } {
  const parts = v.parts?.map((p) => ({ ...p, size: plainSizeOf(p.size) }));
  const size = enc.plainSize ?? (parts ? parts.reduce((n, p) => n + p.size, 0) : plainSizeOf(v.size));
  return { size, parts };
}

/** The version as the client sees it: plaintext size and part sizes. */
export function plainView(v: ObjectVersionRecord, enc: StoredEncryption): ObjectVersionRecord {
  const { size, parts } = plainSizes(v, enc);
  return { ...v, size, ...(parts ? { parts } : {}) };
}

/** Where the stored streams of a data-dir version are. */
export interface EncryptedData {
  readonly set: ErasureSet;
  readonly version: ObjectVersionRecord;
  /** Path of the stored file of part number `n`. */
  readonly pathOf: (n: number) => string;
  readonly frames: FrameBufferPool;
  readonly onDegraded: () => void;
  readonly signal?: AbortSignal;
  /** Worker threads that open the packages of large ranges; undefined: on the event loop. */
  readonly openPool?: OpenBatchPool;
}

/** Stored bytes of a part range from which its packages are opened on the pool's threads. */
export const OFF_THREAD_MIN_BYTES = 4 * SEALED_PACKAGE_SIZE;

/**
 * Plaintext of `range` of an inline version from its stored bytes and its stream's key
 * (sse-keys.ts `openStreamKey`). The plaintext is a response body, dropped once written: it is
 * cut from the short-lived slab (util/short-lived-slab.ts) instead of a buffer of its own.
 */
export function openInline(streamKey: Buffer, cipher: SseCipher, stored: Buffer, range: ByteRange | undefined): Buffer {
  const plain = openWholeWith(streamKey, cipher, stored, allocShortLived);
  return range === undefined ? plain : plain.subarray(range.start, range.end + 1);
}

/** Stored bytes [start, end] of one part file as a chunk stream. */
function readStored(d: EncryptedData, part: { number: number; size: number }, start: number, end: number): Readable {
  return d.set.readShards({
    layout: d.version.erasure!, path: d.pathOf(part.number), size: part.size, start, end,
    onDegraded: d.onDegraded, frames: d.frames, ...(d.signal ? { signal: d.signal } : {}),
  });
}

async function readIv(d: EncryptedData, part: { number: number; size: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of chunksOf(readStored(d, part, 0, STREAM_HEADER_BYTES - 1))) {
    chunks.push(Buffer.from(c));
    d.frames.release(c);
  }
  return Buffer.concat(chunks);
}

async function* openPart(key: StreamSealKey, d: EncryptedData, part: { number: number; size: number }, pr: PartRange): AsyncGenerator<Buffer> {
  const range = { firstSequence: pr.firstSequence, endsAtFinal: pr.endsAtFinal, skip: pr.skip, take: pr.take };
  const last = STREAM_HEADER_BYTES + pr.sealedOffset + pr.sealedLength - 1;
  const pool = pr.sealedLength >= OFF_THREAD_MIN_BYTES ? d.openPool : undefined;
  const open = (source: AsyncIterable<Buffer>, iv: Buffer | undefined): AsyncGenerator<Buffer> => (pool !== undefined
    ? openChunksOffThread(pool, key, source, range, iv, d.frames.release)
    : openChunks(key, source, range, iv, d.frames.release));
  if (pr.sealedOffset === 0) {
    // From the start: the IV is the first 32 bytes of the same read.
    yield* open(chunksOf(readStored(d, part, 0, last)), undefined);
    return;
  }
  const iv = await readIv(d, part);
  yield* open(chunksOf(readStored(d, part, STREAM_HEADER_BYTES + pr.sealedOffset, last)), iv);
}

async function* openRange(key: StreamSealKey, d: EncryptedData, range: ByteRange): AsyncGenerator<Buffer> {
  const stored = d.version.parts ?? [{ number: 1, size: d.version.size }];
  const partSizes = stored.map((p) => plainSizeOf(p.size));
  for (const pr of multipartSealedRanges({ partSizes, offset: range.start, length: range.end - range.start + 1 })) {
    yield* openPart(key, d, stored[pr.partIndex]!, pr);
  }
}

/**
 * The plaintext of `range` of a data-dir version, as a stream whose first chunk has already
 * been decrypted (a failure there rejects here, before anything is answered).
 */
export async function openDataRange(key: StreamSealKey, d: EncryptedData, range: ByteRange): Promise<Readable> {
  const it = openRange(key, d, range);
  const first = await it.next().catch(async (err: unknown) => { await it.return(undefined); throw err; });
  async function* all(): AsyncGenerator<Buffer> {
    if (first.done === true) return;
    yield first.value;
    yield* it;
  }
  return Readable.from(all(), { objectMode: false, highWaterMark: SEALED_PACKAGE_SIZE });
}
