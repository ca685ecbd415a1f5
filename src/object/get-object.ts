/**
 * GetObject / HeadObject: quorum read of the record, version selection, conditions, then the
 * body: inline (decodeInline over the drives' copies of the version), a single shard file
 * (`part.1`), or a multipart object streamed part after part (`part.N`), reading only the
 * blocks of the requested range.
 */
import { Readable } from 'node:stream';
import {
  ObjectDeletedError, ObjectNotFoundError, VersionIsDeleteMarkerError, VersionNotFoundError, InvalidVersionIdError,
} from '../errors/domain-errors.js';
import type { ObjectRecord, ObjectVersionRecord } from '../storage/format/index.js';
import { FrameBufferPool } from '../storage/index.js';
import { chunksOf } from '../util/stream-chunks.js';
import { checkReadConditions } from './conditions.js';
import { isValidVersionId, shardPathOf } from './ids.js';
import type { LayerContext } from './layer-context.js';
import { toObjectInfoOf, validateObjectKey } from './object-info.js';
import type {
  ByteRange, GetObjectRequest, GetObjectResult, HeadObjectRequest, ObjectAddress, ObjectInfo, OpContext,
} from './object-layer.js';
import { resolveRange, selectPart } from './ranges.js';
import { readKey, versionOnDrive, type KeyRead } from './record-quorum.js';
import type { CustomerKey } from './sse/sse-contract.js';
import { streamIvOf } from './sse/sse-body.js';
import { checkCustomerKey, openSealing, openStreamKey } from './sse/sse-keys.js';
import { storedEncryptionOf, type StoredEncryption } from './sse/sse-metadata.js';
import { openDataRange, openInline, plainView } from './sse/sse-read.js';
import { releasePlainChunk } from './sse/sse-open-batches.js';

/** An object and optionally one of its versions (the latest when versionId is absent). */
export type VersionAddress = ObjectAddress & { readonly versionId?: string };

export interface SelectedVersion {
  readonly version: ObjectVersionRecord;
  readonly isLatest: boolean;
}

/** The version a GET/HEAD addresses (`at.versionId`, the latest when absent), or the S3-shaped domain error. */
export function selectVersion(at: VersionAddress, record: ObjectRecord | undefined): SelectedVersion {
  const { bucket, key, versionId } = at;
  if (versionId === undefined) {
    const latest = record?.versions[0];
    if (!latest) throw new ObjectNotFoundError(bucket, key);
    if (latest.isDeleteMarker) throw new ObjectDeletedError(bucket, key, latest.versionId, new Date(latest.mtime));
    return { version: latest, isLatest: true };
  }
  if (!isValidVersionId(versionId)) throw new InvalidVersionIdError(versionId);
  const idx = record ? record.versions.findIndex((v) => v.versionId === versionId) : -1;
  if (idx < 0) throw new VersionNotFoundError(bucket, key, versionId);
  const version = record!.versions[idx]!;
  if (version.isDeleteMarker) throw new VersionIsDeleteMarkerError(bucket, key, versionId, new Date(version.mtime));
  return { version, isLatest: idx === 0 };
}

interface Located {
  readonly read: KeyRead;
  readonly selected: SelectedVersion;
  readonly info: ObjectInfo;
  /** The version's stored encryption (sse-metadata.ts), read once here; undefined: not encrypted. */
  readonly sse: StoredEncryption | undefined;
}

/** The version `versionId` (the latest when absent) of an object, by a quorum read. */
export async function locate(ctx: LayerContext, at: VersionAddress): Promise<Located> {
  validateObjectKey(at.key);
  const read = await readKey(ctx, at.bucket, at.key);
  const selected = selectVersion(at, read.record);
  const v = selected.version;
  const sse = v.isDeleteMarker ? undefined : storedEncryptionOf(v.systemMetadata);
  return { read, selected, info: toObjectInfoOf(at, v, selected.isLatest, sse), sse };
}

export async function headObject(ctx: LayerContext, req: HeadObjectRequest): Promise<ObjectInfo> {
  const { selected, info, sse } = await locate(ctx, req);
  checkCustomerKey(sse, req.customerKey, 'object');
  checkReadConditions(info, req.conditions);
  if (req.partNumber !== undefined) selectPart(sse ? plainView(selected.version, sse) : selected.version, req.partNumber);
  return info;
}

