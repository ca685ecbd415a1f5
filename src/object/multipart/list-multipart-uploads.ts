/**
 * ListMultipartUploads: a range scan of `u/<bucket>/` merged over the drives of every set.
 *
 * Order is by key (UTF-8 bytes), then by initiation (uploadIds are time-ordered ids). A
 * record counts when at least readQuorum drives of its set hold it, so leftovers of a failed
 * abort never show (upload-io.ts: they are on fewer than readQuorum drives).
 *
 * Per set, a round scans scanWidth(set) online drives, not all of them: max(n - writeQuorum + 1,
 * readQuorum). An acknowledged create is on at least writeQuorum drives, so one of them holds
 * it; a key every scanned drive holds is on readQuorum drives and is listed at once. A key
 * fewer than readQuorum scanned drives hold (a drive that missed a create, a stale copy of an
 * abort) is counted on the set's other drives (a read of that key each) before it is listed
 * or left out. A create that was never acknowledged (it reached fewer than writeQuorum drives)
 * may be missed when no scanned drive has it, as the object listing may miss one (list-merge.ts).
 * When a scanned drive fails, the round is read again from every drive of every set, and so is
 * the rest of the listing.
 *
 * Drives are read in pages; only keys up to the smallest "last key" of any drive that returned
 * a full page are final in a round (the merge frontier). Each drive's page is already in key
 * order: the pages are merged k-way (no map, no sort), counting the drives that hold each key,
 * and only one copy of a key is decoded: one drive per set reads values, the others read keys
 * only (a key that drive lacks is read from a drive that holds it). Without a delimiter a round
 * reads maxUploads + 1 entries per drive, so a full page takes one round. With a delimiter,
 * keys sharing a common prefix fold into it and the scan skips past them.
 */
import { QuorumError } from '../../errors/domain-errors.js';
import type { Drive, MetaEntry } from '../../storage/drive/drive.js';
import type { ErasureSet } from '../../storage/storage.js';
import { listBucket } from '../buckets.js';
import { compareUtf8, prefixSuccessor } from '../meta-keys.js';
import type { LayerContext } from '../layer-context.js';
import type { ListMultipartUploadsRequest, ListUploadsResult, MultipartUploadInfo } from '../object-layer.js';
import { onDrives } from './upload-io.js';
import { toUploadInfo } from './upload-info.js';
import { decodeUploadListing, splitUploadKeyUnchecked, uploadsPrefix, type UploadListing } from './upload-record.js';
import { isValidId } from '../ids.js';

export const MAX_UPLOADS_PER_PAGE = 1000;
/** Entries per drive and round with a delimiter (most may fold into a prefix and be skipped). */
const SCAN_PAGE = 500;
const MAX_ROUNDS = 10_000;

interface Item {
  readonly commonPrefix?: string;
  readonly upload?: MultipartUploadInfo;
}

/** The first key to scan (inclusive), from prefix and markers. */
function startKey(base: string, req: ListMultipartUploadsRequest, delimiter: string | undefined): string {
  const prefix = req.prefix ?? '';
  let start = base + prefix;
  const km = req.keyMarker;
  if (km) {
    let fromMarker: string;
    if (req.uploadIdMarker) fromMarker = `${base}${km}\u0000${req.uploadIdMarker}\u0000`;
    else fromMarker = `${base}${km}\u0001`; // after every upload of key `km` (keys hold no NUL)
    if (delimiter && km.startsWith(prefix)) {
      const cut = km.indexOf(delimiter, prefix.length);
      // The marker is a common prefix returned earlier: resume after everything under it.
      if (cut >= 0 && cut + delimiter.length === km.length) fromMarker = prefixSuccessor(base + km) ?? fromMarker;
    }
    if (compareUtf8(fromMarker, start) > 0) start = fromMarker;
  }
  return start;
}

/** One key of a round: a copy with its value (if a drive read with values holds it), the drives holding it. */
interface KeyCopies {
  readonly key: string;
  /** The copy of the first value-reading drive that holds the key; undefined when only keys-only drives do. */
  readonly entry: MetaEntry | undefined;
  /** Indexes (into the round's drives) of the drives holding the key; only filled when `entry` is undefined. */
  readonly holders: readonly number[];
  readonly count: number;
}

const NO_HOLDERS: readonly number[] = [];

/**
 * The drives' pages (each in UTF-8 key order, undefined for a drive that failed) merged in key
 * order up to `frontier` (inclusive). `withValues[i]`: drive i's page carries values.
 */
