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
import { FrameBufferPool, type ReleasableChunks } from '../storage/index.js';
import type { ErasureSet } from '../storage/storage.js';
import { chunksOf } from '../util/stream-chunks.js';
import { checkReadConditions } from './conditions.js';
import { dataDir, isValidVersionId, partFile } from './ids.js';
import type { LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import type {
  ByteRange, GetObjectOptions, GetObjectResult, HeadObjectOptions, ObjectInfo,
} from './object-layer.js';
import { resolveRange, selectPart } from './ranges.js';
import { readKey, versionOnDrive, type KeyRead } from './record-quorum.js';

export interface SelectedVersion {
  readonly version: ObjectVersionRecord;
  readonly isLatest: boolean;
}

/** The version a GET/HEAD addresses, or the S3-shaped domain error. */
export function selectVersion(bucket: string, key: string, record: ObjectRecord | undefined, versionId: string | undefined): SelectedVersion {
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
}

export async function locate(ctx: LayerContext, bucket: string, key: string, versionId: string | undefined): Promise<Located> {
  validateObjectKey(key);
  const read = await readKey(ctx, bucket, key);
  const selected = selectVersion(bucket, key, read.record, versionId);
  return { read, selected, info: toObjectInfo(bucket, key, selected.version, selected.isLatest) };
}

export async function headObject(ctx: LayerContext, bucket: string, key: string, opts: HeadObjectOptions = {}): Promise<ObjectInfo> {
  const { selected, info } = await locate(ctx, bucket, key, opts.versionId);
  checkReadConditions(info, opts.conditions);
  if (opts.partNumber !== undefined) selectPart(selected.version, opts.partNumber);
  return info;
}

/** Read the inline payload of `v` from the drives' copies; reports bad copies for healing. */
export async function readInline(ctx: LayerContext, read: KeyRead, v: ObjectVersionRecord, bucket: string, key: string): Promise<Buffer> {
  if (v.size === 0) return Buffer.alloc(0);
  const shards = read.set.drives.map((_, i) => versionOnDrive(read, i, v.writeId)?.inline);
  const { data, bad } = await read.set.decodeInline(v.erasure!, shards, v.size);
  if (bad.length > 0) ctx.onHealNeeded(bucket, key);
  return data;
}

/**
 * Byte stream of [range] of a data-dir version (single or multipart). Its chunks come from a
 * FrameBufferPool of this read: the stream carries `releaseChunk` (ReleasableChunks), and a
 * consumer that calls it once per chunk after writing it lets later frames reuse the buffers.
 */
export function streamData(
  ctx: LayerContext, set: ErasureSet, v: ObjectVersionRecord, range: ByteRange,
  where: { bucket: string; key: string; signal?: AbortSignal },
): Readable & ReleasableChunks {
  const dir = dataDir(v.dataId!);
  const onDegraded = (): void => ctx.onHealNeeded(where.bucket, where.key);
  const parts = v.parts ?? [{ number: 1, size: v.size }];
  const frames = new FrameBufferPool(v.erasure!.k + 1);
  const releasable = (s: Readable): Readable & ReleasableChunks => Object.assign(s, { releaseChunk: frames.release });
  if (parts.length === 1) {
    return releasable(set.readShards({
      layout: v.erasure!, path: partFile(dir, parts[0]!.number), size: parts[0]!.size,
      start: range.start, end: range.end, onDegraded, frames, ...(where.signal ? { signal: where.signal } : {}),
    }));
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
        layout: v.erasure!, path: partFile(dir, p.number), size: p.size,
        start: Math.max(range.start, pStart) - pStart, end: Math.min(range.end, pEnd) - pStart,
        onDegraded, frames, ...(where.signal ? { signal: where.signal } : {}),
      });
      // chunksOf keeps each chunk the object the part stream pushed (releaseChunk needs it).
      yield* chunksOf(stream);
    }
  }
  return releasable(Readable.from(partByPart(), { objectMode: false }));
}

/** What openVersionBody yields: a stream, or the bytes themselves when they are in memory. */
export type VersionBody = { readonly stream: Readable; readonly bytes?: undefined } | { readonly stream?: undefined; readonly bytes: Buffer };

/** The bytes of `range` of version `v` (whole version when absent). */
export async function openVersionBody(
  ctx: LayerContext, read: KeyRead, v: ObjectVersionRecord, range: ByteRange | undefined,
  where: { bucket: string; key: string; signal?: AbortSignal },
): Promise<VersionBody> {
  const span = range ?? (v.size > 0 ? { start: 0, end: v.size - 1 } : undefined);
  if (!span) return { bytes: Buffer.alloc(0) };
  if (v.inline !== undefined) {
    const data = await readInline(ctx, read, v, where.bucket, where.key);
    return { bytes: data.subarray(span.start, span.end + 1) };
  }
  return { stream: streamData(ctx, read.set, v, span, where) };
}

/** A GetObjectResult whose `body` stream is only built if somebody asks for it. */
function resultOf(info: ObjectInfo, opened: VersionBody, range: ByteRange | undefined, partsCount: number | undefined): GetObjectResult {
  const extra = { ...(range ? { range } : {}), ...(partsCount !== undefined ? { partsCount } : {}) };
  if (opened.stream !== undefined) return { info, body: opened.stream, ...extra };
  const bytes = opened.bytes;
  let stream: Readable | undefined;
  return {
    info, bytes, ...extra,
    get body(): Readable { stream ??= Readable.from(bytes.length > 0 ? [bytes] : [], { objectMode: false }); return stream; },
  };
}

export async function getObject(ctx: LayerContext, bucket: string, key: string, opts: GetObjectOptions = {}): Promise<GetObjectResult> {
  const { read, selected, info } = await locate(ctx, bucket, key, opts.versionId);
  checkReadConditions(info, opts.conditions);
  const v = selected.version;
  let range: ByteRange | undefined;
  let partsCount: number | undefined;
  if (opts.partNumber !== undefined) {
    const sel = selectPart(v, opts.partNumber);
    range = sel.range;
    partsCount = sel.partsCount;
  } else if (opts.range) {
    range = resolveRange(opts.range, v.size);
  }
  const opened = await openVersionBody(ctx, read, v, range, { bucket, key, get signal() { return opts.signal; } });
  return resultOf(info, opened, range, partsCount);
}
