/**
 * The re-seal pass after a KMS key rotation (`cairn admin kms reseal [--bucket B]`): walks
 * every version of every bucket (or of one), then its pending multipart uploads, and has the
 * object layer re-seal each KMS data key with its key's newest version
 * (ObjectLayer.resealDataKey: metadata only, data files untouched). One pass at a time per
 * deployment; it runs in the background of the process that was asked, and its state is a
 * checkpoint document in the system bucket (`kms/reseal/status.json`), written after every
 * page of at most PAGE entries and read by `status()` in any process:
 *
 *   state     running | done | failed
 *   position  where the next page starts (bucket, phase versions|uploads, markers)
 *   counts    scanned (entries looked at), resealed, current (newest key version already),
 *             skipped (no KMS data key, or changed meanwhile), failed (per-entry errors)
 *
 * Resumable: a pass whose process died leaves `running` with an old `updatedAt`; `start`
 * continues it from its position (a `running` checkpoint updated within STALE_MS belongs to
 * a live pass elsewhere and is not touched). Idempotent: an entry re-sealed already is
 * 'current', so repeating a page or a whole pass writes nothing twice. A KMS that cannot be
 * reached fails the pass at once (state failed, position kept: `start` continues from it).
 */
import { KmsUnavailableError } from '../errors/domain-errors.js';
import type { DataKeyRewrap, ObjectLayer, ResealOutcome } from '../object/object-layer.js';

export const RESEAL_STATUS_DOCUMENT = 'kms/reseal/status.json';
const PAGE = 100;
const STALE_MS = 30_000;

export interface ResealPosition {
  readonly bucket: string;
  readonly phase: 'versions' | 'uploads';
  readonly keyMarker?: string;
  readonly versionIdMarker?: string;
  readonly uploadIdMarker?: string;
}

export interface ResealCounts {
  readonly scanned: number;
  readonly resealed: number;
  readonly current: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface ResealStatus extends ResealCounts {
  readonly version: 1;
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  /** The --bucket of the pass; absent: every bucket. */
  readonly bucket?: string;
  readonly startedAt?: string;
  readonly updatedAt?: string;
  readonly finishedAt?: string;
  /** Where a running or failed pass continues. */
  readonly position?: ResealPosition;
  /** The error that failed the pass, or the last per-entry error. */
  readonly error?: string;
}

/** Where the checkpoint lives (compose/: the system bucket). */
export interface ResealStatusStore {
  get(): Promise<ResealStatus | undefined>;
  put(status: ResealStatus): Promise<void>;
}

export interface ResealPassOptions {
  readonly objects: ObjectLayer;
  readonly store: ResealStatusStore;
  readonly rewrap: DataKeyRewrap;
  /** Called with every entry re-sealed (the metrics counter). */
  readonly onResealed?: () => void;
  readonly now?: () => number;
}

/** Refused start: a pass is running (here or, by a fresh checkpoint, in another process). */
export class ResealRunningError extends Error {}

const ZERO: ResealCounts = { scanned: 0, resealed: 0, current: 0, skipped: 0, failed: 0 };

export class ResealPass {
  readonly #o: ResealPassOptions;
  #running: Promise<void> | undefined;
  #resealedHere = 0;

  constructor(opts: ResealPassOptions) {
    this.#o = opts;
  }

  /** Entries this process re-sealed since it started (the metrics counter). */
  get resealedTotal(): number {
    return this.#resealedHere;
  }

