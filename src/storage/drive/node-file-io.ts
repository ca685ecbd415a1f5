/** FileIo on node:fs/promises: one thread-pool job per system call (file-io.ts). */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { FileIo, WriteFile } from './file-io.js';

class NodeWriteFile implements WriteFile {
  readonly #handle: FileHandle;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  async writev(chunks: readonly Buffer[], position: number): Promise<void> {
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

export const nodeFileIo: FileIo = {
  name: 'node',
  async openWrite(abs, exclusive, mode) {
    return new NodeWriteFile(await open(abs, exclusive ? 'wx' : 'w', mode));
  },
  async syncDir(abs) {
    const h = await open(abs, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
};

/** The buffers left after the first `written` bytes of `chunks` were written. */
function dropWritten(chunks: readonly Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < chunks.length && skip >= chunks[i]!.length) skip -= chunks[i++]!.length;
  const out = chunks.slice(i);
  if (skip > 0 && out.length > 0) out[0] = out[0]!.subarray(skip);
  return out;
}
