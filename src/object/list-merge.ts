/**
 * The listing engine: range scans of `o/<bucket>/...` merged across drives and sets.
 *
 *  - Per set, read from n - writeQuorum + 1 online drives: an acknowledged write is on at
 *    least writeQuorum drives, so at least one scanned drive has it. Copies of one key from
 *    several drives are merged by the newest latest version (mtime, writeId).
 *  - Sets hold disjoint keys; all drive cursors are merged in UTF-8 key order (k-way merge).
 *  - seek(start) skips every key below `start` without reading it (delimiter skipping): the
 *    next range scan starts there. After a seek, cursors fetch small batches (growing while
 *    the caller keeps consuming), so a page costs O(maxKeys) entries, whatever the bucket size.
 * Work is observable: `entriesRead` counts the entries returned by metaRange.
 * A copy that fails to decode is skipped (the other scanned drives' copies still count; a key
 * whose every scanned copy is corrupt is left out of the page and found by the scanner).
 */
import { QuorumError } from '../errors/domain-errors.js';
import type { Drive, MetaEntry } from '../storage/drive/drive.js';
import { compareVersions, decodeObjectRecord, type ObjectRecord } from '../storage/format/index.js';
import type { Storage } from '../storage/storage.js';
import { compareUtf8 } from './meta-keys.js';

const MIN_BATCH = 8;
const MAX_BATCH = 1024;

interface DriveCursorOptions {
  readonly drive: Drive;
  /** First key (inclusive). */
  readonly start: string;
  /** Scan end (exclusive); undefined: to the end of the key space. */
  readonly end: string | undefined;
  readonly batch: number;
  /** Shared counter of the entries read (tests, metrics). */
  readonly stats: { entriesRead: number };
}

class DriveCursor {
  #buf: MetaEntry[] = [];
  #pos = 0;
  #next: string;
  #done = false;
  #batch: number;
  readonly drive: Drive;
  readonly end: string | undefined;
  readonly stats: { entriesRead: number };

  constructor(o: DriveCursorOptions) {
    this.drive = o.drive;
    this.end = o.end;
    this.stats = o.stats;
    this.#next = o.start;
    this.#batch = o.batch;
  }

  async peek(): Promise<MetaEntry | undefined> {
    if (this.#pos < this.#buf.length) return this.#buf[this.#pos];
    if (this.#done) return undefined;
    const limit = this.#batch;
    let got: MetaEntry[];
    try {
      got = await this.drive.metaRange({ start: this.#next, ...(this.end !== undefined ? { end: this.end } : {}), limit });
    } catch (err) {
      // A scanned drive failing mid-page could hide acknowledged writes: refuse the page.
      throw new QuorumError('read', 1, 0, { cause: err });
    }
    this.stats.entriesRead += got.length;
    this.#buf = got;
    this.#pos = 0;
    if (got.length < limit) this.#done = true;
    else this.#next = got[got.length - 1]!.key + '\u0000';
    this.#batch = Math.min(MAX_BATCH, this.#batch * 2);
    return this.#buf[0];
  }

  advance(): void { this.#pos++; }

  /** Skip to the first key >= start. */
  seek(start: string): void {
    while (this.#pos < this.#buf.length && compareUtf8(this.#buf[this.#pos]!.key, start) < 0) this.#pos++;
    if (this.#pos >= this.#buf.length && !this.#done && compareUtf8(start, this.#next) > 0) {
      this.#next = start;
      this.#batch = MIN_BATCH;
    }
  }
}

export interface MergedEntry {
  /** Full metadata key (`o/<bucket>/<key>`). */
  readonly metaKey: string;
  readonly record: ObjectRecord;
}

export interface MergeOptions {
  readonly start: string;
  readonly end: string | undefined;
  /** First fetch size per cursor (e.g. maxKeys + 1). */
  readonly batch: number;
}

export class ListingMerger {
  readonly stats = { entriesRead: 0 };
  readonly #cursors: DriveCursor[] = [];

  constructor(storage: Storage, opts: MergeOptions) {
    const batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, opts.batch));
    for (const set of storage.sets) {
      const want = set.drives.length - set.writeQuorum + 1;
      const online = set.drives.filter((d) => d.isOnline());
      if (online.length < want) throw new QuorumError('read', want, online.length);
      for (const d of online.slice(0, want)) this.#cursors.push(new DriveCursor({ drive: d, start: opts.start, end: opts.end, batch, stats: this.stats }));
    }
  }

  /** The next key in order with its merged record (undefined at the end). */
  async next(): Promise<MergedEntry | undefined> {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const heads = await Promise.all(this.#cursors.map((c) => c.peek()));
      let min: string | undefined;
      for (const h of heads) if (h && (min === undefined || compareUtf8(h.key, min) < 0)) min = h.key;
      if (min === undefined) return undefined;
      let best: ObjectRecord | undefined;
      heads.forEach((h, i) => {
        if (!h || h.key !== min) return;
        this.#cursors[i]!.advance();
        let rec: ObjectRecord;
        try { rec = decodeObjectRecord(h.value); } catch { return; }
        if (!best || compareVersions(rec.versions[0]!, best.versions[0]!) < 0) best = rec;
      });
      if (best) return { metaKey: min, record: best };
    }
    throw new Error('listing merge did not progress');
  }

  seek(start: string): void {
    for (const c of this.#cursors) c.seek(start);
  }
}