function mergePages(pages: readonly (readonly MetaEntry[] | undefined)[], withValues: readonly boolean[], frontier: string | undefined): KeyCopies[] {
  const pos = pages.map(() => 0);
  const out: KeyCopies[] = [];
  const held: number[] = [];
  for (;;) {
    let min: string | undefined;
    for (let i = 0; i < pages.length; i++) {
      const e = pages[i]?.[pos[i]!];
      if (e !== undefined && (min === undefined || (e.key !== min && compareUtf8(e.key, min) < 0))) min = e.key;
    }
    if (min === undefined || (frontier !== undefined && compareUtf8(min, frontier) > 0)) return out;
    let entry: MetaEntry | undefined;
    held.length = 0;
    for (let i = 0; i < pages.length; i++) {
      const e = pages[i]?.[pos[i]!];
      if (e?.key !== min) continue;
      pos[i]!++;
      held.push(i);
      if (entry === undefined && withValues[i]) entry = e;
    }
    out.push({ key: min, entry, holders: entry === undefined ? held.slice() : NO_HOLDERS, count: held.length });
  }
}

/** Drives of a set one round scans: see the module comment. */
export function scanWidth(set: Pick<ErasureSet, 'drives' | 'readQuorum' | 'writeQuorum'>): number {
  const n = set.drives.length;
  return Math.min(n, Math.max(n - set.writeQuorum + 1, set.readQuorum));
}

/** A drive a round reads: its set, and whether it reads values (the first of its set) or keys only. */
interface ScanDrive {
  readonly drive: Drive;
  readonly set: ErasureSet;
  readonly values: boolean;
}

/**
 * What a round reads. Narrow: per set, its first scanWidth online drives (every drive when fewer
 * are online). Full: every drive. Either way the first online drive of each set reads values.
 */
function scanDrives(sets: readonly ErasureSet[], full: boolean): ScanDrive[] {
  const out: ScanDrive[] = [];
  for (const set of sets) {
    const online = set.drives.filter((d) => d.isOnline());
    const width = scanWidth(set);
    const chosen = full || online.length < width ? set.drives : online.slice(0, width);
    let valuesTaken = false;
    for (const drive of chosen) {
      const values = !valuesTaken && drive.isOnline();
      if (values) valuesTaken = true;
      out.push({ drive, set, values });
    }
  }
  return out;
}

/**
 * Copies of `key` on the drives of `set` a narrow round did not scan: how many hold it, and the
 * first value read (undefined when none does). A drive that cannot be read counts as not holding it.
 */
async function copiesOutside(set: ErasureSet, scanned: readonly ScanDrive[], key: string): Promise<{ count: number; value: Buffer | undefined }> {
  const others = set.drives.filter((d) => !scanned.some((x) => x.drive === d));
  const values = await onDrives(others, (d) => d.metaGet(key));
  let count = 0;
  let value: Buffer | undefined;
  for (const r of values) {
    if (!r.ok || r.value === undefined) continue;
    count++;
    value ??= r.value;
  }
  return { count, value };
}

/**
 * The value of `key` from the first of `holders` that still has it; undefined when every
 * holder answered and none has it any more (aborted or completed meanwhile). When no holder
 * could be read the page is refused (QuorumError), as for a failed range read: an upload that
 * exists must not silently drop out of a listing.
 */
async function valueFrom(drives: readonly { drive: Drive }[], holders: readonly number[], key: string): Promise<Buffer | undefined> {
  let lastError: unknown;
  let answered = 0;
  for (const i of holders) {
    try {
      const v = await drives[i]!.drive.metaGet(key);
      answered++;
      if (v !== undefined) return v;
    } catch (err) { lastError = err; }
  }
  if (answered === 0 && holders.length > 0) throw new QuorumError('read', 1, 0, { cause: lastError });
  return undefined;
}

export function listMultipartUploads(ctx: LayerContext, req: ListMultipartUploadsRequest): Promise<ListUploadsResult> {
  return listBucket(ctx, req.bucket, () => scanUploads(ctx, req));
}

