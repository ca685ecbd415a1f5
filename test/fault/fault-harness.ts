/**
 * Shared setup of the fault, bitrot and wipe tests: real LocalDrives in a mkdtemp dir opened
 * through createStorage, each wrapped in a FaultyDrive, an ErasureObjectLayer whose
 * onHealNeeded feeds a HealQueue, and a catalogue of objects (inline, empty, multi-block,
 * multipart) written with deterministic content so every read can be compared byte for byte.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { createStorage, FaultyDrive, HealthTrackedDrive, LocalDrive } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/storage.js';
import { HealQueue } from '../../src/workers/index.js';

export const BUCKET = 'fault-bkt';
export const KiB = 1024;
export const MiB = 1024 * KiB;
/** Small erasure blocks so modest objects span many blocks. */
export const BLOCK_SIZE = 64 * KiB;

/** Deterministic pseudo-random bytes for (seed string). */
export function contentOf(seed: string, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let block = createHash('sha256').update(seed).digest();
  for (let off = 0; off < size; off += 32) {
    block.copy(out, off, 0, Math.min(32, size - off));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

export interface CatalogueEntry {
  readonly key: string;
  readonly data: Buffer;
  readonly isMultipart: boolean;
}

/** The objects every fault test writes: sizes around the inline threshold (64 KiB) and block size. */
export const SINGLE_SIZES: readonly [string, number][] = [
  ['empty', 0], ['tiny', 1], ['small-1k', 1000], ['inline-60k', 60 * KiB],
  ['edge-64k', 64 * KiB], ['edge-128k', 128 * KiB], ['large-300k', 300 * KiB + 7], ['large-2m', 2 * MiB + 13],
];

export interface FaultHarness {
  readonly root: string;
  readonly endpoints: readonly string[];
  readonly storage: Storage;
  readonly layer: ErasureObjectLayer;
  readonly faults: readonly FaultyDrive[];
  readonly queue: HealQueue;
  put(key: string, data: Buffer): Promise<void>;
  putMultipart(key: string, parts: readonly Buffer[]): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Write the standard catalogue (plus one multipart object when `multipart`). */
  writeCatalogue(opts?: { multipart?: boolean; prefix?: string }): Promise<CatalogueEntry[]>;
  resetFaults(): void;
  /** Close the layer and drives (the data stays, for a reopen). */
  closeLayer(): Promise<void>;
  /** Close and remove everything. */
  close(): Promise<void>;
}

export async function readBody(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reject when `p` does not settle within `ms` (a hang is a test failure, not a stall). */
export async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export interface OpenOptions {
  readonly drives: number;
  readonly parity?: number;
  readonly root?: string;
  /** Create the bucket (default true; false on a reopen). */
  readonly makeBucket?: boolean;
  /** The layer's clock (default Date.now): tests that move time (tombstone GC). */
  readonly now?: () => number;
  /** Put a HealthTrackedDrive around each FaultyDrive, as production does around each drive. */
  readonly healthTracked?: boolean;
}

export async function openFaultHarness(opts: OpenOptions): Promise<FaultHarness> {
  const root = opts.root ?? await mkdtemp(join(tmpdir(), 'cairn-fault-'));
  const endpoints = Array.from({ length: opts.drives }, (_, i) => join(root, `d${i + 1}`));
  const byEndpoint = new Map<string, FaultyDrive>();
  const storage = await createStorage({
    endpoints,
    blockSize: BLOCK_SIZE,
    ...(opts.parity !== undefined ? { parity: opts.parity } : {}),
    openDrive: async (e) => {
      const f = new FaultyDrive(await LocalDrive.open(e));
      byEndpoint.set(e, f);
      return opts.healthTracked === true ? new HealthTrackedDrive(f) : f;
    },
  });
  const queue = new HealQueue();
  const layer = new ErasureObjectLayer(storage, { onHealNeeded: (b, k) => { queue.add(b, k); }, ...(opts.now ? { now: opts.now } : {}) });
  if (opts.makeBucket !== false) await layer.makeBucket({ bucket: BUCKET });
  const faults = endpoints.map((e) => byEndpoint.get(e)!);
  let closed = false;
  const h: FaultHarness = {
    root, endpoints, storage, layer, faults, queue,
    async put(key, data) {
      await layer.putObject({ bucket: BUCKET, key, body: Readable.from([data]), size: data.length });
    },
    async putMultipart(key, parts) {
      const up = await layer.createMultipartUpload({ bucket: BUCKET, key });
      const done = [];
      for (let i = 0; i < parts.length; i++) {
        const p = await layer.putObjectPart({ bucket: BUCKET, key, uploadId: up.uploadId, partNumber: i + 1, body: Readable.from([parts[i]!]), size: parts[i]!.length });
        done.push({ partNumber: i + 1, etag: p.etag });
      }
      await layer.completeMultipartUpload({ bucket: BUCKET, key, uploadId: up.uploadId, parts: done });
    },
    async get(key) {
      const res = await layer.getObject({ bucket: BUCKET, key });
      return readBody(res.body);
    },
    async writeCatalogue(o = {}) {
      const prefix = o.prefix ?? '';
      const out: CatalogueEntry[] = [];
      for (const [name, size] of SINGLE_SIZES) {
        const key = `${prefix}${name}`;
        const data = contentOf(key, size);
        await h.put(key, data);
        out.push({ key, data, isMultipart: false });
      }
      if (o.multipart) {
        const key = `${prefix}multipart`;
        const parts = [contentOf(`${key}#1`, 5 * MiB), contentOf(`${key}#2`, 70 * KiB + 3)];
        await h.putMultipart(key, parts);
        out.push({ key, data: Buffer.concat(parts), isMultipart: true });
      }
      return out;
    },
    resetFaults() { for (const f of faults) f.reset(); },
    async closeLayer() {
      if (closed) return;
      closed = true;
      for (const f of faults) f.reset();
      await layer.close();
    },
    async close() {
      await h.closeLayer();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return h;
}

/** Relative paths (under each drive's .cairn/) of every shard file in data/, per drive. */
export async function shardFiles(endpoint: string): Promise<string[]> {
  const out: string[] = [];
  const base = join(endpoint, '.cairn');
  async function walk(rel: string, depth: number): Promise<void> {
    if (depth > 6) return;
    let entries: import('node:fs').Dirent[];
    try { entries = await readdir(join(base, rel), { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(p, depth + 1);
      else out.push(p); // a data file, or a part file in a data dir
    }
  }
  await walk('data', 0);
  return out.sort();
}

/** Seeded PRNG (mulberry32) so a failing run can be replayed. */
export { mulberry32 as rng } from '../helpers/seeded-random.js';
