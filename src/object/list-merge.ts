/**
 * The listing engine: range scans of `o/<bucket>/...` merged across drives and sets.
 *
 *  - Per set, read from n - writeQuorum + 1 online drives: an acknowledged write is on at
 *    least writeQuorum drives, so at least one scanned drive has it. Copies of one key from
 *    several drives are merged by recency (record-recency.ts: the latest version or the
 *    newest removal, so a tombstone beats the stale copy of a drive that missed a delete).
 *  - When the scanned copies of a key disagree (different identities, a scanned drive of the
 *    key's set without the key, a copy that does not decode), the key is resolved by
 *    `resolve` — a quorum read of the key, the rule GET uses (which also queues the heal) — so
 *    a page never shows what GET would not. Clean keys cost nothing more. When the quorum read
 *    fails (too few drives for a read quorum, unreadable copies), the recency merge stands: GET
 *    fails for that key too. One case is not seen: in a set with k == m (writeQuorum = k + 1,
 *    m drives scanned), a commit that crashed after reaching exactly the k unscanned drives
 *    (never acknowledged) is a read quorum for GET while every scanned copy agrees on the
 *    previous state; the listing shows that previous state until heal. Catching it would mean
 *    scanning m + 1 drives on every page.
 *  - A key whose record is a tombstone (or that the quorum calls absent) comes out with
 *    `record: undefined`: callers skip it and count it toward their scan budget.
 *  - Sets hold disjoint keys; all drive cursors are merged in UTF-8 key order (k-way merge).
 *  - seek(start) skips every key below `start` without reading it (delimiter skipping): the
 *    next range scan starts there. After a seek, cursors fetch small batches (growing while
 *    the caller keeps consuming), so a page costs O(maxKeys) entries, whatever the bucket size.
 *  - The drives' listing summaries are scanned (`l/<bucket>/...`, storage/format/listing-summary.ts:
 *    the record without its data location, written in the record's transaction), never the
 *    records: a page decodes only what it shows. Keys given to and returned by the merger are
 *    record keys (`o/...`); a disagreeing key is resolved from the records.
 * Work is observable: `entriesRead` counts the entries returned by metaRange, `resolved` the
 * quorum reads of disagreeing keys.
 * A copy that fails to decode makes its key a disagreement; when the quorum read fails too it
 * is skipped (the other scanned drives' copies still count; a key whose every scanned copy is
 * corrupt is left out of the page and found by the scanner).
 */
import { CorruptRecordError, QuorumError } from '../errors/domain-errors.js';
import type { Drive, MetaEntry } from '../storage/drive/drive.js';
import { decodeListingSummary, recordKeyOf, summaryKeyOf, type ObjectRecord } from '../storage/format/index.js';
import type { Storage } from '../storage/storage.js';
import { compareUtf8 } from './meta-keys.js';
import { compareRecency, recordIdentity, visibleRecord } from './record-recency.js';

const MIN_BATCH = 8;
const MAX_BATCH = 1024;
/** DriveCursor.head(): the buffer is used up and the range goes on. */
const NEEDS_FILL = Symbol('needs fill');
/** ListingMerger.nextReady() / KeyWalk.nextReady(): a read is due, await next(). */
export const PENDING = Symbol('pending');
/** Just after every object record key ('o/' + anything < 'o0'). */
const END_OF_RECORDS = 'o0';

interface DriveCursorOptions {
  readonly drive: Drive;
  /** Index of the erasure set the drive belongs to (disagreement checks are per set). */
  readonly setIndex: number;
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
  readonly setIndex: number;
  readonly end: string | undefined;
  readonly stats: { entriesRead: number };

  constructor(o: DriveCursorOptions) {
    this.drive = o.drive;
    this.setIndex = o.setIndex;
    this.end = o.end;
    this.stats = o.stats;
    this.#next = o.start;
    this.#batch = o.batch;
  }


