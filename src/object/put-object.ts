/**
 * PutObject.
 *
 * Small bodies (< ctx.inlineThreshold, buffered with a bound) are erasure-encoded in memory
 * (ErasureSet.encodeInline) and stored inside the object record: no file is created, the
 * write is one synced LMDB commit per drive.
 * Larger bodies stream through ErasureSet.writeShards straight into the data file
 * `data/<ab>/<dataId>` on every drive (a new file, no data dir: the version's `dataFile`; the
 * file fdatasync-ed and its entry fsync-ed by the data path), then the record is committed
 * (commitVersion), then we answer. No staging file and no rename: a data file no committed
 * record names is an orphan, removed here on failure or by the sweeper (no `d/<dataId>`
 * index entry) after a crash.
 * md5 and the requested checksums are computed while streaming (data-dir bodies on
 * ctx.digestPool's worker threads when the layer has one); req.beforeCommit sees them
 * before anything is committed (throwing removes what was written: nothing is visible).
 * The commit of a key is serialized in-process by a per-key lock, inside which conditional
 * writes are checked against a quorum read, and again inside the arbiter drive's metaUpdate
 * (commitVersion `guard`), which also serializes writers in other processes (--workers N). After the commit, data dirs that lost their last
 * reference (the replaced null version) are removed — after, never before.
 */
import type { Readable } from 'node:stream';
import { QuorumError } from '../errors/domain-errors.js';
import type { ErasureLayout, ErasureSet } from '../storage/storage.js';
import type { ObjectVersionRecord } from '../storage/format/index.js';
import { checksumToBase64 } from '../util/checksums.js';
import { BodyDigester, type StreamDigester } from '../util/digest-stream.js';
import { bindAbort, readHead } from './body-reader.js';
import { assertBucketOnSet } from './bucket-on-set.js';
import { checkBucketQuota } from './bucket-quota.js';
import { commitVersion, removeOrphanedData } from './commit-version.js';
import { checkWriteConditions, writeConditionGuard } from './conditions.js';
import { dataPath, newDataId, newId, NULL_VERSION_ID } from './ids.js';
import { DEFAULT_CONTENT_TYPE, DEFAULT_STORAGE_CLASS, lockName, type LayerContext } from './layer-context.js';
import { toObjectInfo, validateObjectKey } from './object-info.js';
import { withLock } from './object-lock-metadata.js';
import type { BodyChecks, ChecksumAlgorithm, ObjectInfo, OpContext, PutObjectRequest } from './object-layer.js';
import { readKey } from './record-quorum.js';
import { sealChunks, sealWhole, storedSizeOf, type StreamSealKey } from './sse/sse-body.js';
import { newSealing, sseEtag } from './sse/sse-keys.js';
import { SSE_PLAIN_SIZE, sseMetadataEntries } from './sse/sse-metadata.js';

/** Where the bytes of a new version are: inline shards, or a data file on some drives. */
export type StoredPayload =
  | { readonly kind: 'inline'; readonly shards: readonly (Buffer | undefined)[] }
  | { readonly kind: 'data'; readonly dataId: string; readonly drives: readonly boolean[] };

