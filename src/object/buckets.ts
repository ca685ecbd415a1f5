/**
 * Buckets and bucket config documents.
 *
 * `b/<bucket>` and `c/<bucket>/<name>` live on EVERY drive of the deployment. Writes need a
 * majority of all drives (floor(N/2)+1); reads ask every online drive and need
 * N - writeQuorum + 1 answers, so every acknowledged write is seen. A bucket exists when at
 * least half of the answering drives hold its record. A config document is the newest copy
 * (by its mtime) among those held by a read quorum (see pickNewest).
 */
import {
  BucketExistsError, BucketNotEmptyError, BucketNotFoundError, DriveOfflineError, QuorumError,
} from '../errors/domain-errors.js';
import type { Drive, MetaOp } from '../storage/drive/drive.js';
import {
  decodeBucketConfigRecord, decodeBucketRecord, decodeObjectRecord, encodeBucketConfigRecord, encodeBucketRecord,
  type BucketRecord,
} from '../storage/format/index.js';
import { isSystemBucket, validateBucketName } from './bucket-names.js';
import type { LayerContext } from './layer-context.js';
import { metaRangeAll } from './meta-range-all.js';
import {
  BUCKET_KEY_PREFIX, bucketConfigKey, bucketConfigPrefix, bucketKey, objectPrefix, prefixSuccessor, uploadPrefix,
} from './meta-keys.js';
import type {
  BucketInfo, BucketListing, DeleteBucketRequest, GetBucketConfigRequest, HeadBucketRequest, MakeBucketRequest, PutBucketConfigRequest,
} from './object-layer.js';

const CONFIG_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function bucketQuorums(n: number): { write: number; read: number } {
  const write = Math.floor(n / 2) + 1;
  return { write, read: n - write + 1 };
}

interface DriveAnswer<T> { readonly ok: boolean; readonly value?: T; readonly error?: unknown }

/** Run fn on every online drive in parallel; errors are collected, not thrown. */
async function onAllDrives<T>(drives: readonly Drive[], fn: (d: Drive, i: number) => Promise<T>): Promise<DriveAnswer<T>[]> {
  return Promise.all(drives.map(async (d, i) => {
    if (!d.isOnline()) return { ok: false, error: new DriveOfflineError(d.endpoint) };
    try {
      return { ok: true, value: await fn(d, i) };
    } catch (error) {
      return { ok: false, error };
    }
  }));
}

function requireQuorum(kind: 'read' | 'write', answers: DriveAnswer<unknown>[], needed: number): void {
  const got = answers.filter((a) => a.ok).length;
  if (got < needed) throw new QuorumError(kind, needed, got, { cause: answers.find((a) => !a.ok)?.error });
}

/** A corrupt copy counts as absent on that drive (healing rewrites it). */
function decodeOrSkip(buf: Buffer): BucketRecord[] {
  try { return [decodeBucketRecord(buf)]; } catch { return []; }
}

/** The bucket record if the bucket exists by quorum, else undefined. */
async function readBucketRecord(ctx: LayerContext, bucket: string): Promise<BucketRecord | undefined> {
  const drives = ctx.storage.drives;
  const answers = await onAllDrives(drives, (d) => d.metaGet(bucketKey(bucket)));
  requireQuorum('read', answers, bucketQuorums(drives.length).read);
  const ok = answers.filter((a) => a.ok);
  const present = ok.flatMap((a) => (a.value === undefined ? [] : decodeOrSkip(a.value as Buffer)));
  if (present.length === 0 || present.length * 2 < ok.length) return undefined;
  return present.reduce((a, b) => (b.created < a.created ? b : a));
}

export async function headBucket(ctx: LayerContext, { bucket }: HeadBucketRequest): Promise<BucketInfo> {
  validateBucketName(bucket);
  const rec = await readBucketRecord(ctx, bucket);
  if (!rec) throw new BucketNotFoundError(bucket);
  return infoOf(rec);
}

/**
 * A listing of `bucket`: NoSuchBucket (or an invalid name) before `walk` reads anything, and the
 * page with the bucket's owner from the same record read (listings name it as Owner).
 */