/** A version to read: its address and the quorum read that found it. */
export interface VersionSource {
  readonly bucket: string;
  readonly key: string;
  readonly read: KeyRead;
  readonly version: ObjectVersionRecord;
}

/** Read the inline payload of a version from the drives' copies; reports bad copies for healing. */
export async function readInline(ctx: LayerContext, src: VersionSource): Promise<Buffer> {
  const v = src.version;
  if (v.size === 0) return Buffer.alloc(0);
  const shards = src.read.set.drives.map((_, i) => versionOnDrive(src.read, i, v.writeId)?.inline);
  const { data, bad } = await src.read.set.decodeInline(v.erasure!, shards, v.size);
  if (bad.length > 0) ctx.onHealNeeded(src.bucket, src.key);
  return data;
}

/**
 * The frames every GET of this process reads into, recycled from one GET to the next once the
 * socket took their bytes: a 1 MiB GET used to allocate (and leave to the collector) a fresh
 * 1 MiB frame, ~15% of the event loop in collector time at 1 MiB GETs c8. Bounded: 16 free
 * frames per length and 32 MiB of free frames in all (8 GETs of 1 MiB in flight use ~16).
 */
const SHARED_FRAMES = new FrameBufferPool(16, 32 * 1024 * 1024);

/**
 * The frames encrypted GETs read into when their packages are opened on worker threads: in
 * shared memory, so a worker opens the packages where the drive read put them (no copy into a
 * batch on the event loop; object/sse/sse-open-batches.ts). Same bounds as SHARED_FRAMES.
 */
const SHARED_MEMORY_FRAMES = new FrameBufferPool(16, 32 * 1024 * 1024, { shared: true });

/** A body stream whose chunks come from a pool of read buffers, and how to hand one back. */
export interface PooledStream {
  readonly stream: Readable;
  /** Once per chunk, after its bytes were fully written (GetObjectResult.releaseChunk). */
  readonly releaseChunk: (chunk: Buffer) => void;
}

/**
 * Byte stream of `range` of a data-dir version (single or multipart). Its chunks come from the
 * process's FrameBufferPool (SHARED_FRAMES); a consumer that releases each chunk after writing it lets
 * later frames reuse the buffers. `op.signal` is read here only (not for inline bodies).
 */
export function streamData(ctx: LayerContext, src: VersionSource & { readonly range: ByteRange }, op: OpContext = {}): PooledStream {
  const { set } = src.read;
  const v = src.version;
  const range = src.range;
  const onDegraded = (): void => ctx.onHealNeeded(src.bucket, src.key);
  const parts = v.parts ?? [{ number: 1, size: v.size }];
  const frames = SHARED_FRAMES;
  const signal = op.signal;
  if (parts.length === 1) {
    const stream = set.readShards({
      layout: v.erasure!, path: shardPathOf(v, parts[0]!), size: parts[0]!.size,
      start: range.start, end: range.end, onDegraded, frames, ...(signal ? { signal } : {}),
    });
    return { stream, releaseChunk: frames.release };
  }
  async function* partByPart(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const p of parts) {
      const pStart = offset;
      const pEnd = offset + p.size - 1;
      offset += p.size;
      if (p.size === 0 || pEnd < range.start) continue;
      if (pStart > range.end) break;
      const stream = set.readShards({
        layout: v.erasure!, path: shardPathOf(v, p), size: p.size,
        start: Math.max(range.start, pStart) - pStart, end: Math.min(range.end, pEnd) - pStart,
        onDegraded, frames, ...(signal ? { signal } : {}),
      });
      // chunksOf keeps each chunk the object the part stream pushed (releaseChunk needs it).
      yield* chunksOf(stream);
    }
  }
  return { stream: Readable.from(partByPart(), { objectMode: false }), releaseChunk: frames.release };
}

/**
 * Ranges under this many bytes of an unencrypted data version that lie in one part (or its
 * single file) are read whole (ErasureSet.readShardRange) and sent from memory, not streamed:
 * a Readable per GET, its read turns, prefetch and end events cost more than the read itself
 * at 256 KiB - 1 MiB (issue #15). Memory per request stays bounded: the stream holds up to two
 * blocks (1 MiB each by default).
 */
