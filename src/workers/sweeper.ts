/**
 * The sweeper: removes what a crash or a failed write left behind on each drive, once it is
 * older than a grace period (so in-flight writes are never touched):
 *  - `tmp/<entry>`: staging of writes and heals (renamed away on success);
 *  - `data/<ab>/<dataId>`: a data file or dir with no `d/<dataId>` reverse-index entry on the same
 *    drive (the index is committed in the same transaction as the record that references
 *    it), unless a pending upload on the drive writes its parts into it (`dataId`, format v2)
 *    or is completing into it (`completingDataId`, v1); inside such an upload's dir (not yet
 *    committed), the part files no `p/` record of the drive names (part uploads that never
 *    finished, or whose replacement's commit crashed before it removed them);
 *  - `multipart/<uploadId>`: the staging dir of a v1 upload with no `u/` record on the drive,
 *    and inside a live upload's dir the `tmp-<uuid>` files of part uploads that never finished.
 * Age is the entry's mtime. Each drive is swept independently; an offline drive is skipped.
 */
import type { Drive } from '../storage/drive/drive.js';
import type { Storage } from '../storage/storage.js';
import { scanPrefix } from '../object/heal/index.js';
import { decodePartRecord, decodeUploadRecord, inPlacePartFileName, partsPrefix, splitUploadKey } from '../object/index.js';
import { sleep } from './sleep.js';
import type { Worker, WorkerContext } from './worker-runner.js';

export const DEFAULT_SWEEP_GRACE_MS = 60 * 60_000;
const ID_RE = /^[0-9a-f]{32}$/;
const FAN_RE = /^[0-9a-f]{2}$/;

export interface SweeperOptions {
  /** Only entries older than this are removed (default 1 hour). */
  readonly graceMs?: number;
  /** Pause between sweeps (default 1 hour). */
  readonly intervalMs?: number;
  /** Pause before the first sweep (default 5 minutes). */
  readonly startDelayMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

export interface SweepStats {
  readonly tmpRemoved: number;
  readonly dataRemoved: number;
  readonly multipartRemoved: number;
  readonly errors: number;
}

const ZERO: SweepStats = { tmpRemoved: 0, dataRemoved: 0, multipartRemoved: 0, errors: 0 };
const add = (a: SweepStats, b: SweepStats): SweepStats => ({
  tmpRemoved: a.tmpRemoved + b.tmpRemoved, dataRemoved: a.dataRemoved + b.dataRemoved,
  multipartRemoved: a.multipartRemoved + b.multipartRemoved, errors: a.errors + b.errors,
});

/**
 * Upload ids with a record on the drive, the data dirs uploads write their parts into or are
 * completing into (`completing`), and the in-place uploads' data dirs (dataId -> uploadId).
 */
async function pendingUploads(drive: Drive): Promise<{ uploadIds: Set<string>; completing: Set<string>; inPlace: Map<string, string> }> {
  const uploadIds = new Set<string>();
  const completing = new Set<string>();
  const inPlace = new Map<string, string>();
  for (const e of await scanPrefix(drive, 'u/')) {
    const afterBucket = e.key.indexOf('/', 2);
    const split = afterBucket < 0 ? undefined : splitUploadKey(e.key.slice(afterBucket + 1));
    if (split) uploadIds.add(split.uploadId);
    try {
      const rec = decodeUploadRecord(e.value);
      uploadIds.add(rec.uploadId);
      if (rec.completingDataId !== undefined) completing.add(rec.completingDataId);
      if (rec.dataId !== undefined) { completing.add(rec.dataId); inPlace.set(rec.dataId, rec.uploadId); }
    } catch { /* a corrupt record still protects its upload id (from the key) */ }
  }
  return { uploadIds, completing, inPlace };
}

/** File names the drive's part records of an upload name (in-place layout). */
async function recordedPartFiles(drive: Drive, uploadId: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const e of await scanPrefix(drive, partsPrefix(uploadId))) {
    try {
      const rec = decodePartRecord(e.value);
      names.add(inPlacePartFileName(rec.partNumber, rec.partId));
    } catch { /* a corrupt record names no file: heal rewrites it and rebuilds the shard */ }
  }
  return names;
}

export class Sweeper implements Worker {
  readonly name = 'sweeper';
  readonly #storage: Storage;
  readonly #grace: number;
  readonly #interval: number;
  readonly #startDelay: number;
  readonly #now: () => number;