export async function listBucket<T extends BucketListing>(ctx: LayerContext, bucket: string, walk: () => Promise<T>): Promise<T> {
  const { owner } = await headBucket(ctx, { bucket });
  const page = await walk();
  return owner === undefined ? page : { ...page, bucketOwner: owner };
}

function infoOf(rec: BucketRecord): BucketInfo {
  return { name: rec.name, created: new Date(rec.created), region: rec.region, ...(rec.owner !== undefined ? { owner: rec.owner } : {}) };
}

/** Creates the bucket; `owner` (the caller's account id) is recorded with it when given. */
export async function makeBucket(ctx: LayerContext, { bucket, region }: MakeBucketRequest, owner?: string): Promise<void> {
  validateBucketName(bucket);
  if (await readBucketRecord(ctx, bucket)) throw new BucketExistsError(bucket);
  const value = encodeBucketRecord({ name: bucket, created: ctx.now(), region: region ?? ctx.region, ...(owner !== undefined ? { owner } : {}) });
  const key = bucketKey(bucket);
  const drives = ctx.storage.drives;
  const answers = await onAllDrives(drives, (d) => d.metaUpdate([key], (cur) => (
    cur[0] !== undefined ? { ops: [], result: false } : { ops: [{ key, value }], result: true }
  )));
  const { write } = bucketQuorums(drives.length);
  const created = answers.filter((a) => a.ok && a.value === true).length;
  if (created >= write) return;
  const raced = answers.some((a) => a.ok && a.value === false);
  // Undo our partial creation (only where our record is the one stored).
  await onAllDrives(drives, async (d, i) => {
    if (!(answers[i]!.ok && answers[i]!.value === true)) return;
    await d.metaUpdate([key], (cur) => ({ ops: cur[0] !== undefined && cur[0].equals(value) ? [{ key, value: null }] : [], result: undefined }));
  });
  if (raced) throw new BucketExistsError(bucket);
  requireQuorum('write', answers, write);
  throw new QuorumError('write', write, created);
}

/** An object record that names a version (or does not decode): a tombstone is not content. */
function isLiveObjectRecord(value: Buffer): boolean {
  try {
    return decodeObjectRecord(value).versions.length > 0;
  } catch {
    return true;
  }
}

/** The drive holds an entry under `prefix` that `isContent` accepts (paged: tombstones are skipped). */
async function hasEntry(d: Drive, prefix: string, isContent: (value: Buffer) => boolean): Promise<boolean> {
  const end = prefixSuccessor(prefix);
  for (let start = prefix; ;) {
    const page = await d.metaRange({ start, ...(end ? { end } : {}), limit: 64 });
    if (page.some((e) => isContent(e.value))) return true;
    if (page.length < 64) return false;
    start = `${page[page.length - 1]!.key}\u0000`;
  }
}

/** True when any drive of any set holds an entry under `prefix` that `isContent` accepts. */
async function hasContent(ctx: LayerContext, prefix: string, isContent: (value: Buffer) => boolean): Promise<boolean> {
  const answers = await onAllDrives(ctx.storage.drives, (d) => hasEntry(d, prefix, isContent));
  requireQuorum('read', answers, bucketQuorums(ctx.storage.drives.length).read);
  return answers.some((a) => a.ok && a.value === true);
}

/**
 * Removes the bucket record and its configs: BucketNotEmpty while any object version or delete
 * marker is left. Pending uploads: `abortUploads` (the layer's DeleteBucket passes it) aborts
 * them first, as AWS deletes a bucket whose only content is incomplete uploads; an upload still
 * there afterwards (none given, or one begun meanwhile) is BucketNotEmpty too.
 */
export async function deleteBucket(
  ctx: LayerContext, { bucket }: DeleteBucketRequest, abortUploads?: (bucket: string) => Promise<unknown>,
): Promise<void> {
  validateBucketName(bucket);
  if (!(await readBucketRecord(ctx, bucket))) throw new BucketNotFoundError(bucket);
  if (await hasContent(ctx, objectPrefix(bucket), isLiveObjectRecord)) throw new BucketNotEmptyError(bucket);
  await abortUploads?.(bucket);
  if (await hasContent(ctx, uploadPrefix(bucket), () => true)) throw new BucketNotEmptyError(bucket);
  const cprefix = bucketConfigPrefix(bucket);
  const cend = prefixSuccessor(cprefix);
  const drives = ctx.storage.drives;
  const answers = await onAllDrives(drives, async (d) => {
    const configs = await d.metaRange({ start: cprefix, ...(cend ? { end: cend } : {}), limit: 10_000 });
    const ops: MetaOp[] = [{ key: bucketKey(bucket), value: null }, ...configs.map((e) => ({ key: e.key, value: null }))];
    await d.metaBatch(ops);
  });
  requireQuorum('write', answers, bucketQuorums(drives.length).write);
  ctx.usage.bucketDeleted(bucket);
}