export const WHOLE_READ_MAX_BYTES = 1024 * 1024;

/**
 * What openVersionBody yields: a pooled stream, or the bytes themselves when they are in memory
 * (`chunks`: pooled read buffers read whole, handed back through `releaseChunk`).
 */
export type VersionBody =
  | { readonly pooled: PooledStream; readonly bytes?: undefined; readonly chunks?: undefined }
  | { readonly pooled?: undefined; readonly bytes: Buffer; readonly chunks?: undefined }
  | { readonly pooled?: undefined; readonly bytes?: undefined; readonly chunks: readonly Buffer[]; readonly releaseChunk: (chunk: Buffer) => void };

/** The part of `v` that holds all of `range`, and where that part starts; undefined when the range spans parts. */
function partHolding(v: ObjectVersionRecord, range: ByteRange): { part: { readonly number: number; readonly size: number; readonly file?: string }; start: number } | undefined {
  if (v.parts === undefined) return { part: { number: 1, size: v.size }, start: 0 };
  let start = 0;
  for (const p of v.parts) {
    if (range.start < start + p.size) return range.end < start + p.size ? { part: p, start } : undefined;
    start += p.size;
  }
  return undefined;
}

/**
 * The verified bytes of a small range that lies in one part (or the single file) of a data
 * version, read whole (see WHOLE_READ_MAX_BYTES); undefined when the range is larger or spans
 * parts (the caller streams it).
 */
async function readDataWhole(ctx: LayerContext, src: VersionSource, range: ByteRange): Promise<VersionBody | undefined> {
  if (range.end - range.start >= WHOLE_READ_MAX_BYTES) return undefined;
  const v = src.version;
  const held = partHolding(v, range);
  if (held === undefined) return undefined;
  // No abort signal: the read is bounded (one or two blocks), and a GET's signal is an
  // AbortController made on first use (~6 µs of a 256 KiB GET's event loop, issue #15).
  const chunks = await src.read.set.readShardRange({
    layout: v.erasure!, path: shardPathOf(v, held.part), size: held.part.size,
    start: range.start - held.start, end: range.end - held.start, frames: SHARED_FRAMES,
    onDegraded: () => ctx.onHealNeeded(src.bucket, src.key),
  });
  return { chunks, releaseChunk: SHARED_FRAMES.release };
}

/**
 * The plaintext of `range` (plaintext offsets) of an encrypted version, after its SSE-C key
 * (if any) was checked: the object key is unsealed (KMS or customer key), then only the
 * packages the range touches are read and opened.
 */
async function openEncryptedBody(
  ctx: LayerContext, src: VersionSource & { readonly range?: ByteRange }, op: OpContext, customerKey: CustomerKey | undefined,
  sse: StoredEncryption,
): Promise<VersionBody> {
  const v = src.version;
  const size = sse.plainSize ?? plainView(v, sse).size;
  const span = src.range ?? (size > 0 ? { start: 0, end: size - 1 } : undefined);
  if (v.inline !== undefined) {
    const stored = await readInline(ctx, src);
    return { bytes: openInline(await openStreamKey(ctx.sse, sse, src, customerKey, streamIvOf(stored)), sse.cipher, stored, span) };
  }
  const objectKey = await openSealing(ctx.sse, sse, src, customerKey);
  const key = { objectKey, cipher: sse.cipher };
  if (!span) return { bytes: Buffer.alloc(0) };
  const frames = ctx.openPool !== undefined ? SHARED_MEMORY_FRAMES : SHARED_FRAMES;
  const stream = await openDataRange(key, {
    set: src.read.set, version: v, pathOf: (n) => shardPathOf(v, v.parts?.find((p) => p.number === n) ?? { number: n }), frames,
    onDegraded: () => ctx.onHealNeeded(src.bucket, src.key), ...(op.signal ? { signal: op.signal } : {}),
    ...(ctx.openPool !== undefined ? { openPool: ctx.openPool } : {}),
  }, span);
  // The read buffers were released inside; large ranges' plaintext chunks are recycled batches.
  return { pooled: { stream, releaseChunk: releasePlainChunk } };
}