  async status(): Promise<ResealStatus> {
    return (await this.#o.store.get()) ?? { version: 1, state: 'idle', ...ZERO };
  }

  /** Starts a pass (or continues an interrupted or failed one of the same scope); resolves once it runs. */
  async start(bucket: string | undefined): Promise<ResealStatus> {
    if (this.#running !== undefined) throw new ResealRunningError('a re-seal pass is running');
    const prior = await this.#o.store.get();
    const now = this.#now();
    if (prior?.state === 'running' && prior.updatedAt !== undefined && now - Date.parse(prior.updatedAt) < STALE_MS) {
      throw new ResealRunningError('a re-seal pass is running in another process');
    }
    const resumes = (prior?.state === 'running' || prior?.state === 'failed') && prior.position !== undefined && prior.bucket === bucket;
    const at = new Date(now).toISOString();
    const status: ResealStatus = resumes
      ? { ...prior!, state: 'running', updatedAt: at, error: undefined }
      : { version: 1, state: 'running', ...ZERO, ...(bucket !== undefined ? { bucket } : {}), startedAt: at, updatedAt: at };
    await this.#o.store.put(clean(status));
    this.#running = this.#run(status).finally(() => { this.#running = undefined; });
    return clean(status);
  }

  /** Resolves when this process's pass (if any) has ended (tests, shutdown). */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #run(start: ResealStatus): Promise<void> {
    let s = start;
    try {
      const buckets = s.bucket !== undefined ? [s.bucket] : (await this.#o.objects.listBuckets()).map((b) => b.name).sort();
      const first = s.position?.bucket;
      for (const bucket of buckets) {
        if (first !== undefined && bucket < first) continue;
        let pos: ResealPosition = s.position?.bucket === bucket ? s.position : { bucket, phase: 'versions' };
        for (let more = true; more;) {
          const page = await this.#page(pos);
          s = { ...s, ...add(s, page.counts), updatedAt: this.#iso(), position: page.next ?? pos, ...(page.error !== undefined ? { error: page.error } : {}) };
          more = page.next !== undefined;
          if (page.next !== undefined) pos = page.next;
          await this.#o.store.put(clean(s));
        }
      }
      const { position: _done, ...rest } = s;
      await this.#o.store.put(clean({ ...rest, state: 'done', finishedAt: this.#iso(), updatedAt: this.#iso() }));
    } catch (err) {
      await this.#o.store.put(clean({ ...s, state: 'failed', error: (err as Error).message, updatedAt: this.#iso() })).catch(() => undefined);
    }
  }

  /** One page at `pos`: what it counted and where the next page starts (undefined: the bucket is done). */
  async #page(pos: ResealPosition): Promise<{ counts: ResealCounts; next?: ResealPosition; error?: string }> {
    const { objects } = this.#o;
    const counts = { ...ZERO };
    let error: string | undefined;
    const one = async (target: { bucket: string; key: string; versionId?: string; uploadId?: string }, isKms: boolean): Promise<void> => {
      counts.scanned++;
      if (!isKms) { counts.skipped++; return; }
      let outcome: ResealOutcome;
      try {
        outcome = await objects.resealDataKey({ ...target, rewrap: this.#o.rewrap });
      } catch (err) {
        if (err instanceof KmsUnavailableError) throw err;
        counts.failed++;
        error = `${target.bucket}/${target.key}: ${(err as Error).message}`;
        return;
      }
      if (outcome === 'resealed') { counts.resealed++; this.#resealedHere++; this.#o.onResealed?.(); }
      else if (outcome === 'current') counts.current++;
      else counts.skipped++;
    };
    if (pos.phase === 'versions') {
      const r = await objects.listObjectVersions({
        bucket: pos.bucket, maxKeys: PAGE,
        ...(pos.keyMarker !== undefined ? { keyMarker: pos.keyMarker } : {}), ...(pos.versionIdMarker !== undefined ? { versionIdMarker: pos.versionIdMarker } : {}),
      });
      for (const v of r.versions) {
        await one({ bucket: pos.bucket, key: v.key, versionId: v.versionId }, !v.isDeleteMarker && v.encryption?.kmsKeyId !== undefined);
      }
      const next: ResealPosition = r.isTruncated && r.nextKeyMarker !== undefined
        ? { bucket: pos.bucket, phase: 'versions', keyMarker: r.nextKeyMarker, ...(r.nextVersionIdMarker !== undefined ? { versionIdMarker: r.nextVersionIdMarker } : {}) }
        : { bucket: pos.bucket, phase: 'uploads' };
      return { counts, next, ...(error !== undefined ? { error } : {}) };
    }
    const r = await objects.listMultipartUploads({
      bucket: pos.bucket, maxUploads: PAGE,
      ...(pos.keyMarker !== undefined ? { keyMarker: pos.keyMarker } : {}), ...(pos.uploadIdMarker !== undefined ? { uploadIdMarker: pos.uploadIdMarker } : {}),
    });
    for (const u of r.uploads) await one({ bucket: pos.bucket, key: u.key, uploadId: u.uploadId }, u.encryption?.kmsKeyId !== undefined);
    const next: ResealPosition | undefined = r.isTruncated && r.nextKeyMarker !== undefined
      ? { bucket: pos.bucket, phase: 'uploads', keyMarker: r.nextKeyMarker, ...(r.nextUploadIdMarker !== undefined ? { uploadIdMarker: r.nextUploadIdMarker } : {}) }
      : undefined;
    return { counts, ...(next !== undefined ? { next } : {}), ...(error !== undefined ? { error } : {}) };
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}

function add(a: ResealCounts, b: ResealCounts): ResealCounts {
  return { scanned: a.scanned + b.scanned, resealed: a.resealed + b.resealed, current: a.current + b.current, skipped: a.skipped + b.skipped, failed: a.failed + b.failed };
}

/** Without undefined fields (the document is JSON). */
function clean(s: ResealStatus): ResealStatus {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as ResealStatus;
}
