/**
 * Shared setup of the object layer integration tests: real LocalDrives in a mkdtemp dir via
 * createStorage (1 drive, or 4 drives = one EC 2+2 set), each wrapped in a CountingDrive so
 * tests can measure metadata work (entries returned by metaRange) and inspect every drive,
 * around a FaultyDrive so tests can take drives offline or make them fail.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createStorage, FaultyDrive, LocalDrive } from '../../src/storage/index.js';
import type { CreateFileOptions, Drive, MetaEntry, MetaOp, MetaRangeOptions, DriveFileWriter, DriveInfo } from '../../src/storage/drive/drive.js';
import type { Storage } from '../../src/storage/storage.js';
import { ErasureObjectLayer, type ErasureObjectLayerOptions } from '../../src/object/erasure-object-layer.js';
import type { GetObjectRequest, ObjectInfo, PutObjectRequest } from '../../src/object/object-layer.js';
import { decodeObjectRecord, encodeObjectRecord, type ObjectRecord } from '../../src/storage/format/index.js';
import { objectKey } from '../../src/object/meta-keys.js';

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const BUCKET = 'bkt';

/** Drive decorator that counts metadata entries read by range scans. */
export class CountingDrive implements Drive {
  rangeEntries = 0;
  rangeCalls = 0;
  constructor(readonly inner: Drive) {}
  get endpoint(): string { return this.inner.endpoint; }
  isOnline(): boolean { return this.inner.isOnline(); }
  info(): Promise<DriveInfo> { return this.inner.info(); }
  close(): Promise<void> { return this.inner.close(); }
  readFormat(): Promise<Buffer | undefined> { return this.inner.readFormat(); }
  writeFormat(doc: Buffer): Promise<void> { return this.inner.writeFormat(doc); }
  metaGet(key: string): Promise<Buffer | undefined> { return this.inner.metaGet(key); }
  metaGetMany(keys: readonly string[]): Promise<(Buffer | undefined)[]> { return this.inner.metaGetMany(keys); }
  metaBatch(ops: readonly MetaOp[]): Promise<void> { return this.inner.metaBatch(ops); }
  metaUpdate<T>(keys: readonly string[], fn: (c: (Buffer | undefined)[]) => { ops: readonly MetaOp[]; result: T }): Promise<T> {
    return this.inner.metaUpdate(keys, fn);
  }
  async metaRange(opts: MetaRangeOptions): Promise<MetaEntry[]> {
    const r = await this.inner.metaRange(opts);
    this.rangeCalls++;
    this.rangeEntries += r.length;
    return r;
  }
  createFile(path: string, opts?: CreateFileOptions): Promise<DriveFileWriter> { return this.inner.createFile(path, opts); }
  readFile(path: string, offset: number, length: number): Promise<Buffer> { return this.inner.readFile(path, offset, length); }
  readAll(path: string): Promise<Buffer> { return this.inner.readAll(path); }
  statFile(path: string): Promise<{ size: number; mtimeMs: number } | undefined> { return this.inner.statFile(path); }
  rename(src: string, dst: string): Promise<void> { return this.inner.rename(src, dst); }
  remove(path: string): Promise<void> { return this.inner.remove(path); }
  list(path: string): Promise<string[]> { return this.inner.list(path); }
}

export interface Harness {
  readonly root: string;
  readonly storage: Storage;
  readonly layer: ErasureObjectLayer;
  readonly drives: readonly CountingDrive[];
  /** The fault switches of each drive, in endpoint order. */
  readonly faults: readonly FaultyDrive[];
  put(key: string, data: Buffer, opts?: Partial<Omit<PutObjectRequest, 'bucket' | 'key' | 'body'>>): Promise<ObjectInfo>;
  get(key: string, opts?: Omit<GetObjectRequest, 'bucket' | 'key'>): Promise<Buffer>;
  /** Every drive's copy of the key's record (undefined where absent). */
  records(key: string, bucket?: string): Promise<(ObjectRecord | undefined)[]>;
  /** Overwrites drive `i`'s copy of the key's record (drive 0 is the arbiter of a guarded commit). */
  writeRecord(i: number, key: string, record: ObjectRecord): Promise<void>;
  /** Relative paths of the files under data/ and tmp/ on every drive. */
  dataFiles(): Promise<string[]>;
  resetCounters(): void;
  rangeEntries(): number;
  close(): Promise<void>;
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = x >>> 24; }
  return b;
}

async function walk(dir: string, rel: string, out: string[]): Promise<void> {
  let names: import('node:fs').Dirent[];
  try { names = await readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const d of names) {
    if (d.isDirectory()) await walk(join(dir, d.name), `${rel}${d.name}/`, out);
    else out.push(`${rel}${d.name}`);
  }
}

export async function openHarness(nDrives: number, opts: ErasureObjectLayerOptions = {}): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-ol-'));
  const endpoints = Array.from({ length: nDrives }, (_, i) => join(root, `d${i + 1}`));
  const counting = new Map<string, CountingDrive>();
  const faulty = new Map<string, FaultyDrive>();
  const storage = await createStorage({
    endpoints,
    openDrive: async (e) => {
      const f = new FaultyDrive(await LocalDrive.open(e));
      const d = new CountingDrive(f);
      faulty.set(e, f);
      counting.set(e, d);
      return d;
    },
  });
  const layer = new ErasureObjectLayer(storage, opts);
  await layer.makeBucket({ bucket: BUCKET });
  return {
    root, storage, layer,
    drives: endpoints.map((e) => counting.get(e)!),
    faults: endpoints.map((e) => faulty.get(e)!),
    put: (key, data, o) => layer.putObject({ bucket: BUCKET, key, body: Readable.from([data]), size: data.length, ...o }),
    get: async (key, o) => readAll((await layer.getObject({ bucket: BUCKET, key, ...o })).body),
    async records(key, bucket = BUCKET) {
      const set = storage.setFor(bucket, key);
      return Promise.all(set.drives.map(async (d) => {
        const v = await d.metaGet(objectKey(bucket, key));
        return v === undefined ? undefined : decodeObjectRecord(v);
      }));
    },
    async writeRecord(i, key, record) {
      await storage.setFor(BUCKET, key).drives[i]!.metaBatch([{ key: objectKey(BUCKET, key), value: encodeObjectRecord(record) }]);
    },
    async dataFiles() {
      const out: string[] = [];
      for (const e of endpoints) {
        await walk(join(e, '.cairn', 'data'), `${e}/data/`, out);
        await walk(join(e, '.cairn', 'tmp'), `${e}/tmp/`, out);
      }
      return out;
    },
    resetCounters() { for (const d of counting.values()) { d.rangeEntries = 0; d.rangeCalls = 0; } },
    rangeEntries() { return [...counting.values()].reduce((a, d) => a + d.rangeEntries, 0); },
    async close() {
      await layer.close();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
