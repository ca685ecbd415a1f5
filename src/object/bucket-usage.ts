/**
 * Bucket usage as the scanner counts it from the object records (sizes are in the records: no
 * shard data is read), and the object size histogram over MinIO's intervals.
 *
 * Per bucket: `objects` = keys whose latest version is not a delete marker; `versions` =
 * versions that are not delete markers (all of them, latest included); `deleteMarkers`;
 * `totalBytes` = sizes of all those versions; `latestBytes` = sizes of the latest versions;
 * `sizeHistogram` = the latest versions' sizes by interval (one count per object).
 */

/** MinIO's object size intervals (cmd/data-usage-utils.go ObjectsHistogramIntervals), disjoint. */
export const SIZE_INTERVALS: readonly { readonly name: string; readonly start: number; readonly end: number }[] = [
  { name: 'LESS_THAN_1024_B', start: 0, end: 1024 - 1 },
  { name: 'BETWEEN_1024_B_AND_64_KB', start: 1024, end: 64 * 1024 - 1 },
  { name: 'BETWEEN_64_KB_AND_256_KB', start: 64 * 1024, end: 256 * 1024 - 1 },
  { name: 'BETWEEN_256_KB_AND_512_KB', start: 256 * 1024, end: 512 * 1024 - 1 },
  { name: 'BETWEEN_512_KB_AND_1_MB', start: 512 * 1024, end: 1024 * 1024 - 1 },
  { name: 'BETWEEN_1_MB_AND_10_MB', start: 1024 * 1024, end: 10 * 1024 * 1024 - 1 },
  { name: 'BETWEEN_10_MB_AND_64_MB', start: 10 * 1024 * 1024, end: 64 * 1024 * 1024 - 1 },
  { name: 'BETWEEN_64_MB_AND_128_MB', start: 64 * 1024 * 1024, end: 128 * 1024 * 1024 - 1 },
  { name: 'BETWEEN_128_MB_AND_512_MB', start: 128 * 1024 * 1024, end: 512 * 1024 * 1024 - 1 },
  { name: 'GREATER_THAN_512_MB', start: 512 * 1024 * 1024, end: Number.MAX_SAFE_INTEGER },
];

/** The index of the interval holding `size`. */
export function sizeInterval(size: number): number {
  for (let i = 0; i < SIZE_INTERVALS.length - 1; i++) if (size <= SIZE_INTERVALS[i]!.end) return i;
  return SIZE_INTERVALS.length - 1;
}

export interface BucketUsage {
  readonly objects: number;
  readonly versions: number;
  readonly deleteMarkers: number;
  readonly totalBytes: number;
  readonly latestBytes: number;
  /** Interval name -> objects (every interval present, 0 included). */
  readonly sizeHistogram: Readonly<Record<string, number>>;
}

/** What one scanner pass counted. */
export interface UsageSnapshot {
  /** When the pass that counted it ended (ISO 8601). */
  readonly lastUpdate: string;
  readonly buckets: Readonly<Record<string, BucketUsage>>;
}

/** What the usage count needs of one version of a record. */
export interface VersionSize {
  readonly size: number;
  readonly isDeleteMarker: boolean;
}

interface Tally { objects: number; versions: number; deleteMarkers: number; totalBytes: number; latestBytes: number; hist: number[] }

/** Sums the records of one pass, key by key. */
export class UsageAccumulator {
  readonly #buckets = new Map<string, Tally>();

  /** One key's versions, newest first (a tombstone has none). */
  add(bucket: string, versions: readonly VersionSize[]): void {
    let t = this.#buckets.get(bucket);
    if (t === undefined) {
      t = { objects: 0, versions: 0, deleteMarkers: 0, totalBytes: 0, latestBytes: 0, hist: SIZE_INTERVALS.map(() => 0) };
      this.#buckets.set(bucket, t);
    }
    for (const v of versions) {
      if (v.isDeleteMarker) { t.deleteMarkers++; continue; }
      t.versions++;
      t.totalBytes += v.size;
    }
    const latest = versions[0];
    if (latest !== undefined && !latest.isDeleteMarker) {
      t.objects++;
      t.latestBytes += latest.size;
      t.hist[sizeInterval(latest.size)]!++;
    }
  }

  snapshot(lastUpdate: Date): UsageSnapshot {
    const buckets: Record<string, BucketUsage> = {};
    for (const [name, t] of [...this.#buckets].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      buckets[name] = {
        objects: t.objects, versions: t.versions, deleteMarkers: t.deleteMarkers, totalBytes: t.totalBytes, latestBytes: t.latestBytes,
        sizeHistogram: Object.fromEntries(SIZE_INTERVALS.map((iv, i) => [iv.name, t.hist[i]!])),
      };
    }
    return { lastUpdate: lastUpdate.toISOString(), buckets };
  }
}

const USAGE_DOC_VERSION = 1;

export function encodeUsageSnapshot(s: UsageSnapshot): Buffer {
  return Buffer.from(JSON.stringify({ version: USAGE_DOC_VERSION, ...s }));
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The stored document; undefined for one this version does not understand (counted again by the next pass). */
export function decodeUsageSnapshot(bytes: Buffer): UsageSnapshot | undefined {
  let doc: unknown;
  try { doc = JSON.parse(bytes.toString('utf8')); } catch { return undefined; }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as { version?: unknown; lastUpdate?: unknown; buckets?: unknown };
  if (d.version !== USAGE_DOC_VERSION || typeof d.lastUpdate !== 'string' || typeof d.buckets !== 'object' || d.buckets === null) return undefined;
  const buckets: Record<string, BucketUsage> = {};
  for (const [name, raw] of Object.entries(d.buckets as Record<string, unknown>)) {
    const u = raw as Partial<Record<keyof BucketUsage, unknown>>;
    if (!isCount(u.objects) || !isCount(u.versions) || !isCount(u.deleteMarkers) || !isCount(u.totalBytes) || !isCount(u.latestBytes)) return undefined;
    const hist = (typeof u.sizeHistogram === 'object' && u.sizeHistogram !== null ? u.sizeHistogram : {}) as Record<string, unknown>;
    buckets[name] = {
      objects: u.objects, versions: u.versions, deleteMarkers: u.deleteMarkers, totalBytes: u.totalBytes, latestBytes: u.latestBytes,
      sizeHistogram: Object.fromEntries(SIZE_INTERVALS.map((iv) => [iv.name, isCount(hist[iv.name]) ? hist[iv.name] as number : 0])),
    };
  }
  return { lastUpdate: d.lastUpdate, buckets };
}