  /** The head entry when it is buffered (undefined at the end); NEEDS_FILL when a range read is due. */
  head(): MetaEntry | undefined | typeof NEEDS_FILL {
    if (this.#pos < this.#buf.length) return this.#buf[this.#pos];
    return this.#done ? undefined : NEEDS_FILL;
  }

  /**
   * Reads the next batch (call only when head() said NEEDS_FILL). `known`: the copies another
   * cursor of the set holds (`knownCopies()`), which the drive hands back instead of equal copies.
   */
  async fill(known?: (key: string) => Buffer | undefined): Promise<void> {
    const limit = this.#batch;
    let got: MetaEntry[];
    try {
      got = await this.drive.metaRange({ start: this.#next, ...(this.end !== undefined ? { end: this.end } : {}), limit, ...(known ? { known } : {}) });
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
  }

  advance(): void { this.#pos++; }

  /**
   * The value this cursor has buffered for a key, asked in ascending key order from its head
   * on (MetaRangeOptions.known): one forward pass over the buffer per lookup function.
   */
  knownCopies(): (key: string) => Buffer | undefined {
    const buf = this.#buf;
    let i = this.#pos;
    return (key) => {
      while (i < buf.length) {
        const e = buf[i]!;
        if (e.key === key) { i++; return e.value; }
        if (compareUtf8(e.key, key) > 0) return undefined;
        i++;
      }
      return undefined;
    };
  }

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
  /** Full metadata key of the record (`o/<bucket>/<key>`). */
  readonly metaKey: string;
  /**
   * The key's listing-summary key (`l/<bucket>/<key>`) as the drive returned it: as long as
   * metaKey, so a caller that strips `o/<bucket>/` can strip it from this (no new string).
   */
  readonly summaryKey: string;
  /** The key's record (a listing summary: no data location); undefined when the key is deleted (a tombstone) or absent by quorum. */
  readonly record: ObjectRecord | undefined;
}

/** A MergedEntry whose record key is made only when asked for (most walks never do). */
class Merged implements MergedEntry {
  readonly summaryKey: string;
  readonly record: ObjectRecord | undefined;
  constructor(summaryKey: string, record: ObjectRecord | undefined) {
    this.summaryKey = summaryKey;
    this.record = record;
  }
  get metaKey(): string { return recordKeyOf(this.summaryKey); }
}

export interface MergeOptions {
  /** First record key (`o/...`, inclusive). */
  readonly start: string;
  /** Record key where the scan ends (exclusive); undefined: to the end of the object records. */
  readonly end: string | undefined;
  /** First fetch size per cursor (e.g. maxKeys + 1). */
  readonly batch: number;
  /** Quorum read of a key whose scanned copies disagree (undefined: the key does not exist). */
  readonly resolve?: (metaKey: string) => Promise<ObjectRecord | undefined>;
}

export class ListingMerger {
  readonly stats = { entriesRead: 0, resolved: 0 };
  readonly #cursors: DriveCursor[] = [];
  readonly #resolve: MergeOptions['resolve'];
  /** The cursors' heads of the current step, and which sets hold the current key (reused per key). */
  readonly #headBuf: (MetaEntry | undefined | typeof NEEDS_FILL)[];
  readonly #setHit: boolean[];
  /** Per set, the index of its lead cursor (the first scanned drive of the set). */
  readonly #leads: number[];
  /** A key whose copies disagree, taken by nextReady() and left for next() to resolve. */
  #pending: { readonly summaryKey: string; readonly best: ObjectRecord | undefined } | undefined;
  /** What #take found for the current key: its copies merged by recency ... */
  #best: ObjectRecord | undefined;
  /** ... and whether they disagree (copies differ, one is unreadable, or a scanned drive of the key's set lacks the key). */
  #isDisagreement = false;

  constructor(storage: Storage, opts: MergeOptions) {
    const batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, opts.batch));
    const start = summaryKeyOf(opts.start);
    const end = summaryKeyOf(opts.end ?? END_OF_RECORDS);
    for (const [s, set] of storage.sets.entries()) {
      const want = set.drives.length - set.writeQuorum + 1;
      const online = set.drives.filter((d) => d.isOnline());
      if (online.length < want) throw new QuorumError('read', want, online.length);
      for (const d of online.slice(0, want)) this.#cursors.push(new DriveCursor({ drive: d, setIndex: s, start, end, batch, stats: this.stats }));
    }
    this.#resolve = opts.resolve;
    this.#leads = storage.sets.map((_, s) => this.#cursors.findIndex((c) => c.setIndex === s));
    this.#headBuf = this.#cursors.map(() => undefined);
    this.#setHit = storage.sets.map(() => false);
  }

  /** The next key in order with its merged record (undefined at the end). */
  async next(): Promise<MergedEntry | undefined> {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const pending = this.#pending;
      if (pending !== undefined) {
        this.#pending = undefined;
        const resolved = await this.#resolveKey(recordKeyOf(pending.summaryKey));
        if (resolved.isDone) return new Merged(pending.summaryKey, resolved.record);
        if (pending.best) return new Merged(pending.summaryKey, visibleRecord(pending.best));
        continue;
      }
      const got = this.nextReady();
      if (got !== PENDING) return got;
      if (this.#pending === undefined) await this.#fill();
    }
    throw new Error('listing merge did not progress');
  }

  /**
   * next() without a promise when no range read or quorum read is due (most keys: a page's
   * walk then costs no await per key); PENDING when it is, and next() must be awaited.
   */
  nextReady(): MergedEntry | undefined | typeof PENDING {
    if (this.#pending !== undefined) return PENDING;
    const heads = this.#headBuf;
    for (let guard = 0; guard < 1_000_000; guard++) {
      // Range reads only when a cursor's buffer is used up.
      if (this.#readHeads()) return PENDING;
      let min: string | undefined;
      for (const h of heads) if (h && h !== NEEDS_FILL && (min === undefined || (h.key !== min && compareUtf8(h.key, min) < 0))) min = h.key;
      if (min === undefined) return undefined;
      this.#take(min);
      const best = this.#best;
      if (this.#isDisagreement && this.#resolve) {
        this.#pending = { summaryKey: min, best };
        return PENDING;
      }
      if (best) return new Merged(min, visibleRecord(best));
    }
    throw new Error('listing merge did not progress');
  }

  /**
   * Range reads for the cursors whose buffers are used up: each set's lead cursor (its first
   * scanned drive) first, then the others with the lead's copies as `known`, so a copy equal to
   * the lead's is compared where it lies and comes back as the lead's own Buffer (#take then
   * skips it by identity). One more await per batch; the reads of local drives are synchronous.
   */
  async #fill(): Promise<void> {
    const heads = this.#headBuf;
    const leads = this.#leads;
    await Promise.all(this.#cursors.map((c, i) => (heads[i] === NEEDS_FILL && leads[c.setIndex] === i ? c.fill() : undefined)));
    await Promise.all(this.#cursors.map((c, i) => {
      if (heads[i] !== NEEDS_FILL || leads[c.setIndex] === i) return undefined;
      return c.fill(this.#cursors[leads[c.setIndex]!]!.knownCopies());
    }));
  }

  /** Every cursor's head into #headBuf (one array for the whole walk); true when one needs a fill. */
  #readHeads(): boolean {
    let needsFill = false;
    for (let i = 0; i < this.#cursors.length; i++) {
      const h = this.#cursors[i]!.head();
      this.#headBuf[i] = h;
      if (h === NEEDS_FILL) needsFill = true;
    }
    return needsFill;
  }

  /** Skip to the first record key >= start. */
  seek(start: string): void {
    const at = summaryKeyOf(start);
    for (const c of this.#cursors) c.seek(at);
  }

  /**
   * Advance the cursors at `key` and merge their copies into #best / #isDisagreement. A copy
   * whose bytes equal the first decoded copy's is neither decoded nor compared (the common
   * case with several scanned drives: the drive already handed back the lead's Buffer, see
   * #fill); identities are compared only when a differing second copy comes.
   */
  #take(key: string): void {
    const heads = this.#headBuf;
    let best: ObjectRecord | undefined;
    let isDisagreement = false;
    const setHit = this.#setHit;
    setHit.fill(false);
    let first: ObjectRecord | undefined;
    let firstBytes: Buffer | undefined;
    let identity: string | undefined;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h === undefined || h === NEEDS_FILL || h.key !== key) continue;
      const cursor = this.#cursors[i]!;
      cursor.advance();
      setHit[cursor.setIndex] = true;
      // A copy byte-identical to a decoded one is the same record (the summary encoding is
      // deterministic): same identity, same recency. Nothing to decode or compare.
      if (firstBytes !== undefined && (h.value === firstBytes || h.value.equals(firstBytes))) continue;
      let rec: ObjectRecord;
      try { rec = decodeListingSummary(h.value); } catch { isDisagreement = true; continue; }
      if (first === undefined) { first = rec; firstBytes = h.value; }
      else {
        identity ??= recordIdentity(first);
        if (recordIdentity(rec) !== identity) isDisagreement = true;
      }
      if (!best || compareRecency(rec, best) < 0) best = rec;
    }
    // A scanned drive of the key's set whose head is past the key does not hold it.
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (setHit[this.#cursors[i]!.setIndex] && (h === undefined || h === NEEDS_FILL || h.key !== key)) isDisagreement = true;
    }
    this.#best = best;
    this.#isDisagreement = isDisagreement;
  }

  async #resolveKey(metaKey: string): Promise<{ isDone: boolean; record: ObjectRecord | undefined }> {
    this.stats.resolved++;
    try {
      return { isDone: true, record: await this.#resolve!(metaKey) };
    } catch (err) {
      if (err instanceof QuorumError || err instanceof CorruptRecordError) return { isDone: false, record: undefined };
      throw err;
    }
  }
}