/** The user buckets: the system bucket is never listed. */
export async function listBuckets(ctx: LayerContext): Promise<BucketInfo[]> {
  const drives = ctx.storage.drives;
  const end = prefixSuccessor(BUCKET_KEY_PREFIX);
  // Paged: a deployment may hold more bucket records than one range read returns.
  const answers = await onAllDrives(drives, (d) => metaRangeAll(d, { start: BUCKET_KEY_PREFIX, ...(end ? { end } : {}) }));
  requireQuorum('read', answers, bucketQuorums(drives.length).read);
  const ok = answers.filter((a) => a.ok);
  const seen = new Map<string, { count: number; rec: BucketRecord }>();
  for (const a of ok) {
    for (const e of a.value as { key: string; value: Buffer }[]) {
      const [rec] = decodeOrSkip(e.value);
      if (!rec) continue;
      const s = seen.get(rec.name);
      if (s) { s.count++; if (rec.created < s.rec.created) s.rec = rec; } else seen.set(rec.name, { count: 1, rec });
    }
  }
  return [...seen.values()]
    .filter((s) => s.count * 2 >= ok.length && !isSystemBucket(s.rec.name))
    .map((s) => infoOf(s.rec))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function validateConfigName(name: string): void {
  if (!CONFIG_NAME.test(name)) throw new RangeError(`invalid bucket config name: ${JSON.stringify(name)}`);
}

export async function getBucketConfig(ctx: LayerContext, { bucket, name }: GetBucketConfigRequest): Promise<Buffer | undefined> {
  validateBucketName(bucket);
  validateConfigName(name);
  const drives = ctx.storage.drives;
  const keys = [bucketKey(bucket), bucketConfigKey(bucket, name)];
  const answers = await onAllDrives(drives, (d) => d.metaGetMany(keys));
  const { read } = bucketQuorums(drives.length);
  requireQuorum('read', answers, read);
  const ok = answers.filter((a) => a.ok).map((a) => a.value as (Buffer | undefined)[]);
  const present = ok.filter((v) => v[0] !== undefined).length;
  if (present === 0 || present * 2 < ok.length) throw new BucketNotFoundError(bucket);
  // Group copies by mtime ("absent" = -1); newest among those held by a read quorum wins.
  const groups = new Map<number, { count: number; value: Buffer | undefined }>();
  for (const v of ok) {
    let rec: { mtime: number; value: Buffer } | undefined;
    try { rec = v[1] === undefined ? undefined : decodeBucketConfigRecord(v[1]); } catch { rec = undefined; }
    const id = rec ? rec.mtime : -1;
    const g = groups.get(id);
    if (g) g.count++; else groups.set(id, { count: 1, value: rec?.value });
  }
  const all = [...groups.entries()].sort((a, b) => b[0] - a[0]);
  const pick = all.find(([, g]) => g.count >= read) ?? all[0]!;
  return pick[1].value;
}

export async function putBucketConfig(ctx: LayerContext, { bucket, name, value }: PutBucketConfigRequest): Promise<void> {
  validateBucketName(bucket);
  validateConfigName(name);
  if (!(await readBucketRecord(ctx, bucket))) throw new BucketNotFoundError(bucket);
  const key = bucketConfigKey(bucket, name);
  const drives = ctx.storage.drives;
  const op: MetaOp = value === undefined ? { key, value: null } : { key, value: encodeBucketConfigRecord({ mtime: ctx.nextMtime(), value }) };
  const answers = await onAllDrives(drives, (d) => d.metaBatch([op]));
  ctx.usage.forgetQuota(bucket); // a quota document changed here is checked at once
  requireQuorum('write', answers, bucketQuorums(drives.length).write);
}
