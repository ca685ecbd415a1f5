/**
 * Shared setup of the multipart integration tests: real LocalDrives in a temp dir opened via
 * createStorage (1 drive, or 4 drives = one EC 2+2 set), an ErasureObjectLayer over them (its
 * multipart methods are under test), its context, and a bucket.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createStorage, FaultyDrive, LocalDrive } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/storage.js';
import type { LayerContext } from '../../src/object/layer-context.js';
import { ErasureObjectLayer } from '../../src/object/index.js';
import type { GetObjectRequest, PartInfo } from '../../src/object/object-layer.js';
import { decodeUploadRecord, encodeUploadRecord, uploadKey } from '../../src/object/multipart/upload-record.js';

export const MiB = 1024 * 1024;
export const BUCKET = 'bkt';

export interface Harness {
  readonly root: string;
  readonly endpoints: readonly string[];
  readonly storage: Storage;
  /** The drives in endpoint order, wrapped in FaultyDrive (faults are off until set). */
  readonly faulty: readonly FaultyDrive[];
  readonly ctx: LayerContext;
  /** The object layer whose multipart methods are under test. */
  readonly mp: ErasureObjectLayer;
  get(key: string, opts?: Omit<GetObjectRequest, 'bucket' | 'key'>): Promise<{ body: Buffer; partsCount?: number; etag: string; size: number }>;
  putPart(key: string, uploadId: string, n: number, data: Buffer): Promise<PartInfo>;
  close(): Promise<void>;
}

export async function openHarness(drives: number): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-mp-'));
  const endpoints = Array.from({ length: drives }, (_, i) => join(root, `d${i + 1}`));
  const byEndpoint = new Map<string, FaultyDrive>();
  const storage = await createStorage({
    endpoints,
    openDrive: async (e) => {
      const d = new FaultyDrive(await LocalDrive.open(e));
      byEndpoint.set(e, d);
      return d;
    },
  });
  const faulty = endpoints.map((e) => byEndpoint.get(e)!);
  const mp = new ErasureObjectLayer(storage);
  const ctx = mp.context;
  await mp.makeBucket({ bucket: BUCKET });
  return {
    root,
    endpoints,
    storage,
    faulty,
    ctx,
    mp,
    async get(key, opts) {
      const res = await mp.getObject({ bucket: BUCKET, key, ...opts });
      return {
        body: await readAll(res.body),
        etag: res.info.etag,
        size: res.info.size,
        ...(res.partsCount !== undefined ? { partsCount: res.partsCount } : {}),
      };
    },
    putPart(key, uploadId, n, data) {
      return mp.putObjectPart({ bucket: BUCKET, key, uploadId, partNumber: n, body: Readable.from([data]), size: data.length });
    },
    async close() {
      await mp.close();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export async function readAll(body: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

/** Every path (relative to the drive root) under any directory named `name`, on a drive. */
export async function findUnder(driveRoot: string, name: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string, inside: boolean, depth: number): Promise<void> => {
    if (depth > 12) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const isInside = inside || (e.isDirectory() && e.name === name);
      if (inside) out.push(r);
      if (e.isDirectory()) await walk(join(dir, e.name), r, isInside, depth + 1);
    }
  };
  await walk(driveRoot, '', false, 0);
  return out;
}

/** Metadata keys with a prefix on every drive of the deployment. */
export async function metaKeys(storage: Storage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const d of storage.drives) {
    const entries = await d.metaRange({ start: prefix, end: `${prefix}\u{10FFFF}`, limit: 10_000 });
    keys.push(...entries.map((e) => e.key));
  }
  return keys;
}

/** Deterministic pseudo-random bytes (fast, no crypto needed for test payloads). */
export function payload(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/**
 * Turn a just-created upload into one made by a binary before in-place parts: its `u/` record
 * rewritten at format v1 without `dataId` on every drive, so its parts are staged under
 * `multipart/<uploadId>/` and renamed at completion (the legacy layout this binary still completes).
 */
export async function makeLegacyUpload(storage: Storage, key: string, uploadId: string, bucket = BUCKET): Promise<void> {
  const ukey = uploadKey(bucket, key, uploadId);
  for (const d of storage.drives) {
    const cur = await d.metaGet(ukey);
    if (cur === undefined) continue;
    const { dataId: _inPlace, ...legacy } = decodeUploadRecord(cur);
    const v1 = encodeUploadRecord(legacy);
    if (v1[2] !== 1) throw new Error('expected a v1 upload record');
    await d.metaBatch([{ key: ukey, value: v1 }]);
  }
}

/** Part file names with the in-place suffix (`part.<N>.<32 hex>`) taken off: `part.<N>`. */
export function partNames(paths: readonly string[]): string[] {
  return paths.map((p) => p.split('/').pop()!).filter((n) => n.startsWith('part.')).map((n) => n.replace(/\.[0-9a-f]{32}$/, '')).sort();
}

/** The data dir (drive-relative) an in-place upload writes its parts into, from its record. */
export async function uploadDataDir(storage: Storage, key: string, uploadId: string, bucket = BUCKET): Promise<string> {
  const raw = await storage.setFor(bucket, key).drives[0]!.metaGet(uploadKey(bucket, key, uploadId));
  const dataId = raw === undefined ? undefined : decodeUploadRecord(raw).dataId;
  if (dataId === undefined) throw new Error(`upload ${uploadId} has no in-place data dir`);
  return `data/${dataId.slice(0, 2)}/${dataId}`;
}
