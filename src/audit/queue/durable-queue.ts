/**
 * A durable FIFO of audit records for one target, in one directory:
 *
 *   000000000001.seg, 000000000002.seg, ...   append-only segments (segment-format.ts lines)
 *   ack                                       where the delivered records end (ack-file.ts)
 *
 * Writes go through the thread pool (a buffered write can wait for the file system's journal
 * while the data path fsyncs, and must never stall the event loop); reads of what was just
 * written come from the page cache with readSync on an open descriptor.
 * append() writes a batch with one write, then one fdatasync before it resolves
 * (`fsyncIntervalMs` 0) or an fdatasync within `fsyncIntervalMs` (written data survives a
 * process crash or SIGKILL at once; the interval bounds what a power cut can take). read() returns the oldest undelivered records from the read cursor
 * (the records this process appended last come from memory, recent-records.ts, not read back);
 * ack() moves the delivered mark (ack-file.ts: small in-place writes, coalesced over
 * `ackDelayMs`, no rename or sync: a mark lost to a crash means records sent again, never
 * records lost) and removes segments
 * wholly behind it. At open, the last segment is cut where its valid records end (a torn tail from
 * a crash is dropped, never replayed); a damaged line followed by valid ones is skipped and
 * counted. Delivery is in order and at least once: records after the ack mark are sent again
 * after a restart. The queue holds at most `maxRecords` undelivered records; the caller
 * decides what happens when it is full (audit-log.ts). The newest record stays on disk (the
 * last segment is never removed) so the chain head can be recovered from it.
 */
import { readSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AckFile } from './ack-file.js';
import { RecentRecords, type RecentLimits } from './recent-records.js';
import { frameRecord, scanLines, validPrefix } from './segment-format.js';
import { timerDelay } from '../../util/timer-delay.js';

export interface DurableQueueOptions {
  readonly dir: string;
  readonly maxRecords: number;
  /** A new segment starts once the current one reaches this size (default 4 MiB). */
  readonly segmentBytes?: number;
  readonly fileMode?: number;
  readonly dirMode?: number;
  /**
   * 0: an append resolves after its fdatasync. More: an append resolves once written (a
   * process crash cannot lose it) and the segment is fdatasynced at most this many ms later.
   */
  readonly fsyncIntervalMs?: number;
  /** How long a new delivered mark may wait before it is written (default 10 ms; ack-file.ts). */
  readonly ackDelayMs?: number;
  /** The records kept in memory for the reader (recent-records.ts; tests shrink it). */
  readonly recent?: RecentLimits;
  /**
   * Write (appends and delivered marks) with blocking calls on the calling thread instead of
   * the thread pool: for a thread of its own (the audit thread, audit-thread-main.ts), where
   * a write that waits for the file system delays only audit records, never a request, and
   * saves the two thread hand-offs of a pool write. fdatasync stays in the pool either way.
   */
  readonly blockingWrites?: boolean;
}

export interface QueueCursor {
  readonly segment: number;
  readonly offset: number;
}

export interface QueueBatch {
  readonly records: readonly string[];
  /** Where the queue stands once these records are acknowledged. */
  readonly next: QueueCursor;
  /** Where it stands once the first i + 1 of them are (a delivery that stored only some). */
  readonly ends: readonly QueueCursor[];
}

export interface QueueOpenReport {
  readonly records: number;
  readonly tornBytes: number;
  readonly damagedLines: number;
  /** The newest record on disk (delivered or not), for chain recovery. */
  readonly newest: string | undefined;
}

const SEGMENT = /^(\d{12})\.seg$/;
const READ_CHUNK = 1024 * 1024;
/** A delivered mark waits this long for newer ones before it is written (a crash within it resends). */
const DEFAULT_ACK_DELAY_MS = 10;
const segName = (n: number): string => `${String(n).padStart(12, '0')}.seg`;

