/**
 * The delivered mark of a durable queue: a 64-byte file of two 32-byte slots written in turn,
 * each `generation (u64) | segment (u64) | offset (u64) | crc32c of those 24 bytes (u32) | 0 (u32)`.
 * A write replaces the older slot in place (no rename, no sync), so the newer slot stays whole
 * if the write is torn; reading takes the valid slot with the higher generation. Writes are
 * coalesced: one in flight, the newest mark wins (set() returns at once), and a mark waits up
 * to `delayMs` (the queue's default 10 ms) so that a target taking one record per delivery
 * costs one write per interval, not one thread-pool write per record. Losing the newest
 * mark (a crash within that delay after a delivery, a power cut) means records delivered
 * again, never records skipped.
 */
import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { computeChecksum } from '../../util/checksums.js';

export interface AckMark {
  readonly segment: number;
  readonly offset: number;
}

const SLOT = 32;

function encode(generation: bigint, mark: AckMark): Buffer {
  const b = Buffer.alloc(SLOT);
  b.writeBigUInt64BE(generation, 0);
  b.writeBigUInt64BE(BigInt(mark.segment), 8);
  b.writeBigUInt64BE(BigInt(mark.offset), 16);
  computeChecksum('CRC32C', b.subarray(0, 24)).copy(b, 24);
  return b;
}

function decode(b: Buffer): { generation: bigint; mark: AckMark } | undefined {
  if (b.length < SLOT || !computeChecksum('CRC32C', b.subarray(0, 24)).equals(b.subarray(24, 28))) return undefined;
  return { generation: b.readBigUInt64BE(0), mark: { segment: Number(b.readBigUInt64BE(8)), offset: Number(b.readBigUInt64BE(16)) } };
}

export class AckFile {
  readonly #fh: FileHandle;
  #generation: bigint;
  #pending: AckMark | undefined;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #delayMs: number;
  readonly #blocking: boolean;
  readonly current: AckMark | undefined;

  private constructor(fh: FileHandle, generation: bigint, current: AckMark | undefined, delayMs: number, blocking: boolean) {
    this.#fh = fh;
    this.#delayMs = delayMs;
    this.#blocking = blocking;
    this.#generation = generation;
    this.current = current;
  }

  /**
   * `delayMs`: how long a new mark may wait before it is written (0: at once); `blocking`:
   * write with writeSync on the calling thread (a thread of its own: durable-queue.ts).
   */
  static async open(path: string, mode: number, delayMs = 0, blocking = false): Promise<AckFile> {
    const fh = await open(path, 'a+', mode);
    try {
      const buf = Buffer.alloc(SLOT * 2);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const slots = [decode(buf.subarray(0, Math.min(bytesRead, SLOT))), decode(buf.subarray(SLOT, Math.max(SLOT, bytesRead)))]
        .filter((x): x is NonNullable<typeof x> => x !== undefined)
        .sort((a, b) => (a.generation < b.generation ? 1 : -1));
      await fh.close();
      const rw = await open(path, 'r+');
      return new AckFile(rw, slots[0]?.generation ?? 0n, slots[0]?.mark, delayMs, blocking);
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  /** Records `mark` as the newest; it reaches the file with the next write. */
  set(mark: AckMark): void {
    this.#pending = mark;
    if (this.#writing === undefined) this.#schedule();
  }

  /** Starts the write of the pending mark now (no delay) or once the delay has passed. */
  #schedule(): void {
    if (this.#timer !== undefined || this.#pending === undefined) return;
    if (this.#delayMs === 0) { this.#start(); return; }
    this.#timer = setTimeout(() => { this.#timer = undefined; this.#start(); }, this.#delayMs);
    this.#timer.unref();
  }

  /** Starts writing the pending mark (blocking: it is written when this returns). */
  #start(): void {
    if (this.#blocking) this.#writeNow();
    else this.#writing ??= this.#drain();
  }

  /** Resolves once every mark set so far is written (a waiting one is written now). */
  async flushed(): Promise<void> {
    for (;;) {
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#start();
      }
      if (this.#writing === undefined) return;
      await this.#writing;
    }
  }

  /** Writes the pending mark through the thread pool; a mark set meanwhile waits for the delay again (or flushed()). */
  async #drain(): Promise<void> {
    try {
      const mark = this.#pending;
      if (mark === undefined) return;
      this.#pending = undefined;
      this.#generation++;
      await this.#fh.write(encode(this.#generation, mark), 0, SLOT, Number(this.#generation % 2n) * SLOT);
    } finally {
      this.#writing = undefined;
      this.#schedule();
    }
  }

  /** Writes the pending mark on this thread; a failed write keeps it pending and is tried again later. */
  #writeNow(): void {
    const mark = this.#pending;
    if (mark === undefined) return;
    this.#pending = undefined;
    this.#generation++;
    try {
      writeSync(this.#fh.fd, encode(this.#generation, mark), 0, SLOT, Number(this.#generation % 2n) * SLOT);
    } catch {
      this.#pending ??= mark;
      this.#timer ??= setTimeout(() => { this.#timer = undefined; this.#start(); }, Math.max(100, this.#delayMs));
      this.#timer.unref();
    }
  }

  async close(): Promise<void> {
    await this.flushed().catch(() => undefined);
    await this.#fh.close();
  }
}