/** The bytes of `range` of the version (whole version when absent); plaintext of an encrypted one. */
export async function openVersionBody(
  ctx: LayerContext, src: VersionSource & { readonly range?: ByteRange }, op: OpContext = {}, customerKey?: CustomerKey,
  sse: StoredEncryption | undefined = storedEncryptionOf(src.version.systemMetadata),
): Promise<VersionBody> {
  const v = src.version;
  if (sse !== undefined) return openEncryptedBody(ctx, src, op, customerKey, sse);
  const span = src.range ?? (v.size > 0 ? { start: 0, end: v.size - 1 } : undefined);
  if (!span) return { bytes: Buffer.alloc(0) };
  if (v.inline !== undefined) {
    const data = await readInline(ctx, src);
    return { bytes: data.subarray(span.start, span.end + 1) };
  }
  return await readDataWhole(ctx, src, span) ?? { pooled: streamData(ctx, { ...src, range: span }, op) };
}

/** What a GET serves besides the body: the resolved range, and the part count of a part GET. */
interface Served {
  readonly range?: ByteRange;
  readonly partsCount?: number;
}

/**
 * A GetObjectResult served from memory (`bytes`, or pooled `chunks`) whose `body` stream is
 * built only if somebody asks for it. A class, not an object literal with a `get body()`: a
 * literal's getter is a new closure per GET, which gives each result its own hidden class;
 * V8's map transition tree (old generation) then keeps that class, its closure and the
 * whole request with it through every scavenge until a full collection, so every GET's objects
 * were promoted (ARCHITECTURE "Garbage collection": one mark-compact a second at 4 KiB GETs).
 */
class InMemoryResult implements GetObjectResult {
  readonly info: ObjectInfo;
  readonly bytes?: Buffer;
  readonly chunks?: readonly Buffer[];
  readonly releaseChunk?: (chunk: Buffer) => void;
  readonly range?: ByteRange;
  readonly partsCount?: number;
  #stream: Readable | undefined;

  constructor(info: ObjectInfo, opened: Exclude<VersionBody, { readonly pooled: PooledStream }>, served: Served) {
    this.info = info;
    if (opened.chunks !== undefined) {
      this.chunks = opened.chunks;
      this.releaseChunk = opened.releaseChunk;
    } else {
      this.bytes = opened.bytes;
    }
    if (served.range) this.range = served.range;
    if (served.partsCount !== undefined) this.partsCount = served.partsCount;
  }

  get body(): Readable {
    if (this.#stream === undefined) {
      const from = this.chunks ?? (this.bytes!.length > 0 ? [this.bytes!] : []);
      this.#stream = Readable.from(from, { objectMode: false });
    }
    return this.#stream;
  }
}

/** The result of a GET: a pooled stream as it is, or the bytes in memory with a lazy stream. */
function resultOf(info: ObjectInfo, opened: VersionBody, served: Served): GetObjectResult {
  if (opened.pooled !== undefined) {
    return {
      info, body: opened.pooled.stream, releaseChunk: opened.pooled.releaseChunk,
      ...(served.range ? { range: served.range } : {}),
      ...(served.partsCount !== undefined ? { partsCount: served.partsCount } : {}),
    };
  }
  return new InMemoryResult(info, opened, served);
}

/** The range a GET serves: the part's (partNumber), the resolved Range, or the whole object; in plaintext offsets. */
function servedRange(stored: ObjectVersionRecord, sse: StoredEncryption | undefined, req: GetObjectRequest): Served {
  if (req.partNumber === undefined && !req.range) return {};
  const v = sse ? plainView(stored, sse) : stored;
  if (req.partNumber !== undefined) return selectPart(v, req.partNumber);
  return { range: resolveRange(req.range!, v.size) };
}

export async function getObject(ctx: LayerContext, req: GetObjectRequest, op: OpContext = {}): Promise<GetObjectResult> {
  const { read, selected, info, sse } = await locate(ctx, req);
  const v = selected.version;
  checkCustomerKey(sse, req.customerKey, 'object');
  checkReadConditions(info, req.conditions);
  const served = servedRange(v, sse, req);
  const opened = await openVersionBody(ctx, { bucket: req.bucket, key: req.key, read, version: v, ...served }, op, req.customerKey, sse);
  return resultOf(info, opened, served);
}