export class DurableQueue {
  readonly #opts: DurableQueueOptions;
  readonly #segmentBytes: number;
  /** Segment numbers on disk, ascending. */
  #segments: number[] = [];
  /** Size of each segment as written (what a reader may read). */
  readonly #sizes = new Map<number, number>();
  #writer: FileHandle | undefined;
  #writerSegment = 0;
  #ack: QueueCursor = { segment: 1, offset: 0 };
  #read: QueueCursor = { segment: 1, offset: 0 };
  #length = 0;
  #unread = 0;
  #writing: Promise<void> = Promise.resolve();
  #reader: { segment: number; fh: FileHandle } | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #unsynced = false;
  #ackFile: AckFile | undefined;
  /** Records appended in this process and not yet handed out, in memory (see recent-records.ts). */
  readonly #recent: RecentRecords;
  /** Number of the next record append() writes; the unread records are [#appended - #unread, #appended). */
  #appended = 0;

  constructor(opts: DurableQueueOptions) {
    this.#opts = opts;
    this.#recent = new RecentRecords(opts.recent);
    this.#segmentBytes = opts.segmentBytes ?? 4 * 1024 * 1024;
  }

  get length(): number { return this.#length; }
  /** Records appended and not yet handed out by read(). */
  get unread(): number { return this.#unread; }
  get room(): number { return Math.max(0, this.#opts.maxRecords - this.#length); }

  async open(): Promise<QueueOpenReport> {
    await mkdir(this.#opts.dir, { recursive: true, ...(this.#opts.dirMode !== undefined ? { mode: this.#opts.dirMode } : {}) });
    this.#segments = (await readdir(this.#opts.dir)).map((f) => SEGMENT.exec(f)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
    this.#ackFile = await AckFile.open(join(this.#opts.dir, 'ack'), this.#opts.fileMode ?? 0o600, this.#opts.ackDelayMs ?? DEFAULT_ACK_DELAY_MS, this.#opts.blockingWrites === true);
    this.#ack = this.#ackFile.current ?? { segment: this.#segments[0] ?? 1, offset: 0 };
    let tornBytes = 0;
    let damagedLines = 0;
    let newest: string | undefined;
    let records = 0;
    for (const seg of this.#segments) {
      const buf = await readFile(this.#path(seg));
      const isLast = seg === this.#segments[this.#segments.length - 1];
      const prefix = validPrefix(buf);
      let size = buf.length;
      if (isLast && prefix.end < buf.length) {
        tornBytes = buf.length - prefix.end;
        const fh = await open(this.#path(seg), 'r+');
        try { await fh.truncate(prefix.end); await fh.datasync(); } finally { await fh.close(); }
        size = prefix.end;
      }
      this.#sizes.set(seg, size);
      if (prefix.last !== undefined) newest = prefix.last;
      if (seg < this.#ack.segment) continue;
      const from = seg === this.#ack.segment ? Math.min(this.#ack.offset, size) : 0;
      for (const line of scanLines(buf.subarray(0, size), from)) {
        if (line.json === undefined) damagedLines++;
        else records++;
      }
    }
    this.#length = records;
    this.#unread = records;
    this.#read = this.#ack;
    this.#writerSegment = this.#segments[this.#segments.length - 1] ?? Math.max(1, this.#ack.segment);
    return { records, tornBytes, damagedLines, newest };
  }

  /** Appends records (JSON texts) in order; resolves once they are on disk. Serialized. */
  append(records: readonly string[]): Promise<void> {
    const run = this.#writing.then(() => this.#append(records));
    this.#writing = run.catch(() => undefined);
    return run;
  }

  async #append(records: readonly string[]): Promise<void> {
    if (records.length === 0) return;
    const lines = records.map(frameRecord);
    const data = Buffer.from(lines.join(''));
    const size = this.#sizes.get(this.#writerSegment) ?? 0;
    if (this.#writer !== undefined && size >= this.#segmentBytes) {
      await this.#sync();
      await this.#writer.close();
      this.#writer = undefined;
      this.#writerSegment++;
    }
    if (this.#writer === undefined) {
      this.#writer = await open(this.#path(this.#writerSegment), 'a', this.#opts.fileMode ?? 0o600);
      if (!this.#segments.includes(this.#writerSegment)) this.#segments.push(this.#writerSegment);
    }
    if (this.#opts.blockingWrites === true) {
      for (let done = 0; done < data.length;) done += writeSync(this.#writer.fd, data, done, data.length - done);
    } else await this.#writer.write(data);
    const interval = this.#opts.fsyncIntervalMs ?? 0;
    if (interval === 0) await this.#writer.datasync();
    else {
      this.#unsynced = true;
      this.#syncTimer ??= setTimeout(() => {
        this.#syncTimer = undefined;
        this.#writing = this.#writing.then(() => this.#sync()).catch(() => undefined);
      }, timerDelay(interval));
      this.#syncTimer.unref();
    }
    const segment = this.#writerSegment;
    let offset = this.#sizes.get(segment) ?? 0;
    this.#sizes.set(segment, offset + data.length);
    for (let i = 0; i < records.length; i++) {
      offset += Buffer.byteLength(lines[i]!);
      this.#recent.offer(this.#appended + i, { json: records[i]!, end: { segment, offset } });
    }
    this.#appended += records.length;
    this.#length += records.length;
    this.#unread += records.length;
  }

  /** Up to `max` records after the read cursor (fewer, or none, when that is all there is). */
  async read(max: number): Promise<QueueBatch> {
    const first = this.#appended - this.#unread;
    const kept = this.#recent.take(first, max);
    if (kept.length > 0) {
      this.#read = kept[kept.length - 1]!.end;
      this.#unread -= kept.length;
      return { records: kept.map((r) => r.json), next: this.#read, ends: kept.map((r) => r.end) };
    }
    const records: string[] = [];
    const ends: QueueCursor[] = [];
    let cur = this.#read;
    while (records.length < max) {
      const size = this.#sizes.get(cur.segment);
      if (size === undefined || cur.offset >= size) {
        const next = this.#segments.find((s) => s > cur.segment);
        if (next === undefined) break;
        cur = { segment: next, offset: 0 };
        continue;
      }
      const length = Math.min(READ_CHUNK, size - cur.offset);
      const buf = Buffer.alloc(length);
      const fd = (await this.#readHandle(cur.segment)).fd;
      for (let got = 0; got < length;) {
        const n = readSync(fd, buf, got, length - got, cur.offset + got);
        if (n === 0) throw new Error(`audit queue ${this.#opts.dir}: segment ${cur.segment} is shorter than written`);
        got += n;
      }
      const lines = scanLines(buf, 0, max - records.length);
      if (lines.length === 0) throw new Error(`audit queue ${this.#opts.dir}: a record longer than ${READ_CHUNK} bytes in segment ${cur.segment}`);
      for (const line of lines) {
        if (line.json === undefined) continue;
        records.push(line.json);
        ends.push({ segment: cur.segment, offset: cur.offset + line.end });
      }
      cur = { segment: cur.segment, offset: cur.offset + lines[lines.length - 1]!.end };
    }
    this.#read = cur;
    this.#unread -= records.length;
    this.#recent.forget(this.#appended - this.#unread);
    return { records, next: cur, ends };
  }

  /**
   * The batch read last (`count` records ending at `next`), or its first `count` records
   * (`next` = their end, QueueBatch.ends), was delivered.
   */
  async ack(next: QueueCursor, count: number): Promise<void> {
    this.#ack = next;
    this.#length = Math.max(0, this.#length - count);
    this.#ackFile!.set(next);
    const last = this.#segments[this.#segments.length - 1];
    const gone = this.#segments.filter((s) => s < next.segment && s !== last);
    for (const s of gone) {
      if (this.#reader?.segment === s) await this.#closeReader();
      await rm(this.#path(s), { force: true });
      this.#sizes.delete(s);
    }
    this.#segments = this.#segments.filter((s) => !gone.includes(s));
  }

  async close(): Promise<void> {
    clearTimeout(this.#syncTimer);
    this.#syncTimer = undefined;
    await this.#writing;
    await this.#sync();
    await this.#writer?.close();
    this.#writer = undefined;
    await this.#closeReader();
    await this.#ackFile?.close();
  }

  async #sync(): Promise<void> {
    if (!this.#unsynced || this.#writer === undefined) return;
    this.#unsynced = false;
    await this.#writer.datasync();
  }

  async #readHandle(segment: number): Promise<FileHandle> {
    if (this.#reader?.segment === segment) return this.#reader.fh;
    await this.#closeReader();
    const fh = await open(this.#path(segment), 'r');
    this.#reader = { segment, fh };
    return fh;
  }

  async #closeReader(): Promise<void> {
    const r = this.#reader;
    this.#reader = undefined;
    await r?.fh.close();
  }

  #path(seg: number): string {
    return join(this.#opts.dir, segName(seg));
  }
}
