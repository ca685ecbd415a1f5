/** FileIo on node:fs/promises: one thread-pool job per system call (file-io.ts). */
import { read } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { crc32c } from '../../util/crc32c.js';
import { checkSums, fillSums } from './crc-sums.js';
import type { FileIo, FileRead, WriteFile } from './file-io.js';

class NodeWriteFile implements WriteFile {
  readonly #handle: FileHandle;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  async writev(chunks: readonly Buffer[], position: number, sums?: readonly number[]): Promise<void> {
    if (sums !== undefined && sums.length > 0) {
      checkSums(chunks, sums);
      fillSums(chunks, sums);
    }
    let rest: readonly Buffer[] = chunks;
    let at = position;
    // writev may write fewer bytes than asked; each round drops what was written (bounded by total length).
    while (rest.length > 0) {
      const { bytesWritten } = await this.#handle.writev(rest as Buffer[], at);
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      at += bytesWritten;
      rest = dropWritten(rest, bytesWritten);
    }
  }

  // dropCache: node:fs has no posix_fadvise; the pages stay cached (file-io.ts).
  async syncClose(): Promise<void> {
    try {
      await this.#handle.datasync();
    } finally {
      await this.#handle.close();
    }
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

function readOnce(fd: number, into: Buffer, offset: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, into, offset, into.length - offset, position, (err, n) => (err !== null ? reject(err) : resolve(n)));
  });
}

async function readInto(fd: number, into: Buffer, position: number, sumFrom: number): Promise<FileRead> {
  // fs.read takes -1 as "at the current offset": refused, as the native read refuses it.
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`bad read position ${position}`);
  let got = 0;
  // Bounded: each round reads > 0 bytes or stops.
  while (got < into.length) {
    const n = await readOnce(fd, into, got, position + got);
    if (n === 0) break;
    got += n;
  }
  const crc = sumFrom < 0 ? -1 : sumFrom < got ? crc32c(into.subarray(sumFrom, got)) >>> 0 : 0;
  return { bytesRead: got, crc32c: crc };
}

export const nodeFileIo: FileIo = {
  name: 'node',
  // dropCache is not honoured: node:fs has no posix_fadvise.
  read: (fd, into, position, sumFrom) => readInto(fd, into, position, sumFrom),
  // direct is not honoured (node:fs cannot align its buffers): written through the page cache.
  async openWrite(abs, exclusive, mode) {
    return new NodeWriteFile(await open(abs, exclusive ? 'wx' : 'w', mode));
  },
  syncDir,
  // node:fs has no ioctl: the directory keeps the file system's default placement.
  spreadSubdirs: async () => false,
  // dropCache and direct are not honoured (no fadvise in node:fs; its buffers are not aligned).
  async writeNewFile(abs, chunks, { mode, sums, dir }) {
    const file = new NodeWriteFile(await open(abs, 'wx', mode));
    try {
      try {
        await file.writev(chunks, 0, sums);
      } catch (err) {
        await file.close().catch(() => undefined);
        throw err;
      }
      await file.syncClose();
      if (dir !== undefined) await syncDir(dir);
    } catch (err) {
      await rm(abs, { force: true }).catch(() => undefined);
      throw err;
    }
  },
};

async function syncDir(abs: string): Promise<void> {
  const h = await open(abs, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** The buffers left after the first `written` bytes of `chunks` were written. */
function dropWritten(chunks: readonly Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < chunks.length && skip >= chunks[i]!.length) skip -= chunks[i++]!.length;
  const out = chunks.slice(i);
  if (skip > 0 && out.length > 0) out[0] = out[0]!.subarray(skip);
  return out;
}
