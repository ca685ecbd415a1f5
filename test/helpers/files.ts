/** Temp folders and deterministic test payloads for the e2e suites. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `cairn-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}

/** Random bytes; fine for tens of MiB. */
export function randomPayload(size: number): Buffer {
  return randomBytes(size);
}

export async function writeRandomFile(path: string, size: number): Promise<Buffer> {
  const data = randomBytes(size);
  await writeFile(path, data);
  return data;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** S3 multipart ETag: md5 of the concatenated binary part md5s, then -N. */
export function multipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let off = 0; off < data.length; off += partSize) {
    digests.push(createHash('md5').update(data.subarray(off, off + partSize)).digest());
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

/** Bytes allocated on disk under `dirs` (st_blocks * 512, so sparse files count as they are). */
export async function diskUsage(dirs: readonly string[]): Promise<number> {
  const { readdir, lstat } = await import('node:fs/promises');
  let total = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 32) return;
    let entries;
    try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const full = join(dir, e.name);
      try {
        const st = await lstat(full);
        total += st.blocks * 512;
        if (e.isDirectory()) await walk(full, depth + 1);
      } catch { /* removed while walking */ }
    }
  };
  for (const d of dirs) await walk(d, 0);
  return total;
}
