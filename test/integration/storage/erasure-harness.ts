/** Shared setup for erasure-set tests: N LocalDrives in a temp dir, each wrapped in a FaultyDrive. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { FaultyDrive } from '../../../src/storage/drive/faulty-drive.js';
import { ErasureSetImpl } from '../../../src/storage/erasure/erasure-set.js';

/** FaultyDrive that counts readFile calls. */
export class CountingDrive extends FaultyDrive {
  reads = 0;
  override async readFile(path: string, offset: number, length: number): Promise<Buffer> {
    this.reads++;
    return super.readFile(path, offset, length);
  }
}

export interface ErasureHarness {
  readonly dir: string;
  readonly drives: CountingDrive[];
  readonly set: ErasureSetImpl;
  cleanup(): Promise<void>;
}

export async function makeSet(n: number, parity: number, blockSize?: number, driveTimeoutMs?: number): Promise<ErasureHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-ec-'));
  const drives: CountingDrive[] = [];
  for (let i = 0; i < n; i++) drives.push(new CountingDrive(await LocalDrive.open(join(dir, `d${i + 1}`))));
  const set = new ErasureSetImpl({
    index: 0, drives, parity,
    ...(blockSize !== undefined ? { blockSize } : {}),
    ...(driveTimeoutMs !== undefined ? { driveTimeoutMs } : {}),
  });
  return {
    dir, drives, set,
    async cleanup() {
      await Promise.all(drives.map((d) => d.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Every drive's listing of a directory (to check nothing was left behind). */
export async function leftovers(drives: readonly FaultyDrive[], path: string): Promise<string[][]> {
  return Promise.all(drives.map((d) => d.inner.list(path)));
}