  constructor(storage: Storage, opts: SweeperOptions = {}) {
    this.#storage = storage;
    this.#grace = opts.graceMs ?? DEFAULT_SWEEP_GRACE_MS;
    this.#interval = opts.intervalMs ?? 60 * 60_000;
    this.#startDelay = opts.startDelayMs ?? 5 * 60_000;
    this.#now = opts.now ?? Date.now;
  }

  async run(wctx: WorkerContext): Promise<void> {
    if (!(await sleep(this.#startDelay, wctx.signal, { idle: true }))) return;
    let total = ZERO;
    for (;;) {
      wctx.report({}, 'running');
      const s = await this.sweepAll(wctx.signal);
      total = add(total, s);
      wctx.report({ ...total }, 'sleeping');
      if (!(await sleep(this.#interval, wctx.signal, { idle: true }))) return;
    }
  }

  /** One sweep of every online drive. */
  async sweepAll(signal?: AbortSignal): Promise<SweepStats> {
    let total = ZERO;
    for (const d of this.#storage.drives) {
      if (signal?.aborted) break;
      if (!d.isOnline()) continue;
      total = add(total, await this.sweepDrive(d, signal));
    }
    return total;
  }

  async sweepDrive(drive: Drive, signal?: AbortSignal): Promise<SweepStats> {
    const cutoff = this.#now() - this.#grace;
    let errors = 0;
    const isOld = async (path: string): Promise<boolean> => {
      const st = await drive.statFile(path);
      return st !== undefined && st.mtimeMs < cutoff;
    };
    const removeIfOld = async (path: string): Promise<boolean> => {
      try {
        if (!(await isOld(path))) return false;
        await drive.remove(path);
        return true;
      } catch {
        errors++;
        return false;
      }
    };
    let tmpRemoved = 0;
    let dataRemoved = 0;
    let multipartRemoved = 0;
    try {
      for (const name of await drive.list('tmp')) {
        if (signal?.aborted) break;
        if (await removeIfOld(`tmp/${name}`)) tmpRemoved++;
      }
      // Order matters (no race with a multipart complete): list first, then read the upload
      // records, then re-check the data index. A data dir seen unreferenced before an upload's
      // records were read either belongs to an upload still marked completing into it, or was
      // committed meanwhile (its d/ entry appears in the re-check).
      const stagingDirs = await drive.list('multipart');
      const candidates: string[] = [];
      for (const fan of await drive.list('data')) {
        if (signal?.aborted) break;
        if (!FAN_RE.test(fan)) continue;
        const ids = (await drive.list(`data/${fan}`)).filter((id) => ID_RE.test(id));
        if (ids.length === 0) continue;
        const refs = await drive.metaGetMany(ids.map((id) => `d/${id}`));
        ids.forEach((id, j) => { if (refs[j] === undefined) candidates.push(id); });
      }
      const uploads = await pendingUploads(drive);
      for (const name of stagingDirs) {
        if (signal?.aborted) break;
        if (uploads.uploadIds.has(name)) {
          // A live upload: only staged part files a crashed UploadPart left behind.
          for (const entry of await drive.list(`multipart/${name}`)) {
            if (entry.startsWith('tmp-') && await removeIfOld(`multipart/${name}/${entry}`)) tmpRemoved++;
          }
          continue;
        }
        if (await removeIfOld(`multipart/${name}`)) multipartRemoved++;
      }
      for (const [dataId, uploadId] of uploads.inPlace) {
        if (signal?.aborted) break;
        const dir = `data/${dataId.slice(0, 2)}/${dataId}`;
        const names = await drive.list(dir);
        if (names.length === 0) continue;
        const recorded = await recordedPartFiles(drive, uploadId);
        for (const name of names) {
          if (recorded.has(name)) continue;
          // Committed meanwhile: the complete's own clean-up removes what the version does not name.
          if ((await drive.metaGet(`d/${dataId}`)) !== undefined) break;
          if (await removeIfOld(`${dir}/${name}`)) tmpRemoved++;
        }
      }
      const unprotected = candidates.filter((id) => !uploads.completing.has(id));
      const recheck = unprotected.length === 0 ? [] : await drive.metaGetMany(unprotected.map((id) => `d/${id}`));
      for (let j = 0; j < unprotected.length; j++) {
        if (signal?.aborted) break;
        if (recheck[j] !== undefined) continue;
        const id = unprotected[j]!;
        if (await removeIfOld(`data/${id.slice(0, 2)}/${id}`)) dataRemoved++;
      }
    } catch {
      errors++;
    }
    return { tmpRemoved, dataRemoved, multipartRemoved, errors };
  }
}
