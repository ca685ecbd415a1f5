/**
 * The listing summaries of a drive's metadata store (storage/format/listing-summary.ts): every
 * write of an object record `o/<bucket>/<key>` also writes (or removes) its summary
 * `l/<bucket>/<key>`, in the SAME LMDB transaction, so a crash (SIGKILL, power loss) can never
 * leave a summary that disagrees with its record: listings scan the summaries, GET/HEAD read
 * the records. The pairing is done here, under every caller, so no write path can forget it.
 *
 * Migration (format v1 of the summaries): a drive written before summaries existed has none.
 * At open, until the marker key `f/listing-summary` holds LISTING_SUMMARY_VERSION, the store
 * walks `o/` in chunks of MIGRATION_CHUNK keys, one write transaction per chunk: it writes the
 * summary of every record of the chunk and removes every summary of that key range without a
 * record; the last chunk writes the marker. Each chunk first checks the marker, so several
 * processes opening the drive together (--workers) stop as soon as one has finished, and none
 * serves before its own open returned, i.e. before the marker exists. A crash mid-way leaves
 * no marker: the next open starts over (every step is idempotent).
 */
import {
  decodeObjectRecord, encodeCorruptListingSummary, encodeListingSummary, LISTING_SUMMARY_VERSION, RECORD_KEY_PREFIX,
  SUMMARY_KEY_PREFIX, summaryKeyOf, type ObjectRecord,
} from '../format/index.js';

/** Key of the marker saying the summaries are complete (value: one byte, the summary format). */
export const SUMMARY_MARKER_KEY = 'f/listing-summary';
export const MIGRATION_CHUNK = 1000;

/** A store operation with its key still a string (value null: remove), and the decoded record of a record put when the writer has it. */
export interface KeyedOp {
  readonly key: string;
  readonly value: Buffer | null;
  readonly record?: ObjectRecord;
}

/** The summary value of a record value (a record that does not decode gets the corrupt summary). */
export function summaryValueOf(recordValue: Buffer): Buffer {
  try {
    return encodeListingSummary(decodeObjectRecord(recordValue));
  } catch {
    return encodeCorruptListingSummary();
  }
}

/**
 * `ops` plus the summary op of every object record op, right after it (ops itself when none is a
 * record op). A record put that carries its decoded `record` (the writer's merge result, which
 * `value` encodes) is summarized from it; otherwise `value` is decoded first.
 */
export function withSummaryOps(ops: readonly KeyedOp[]): readonly KeyedOp[] {
  if (!ops.some((op) => op.key.startsWith(RECORD_KEY_PREFIX))) return ops;
  const out: KeyedOp[] = [];
  for (const op of ops) {
    out.push(op);
    if (op.key.startsWith(RECORD_KEY_PREFIX)) {
      const summary = op.value === null ? null : op.record !== undefined ? encodeListingSummary(op.record) : summaryValueOf(op.value);
      out.push({ key: summaryKeyOf(op.key), value: summary });
    }
  }
  return out;
}

/** The minimal store access the migration needs, inside one synchronous write transaction. */
export interface SummaryMigrationStore {
  /** Runs fn in one synchronous write transaction. */
  transaction<T>(fn: () => T): T;
  get(key: string): Buffer | undefined;
  /** Keys (and values) in [start, end), at most limit. */
  range(start: string, end: string, limit: number): { key: string; value: Buffer }[];
  put(key: string, value: Buffer): void;
  remove(key: string): void;
}

const isMigrated = (store: SummaryMigrationStore): boolean => {
  const m = store.get(SUMMARY_MARKER_KEY);
  return m !== undefined && m.length === 1 && m[0] === LISTING_SUMMARY_VERSION;
};

/** Brings the drive's summaries to the current format (see the module comment); returns the records summarized. */
export function migrateListingSummaries(store: SummaryMigrationStore): number {
  const recordEnd = RECORD_KEY_PREFIX.slice(0, -1) + '0'; // 'o0': just after every 'o/...' key
  const summaryEnd = SUMMARY_KEY_PREFIX.slice(0, -1) + '0';
  if (isMigrated(store)) return 0; // the common case: one read, no write transaction
  let cursor = RECORD_KEY_PREFIX;
  let summarized = 0;
  for (let guard = 0; guard < 100_000_000; guard++) {
    const next = store.transaction((): string | undefined => {
      if (isMigrated(store)) return undefined;
      const records = store.range(cursor, recordEnd, MIGRATION_CHUNK);
      const isLast = records.length < MIGRATION_CHUNK;
      const from = summaryKeyOf(cursor);
      const to = isLast ? summaryEnd : summaryKeyOf(records[records.length - 1]!.key) + '\u0000';
      const live = new Set(records.map((r) => summaryKeyOf(r.key)));
      for (let start = from; ;) {
        const summaries = store.range(start, to, MIGRATION_CHUNK);
        for (const s of summaries) if (!live.has(s.key)) store.remove(s.key);
        if (summaries.length < MIGRATION_CHUNK) break;
        start = summaries[summaries.length - 1]!.key + '\u0000';
      }
      for (const r of records) store.put(summaryKeyOf(r.key), summaryValueOf(r.value));
      summarized += records.length;
      if (isLast) {
        store.put(SUMMARY_MARKER_KEY, Buffer.from([LISTING_SUMMARY_VERSION]));
        return undefined;
      }
      return records[records.length - 1]!.key + '\u0000';
    });
    if (next === undefined) return summarized;
    cursor = next;
  }
  throw new Error('listing summary migration did not finish');
}