/** Remove a file or directory on every drive of the set; never throws. */
export async function removeEverywhere(set: ErasureSet, path: string): Promise<void> {
  await Promise.all(set.drives.map(async (d) => {
    try { await d.remove(path); } catch { /* orphan; the sweeper removes it */ }
  }));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * The data file written in place on the drives that finished their shard; the others lose
 * what they started. Quorum or clean up and throw (writeShards already checked it).
 */
async function keepWritten(set: ErasureSet, dataId: string, written: readonly boolean[]): Promise<StoredPayload> {
  const file = dataPath(dataId);
  const got = written.filter(Boolean).length;
  if (got < set.writeQuorum) {
    await removeEverywhere(set, file);
    throw new QuorumError('write', set.writeQuorum, got);
  }
  await Promise.all(set.drives.map(async (d, i) => {
    if (!written[i]) { try { await d.remove(file); } catch { /* swept later */ } }
  }));
  return { kind: 'data', dataId, drives: written };
}

export interface StoreBodyResult {
  readonly payload: StoredPayload;
  readonly layout: ErasureLayout;
  /** Plaintext bytes read from the body. */
  readonly size: number;
  /** Bytes stored (the version's `size`): `size`, or the encrypted stream's size when sealed. */
  readonly storedSize: number;
  readonly md5: Buffer;
  readonly checksums: Partial<Record<ChecksumAlgorithm, Buffer>>;
}

/** What storeBody writes, where, and what it computes on the way. */
export interface StoreBodyRequest extends BodyChecks {
  readonly set: ErasureSet;
  readonly layout: ErasureLayout;
  readonly body: Readable;
  /** Declared length; -1 when unknown. */
  readonly size: number;
  /** Encrypt the body with this key before it is stored (digests stay the plaintext's). */
  readonly seal?: StreamSealKey;
}

/** Store a body (inline or in a new data file) and run beforeCommit; nothing is visible yet. */
export async function storeBody(ctx: LayerContext, req: StoreBodyRequest, op: OpContext = {}): Promise<StoreBodyResult> {
  const { set, layout, body } = req;
  const signal = op.signal;
  const algs = [...(req.checksumAlgorithms ?? []), ...(req.storeChecksum ? [req.storeChecksum] : [])];
  const unbind = bindAbort(body, signal);
  try {
    throwIfAborted(signal);
    const limit = Math.max(1, ctx.inlineThreshold);
    const head = req.size >= limit ? { rest: body as AsyncIterable<Buffer> } : await readHead(body, limit, req.size);
    if (head.complete !== undefined) {
      const digester = new BodyDigester(algs);
      digester.update(head.complete);
      const digests = digester.digests();
      throwIfAborted(signal);
      await req.beforeCommit?.(digests);
      const bytes = req.seal ? sealWhole(req.seal, head.complete) : head.complete;
      const shards = bytes.length === 0
        ? set.drives.map(() => Buffer.alloc(0))
        : await set.encodeInline(layout, bytes);
      return { payload: { kind: 'inline', shards }, layout, ...digests, storedSize: bytes.length };
    }
    // Written in place: until the record that names dataId is committed, the data file is an
    // orphan nobody reads (removed below on failure, or by the sweeper after a crash).
    const dataId = newDataId();
    // The declared size ends the digest with its last block (one worker message each way for a
    // body of one block); a sealed body is hashed as plaintext on its way in, so it is not given.
    const digester: StreamDigester = ctx.digestPool?.open(algs, req.seal ? -1 : req.size) ?? new BodyDigester(algs);
    let digested = false;
    try {
      // Sealed: the plaintext is hashed on its way into the encryption, the stored stream is not.
      const seal = req.seal;
      const res = await set.writeShards({
        layout, path: dataPath(dataId), newFile: true, ...(signal ? { signal } : {}),
        ...(seal
          ? { body: sealChunks(seal, head.rest, (plain) => digester.update(plain)), expectedSize: req.size >= 0 ? storedSizeOf(req.size) : -1 }
          : { body: head.rest, onData: (data: Buffer) => digester.update(data), expectedSize: req.size }),
      });
      digested = true;
      const digests = await digester.digests();
      throwIfAborted(signal);
      await req.beforeCommit?.(digests);
      const payload = await keepWritten(set, dataId, res.written);
      return { payload, layout, ...digests, storedSize: res.size };
    } catch (err) {
      if (!digested) digester.abort?.();
      await removeEverywhere(set, dataPath(dataId));
      throw err;
    }
  } finally {
    unbind();
  }
}

/** Drop a stored-but-uncommitted payload (data file on every drive). */
export async function discardPayload(set: ErasureSet, payload: StoredPayload): Promise<void> {
  if (payload.kind === 'data') await removeEverywhere(set, dataPath(payload.dataId));
}

export interface CommitNewVersionOptions {
  readonly bucket: string;
  readonly key: string;
  readonly set: ErasureSet;
  /** The version without mtime/writeId/versionId/payload fields (filled in here). */
  readonly fields: Omit<ObjectVersionRecord, 'versionId' | 'writeId' | 'mtime' | 'dataId' | 'dataFile' | 'inline'>;
  readonly payload: StoredPayload;
  readonly versioned: boolean;
  readonly conditions?: PutObjectRequest['conditions'];
}

/**
 * Commit a stored payload as the new current version (under the key lock, with conditions).
 * On any failure the payload is discarded. Returns the committed version.
 */
export async function commitNewVersion(ctx: LayerContext, o: CommitNewVersionOptions, op: OpContext = {}): Promise<ObjectVersionRecord> {
  let version: ObjectVersionRecord | undefined;
  try {
    const res = await ctx.locks.withLock(lockName(o.bucket, o.key), async () => {
      if (o.conditions && (o.conditions.ifMatch !== undefined || o.conditions.ifNoneMatch !== undefined)) {
        const read = await readKey(ctx, o.bucket, o.key);
        const latest = read.record?.versions[0];
        const current = latest && !latest.isDeleteMarker ? { etag: latest.etag, lastModified: new Date(latest.mtime) } : undefined;
        checkWriteConditions(o.bucket, o.key, current, o.conditions);
      }
      throwIfAborted(op.signal);
      const writeId = newId();
      version = {
        ...o.fields,
        versionId: o.versioned ? writeId : NULL_VERSION_ID,
        writeId,
        mtime: ctx.nextMtime(),
        ...(o.payload.kind === 'data' ? { dataId: o.payload.dataId, dataFile: true as const } : {}),
      };
      const guard = writeConditionGuard(o.bucket, o.key, o.conditions);
      return commitVersion({
        set: o.set, bucket: o.bucket, key: o.key, change: { put: version }, ...(guard ? { guard } : {}),
        onPartial: () => ctx.onHealNeeded(o.bucket, o.key),
        ...(o.payload.kind === 'inline' ? { inlineShards: o.payload.shards } : { drives: o.payload.drives }),
      });
    });
    ctx.usage.committed(res.usage);
    await removeOrphanedData(o.set, res);
    return version!;
  } catch (err) {
    await discardPayload(o.set, o.payload);
    throw err;
  }
}

export async function putObject(ctx: LayerContext, req: PutObjectRequest, op: OpContext = {}): Promise<ObjectInfo> {
  const { bucket, key } = req;
  validateObjectKey(key);
  const set = ctx.storage.setFor(bucket, key);
  const onSet = await assertBucketOnSet(ctx, bucket, key);
  await checkBucketQuota(ctx, { bucket, size: req.size });
  const layout = set.layoutFor(bucket, key);
  const sealing = req.encryption ? await newSealing(ctx.sse, req.encryption, req, onSet.owner()) : undefined;
  const seal = sealing ? { objectKey: sealing.objectKey, cipher: sealing.stored.cipher } : undefined;
  const stored = await storeBody(ctx, { ...req, set, layout, ...(seal ? { seal } : {}) }, op);
  const systemMetadata = withLock(req.systemMetadata ?? {}, req.objectLock);
  if (sealing) Object.assign(systemMetadata, sseMetadataEntries(sealing.stored), { [SSE_PLAIN_SIZE]: String(stored.size) });
  const checksum = req.storeChecksum && stored.checksums[req.storeChecksum]
    ? { algorithm: req.storeChecksum, type: 'FULL_OBJECT' as const, value: checksumToBase64(stored.checksums[req.storeChecksum]!) }
    : undefined;
  const version = await commitNewVersion(ctx, {
    bucket, key, set, payload: stored.payload, versioned: req.versioned === true,
    ...(req.conditions ? { conditions: req.conditions } : {}),
    fields: {
      isDeleteMarker: false,
      size: stored.storedSize,
      etag: sealing ? sseEtag(sealing.stored.mode, sealing.objectKey, stored.md5) : stored.md5.toString('hex'),
      contentType: req.contentType ?? DEFAULT_CONTENT_TYPE,
      userMetadata: { ...(req.userMetadata ?? {}) },
      systemMetadata,
      storageClass: req.storageClass ?? DEFAULT_STORAGE_CLASS,
      ...(checksum ? { checksum } : {}),
      erasure: stored.layout,
    },
  }, op);
  return toObjectInfo(req, version, true);
}