async function scanUploads(ctx: LayerContext, req: ListMultipartUploadsRequest): Promise<ListUploadsResult> {
  const { bucket } = req;
  const asked = Number.isFinite(req.maxUploads) ? Math.floor(req.maxUploads) : MAX_UPLOADS_PER_PAGE;
  const max = Math.max(0, Math.min(asked, MAX_UPLOADS_PER_PAGE));
  const empty: ListUploadsResult = { uploads: [], commonPrefixes: [], isTruncated: false };
  if (max === 0) return empty;
  const base = uploadsPrefix(bucket);
  const prefix = req.prefix ?? '';
  const delimiter = req.delimiter ? req.delimiter : undefined;
  const end = prefixSuccessor(base + prefix);
  const sets = ctx.storage.sets;
  const limit = delimiter ? SCAN_PAGE : max + 1;
  /** Every drive of every set is read once a narrow round met a failed drive. */
  let full = false;

  const uploads: MultipartUploadInfo[] = [];
  const commonPrefixes: string[] = [];
  /** The last item taken: where the next page starts. */
  let last: Item | undefined;
  let isTruncated = false;
  let cursor: string | undefined = startKey(base, req, delimiter);
  let lastPrefix: string | undefined;
  for (let round = 0; round < MAX_ROUNDS && cursor !== undefined && !isTruncated; round++) {
    const from: string = cursor;
    let drives = scanDrives(sets, full);
    const read = (scan: readonly ScanDrive[]) => onDrives(scan.map((x) => x.drive), (d, i) => d.metaRange({ start: from, ...(end ? { end } : {}), limit, keysOnly: !scan[i]!.values }));
    let res = await read(drives);
    if (!full && res.some((r) => !r.ok)) {
      full = true;
      drives = scanDrives(sets, full);
      res = await read(drives);
    }
    const withValues = drives.map((x) => x.values);
    for (const set of sets) {
      const ok = res.filter((r, i) => r.ok && drives[i]!.set === set).length;
      if (ok < set.readQuorum) throw new QuorumError('read', set.readQuorum, ok);
    }
    let frontier: string | undefined;
    for (const r of res) {
      if (!r.ok || r.value.length < limit) continue;
      const last = r.value[r.value.length - 1]!.key;
      if (frontier === undefined || compareUtf8(last, frontier) < 0) frontier = last;
    }
    const merged = mergePages(res.map((r) => (r.ok ? r.value : undefined)), withValues, frontier);
    let skipBelow: string | undefined;
    for (const { key: k, entry, holders, count } of merged) {
      if (skipBelow !== undefined) {
        if (compareUtf8(k, skipBelow) < 0) continue;
        skipBelow = undefined;
      }
      // The upload id is checked where it is used: against the record's (checked) id, or by
      // isValidId for a key folded into a common prefix (a regular expression a key cost ~0.2 ms a page).
      const parsed = splitUploadKeyUnchecked(k.slice(base.length));
      if (!parsed) continue;
      const set = ctx.storage.setFor(bucket, parsed.key);
      let copies = count;
      let outside: Buffer | undefined;
      if (copies < set.readQuorum && !full) {
        // The scanned drives of the set disagree: its other drives decide.
        const more = await copiesOutside(set, drives.filter((x) => x.set === set), k);
        copies += more.count;
        outside = more.value;
      }
      if (copies < set.readQuorum) continue;
      let item: Item;
      const cut = delimiter ? parsed.key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        if (!isValidId(parsed.uploadId)) continue;
        const cp = parsed.key.slice(0, cut + delimiter!.length);
        skipBelow = prefixSuccessor(base + cp);
        if (cp === lastPrefix) continue;
        item = { commonPrefix: cp };
      } else {
        // The value-reading drive of the set failed or lacks the key: read one holder's copy.
        const value = entry !== undefined ? entry.value : outside ?? await valueFrom(drives, holders, k);
        if (value === undefined) continue;
        let listing: UploadListing;
        try {
          listing = decodeUploadListing(value);
        } catch {
          continue; // a corrupt copy: skipped in listings, healing rewrites it
        }
        if (listing.uploadId !== parsed.uploadId) continue; // a record under another upload's key: as corrupt
        item = { upload: toUploadInfo(listing, bucket) };
      }
      if (uploads.length + commonPrefixes.length === max) { isTruncated = true; break; }
      if (item.commonPrefix !== undefined) {
        lastPrefix = item.commonPrefix;
        commonPrefixes.push(item.commonPrefix);
      } else uploads.push(item.upload!);
      last = item;
    }
    if (frontier === undefined) cursor = undefined;
    else {
      const next = `${frontier}\u0000`;
      cursor = skipBelow !== undefined && compareUtf8(skipBelow, next) > 0 ? skipBelow : next;
    }
  }
  if (cursor !== undefined && !isTruncated && last !== undefined) isTruncated = true; // round budget spent
  return {
    uploads,
    commonPrefixes,
    isTruncated,
    ...(isTruncated && last
      ? last.upload
        ? { nextKeyMarker: last.upload.key, nextUploadIdMarker: last.upload.uploadId }
        : { nextKeyMarker: last.commonPrefix! }
      : {}),
  };
}
