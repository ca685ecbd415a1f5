/**
 * The AdminBackend (admin/admin-backend.ts) over the engine: the Storage topology (drives,
 * isOnline(), info(), the drives still being rebuilt), the ObjectLayer (bucket count), the
 * background workers of this process (workers/start-background.ts: rebuild progress, heal
 * worker counters, heal queue, scanner and scrub), the heal outcomes counted by HealOutcomes
 * (with the workers' unhealable log) and the admin heal sequences (heal-sequence.ts).
 *
 * A thin adapter on purpose: everything it reads of workers/ is read here and nowhere else
 * in the admin path, so a change of the workers' shapes is a change of this file only.
 */
import type {
  AdminBackend, BucketQuotaSetting, ClusterInfo, UsageReport, DriveHealReport, DriveRebuild, DriveReport, DriveState, DriveTrouble, Figure, HealSequence,
  HealStartOptions, HealStatusReport, ScannerReport, ScrubReport,
} from '../admin/admin-backend.js';
import type { AdminKms } from '../admin/admin-kms.js';
import { createObjectHealer } from '../object/heal/index.js';
import { ErasureObjectLayer } from '../object/index.js';
import type { Drive } from '../storage/drive/drive.js';
import { HealthTrackedDrive } from '../storage/index.js';
import type { Storage } from '../storage/storage.js';
import { HEAL_WORKER, REPLACED_DRIVE_HEAL, SCANNER, SCRUB, type BackgroundWorkers } from '../workers/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import { unhealableList, type HealOutcomes } from './heal-outcomes.js';
import { HealSequences } from './heal-sequence.js';
import { healthProblems } from './heal-health.js';
import { getBucketQuota, objectFigures, setBucketQuota, usageReport } from './admin-usage.js';
import type { BucketUsageLedger } from '../object/index.js';

export interface ErasureAdminBackendOptions {
  readonly storage: Storage;
  readonly objects: ObjectLayer;
  /** Undefined in a process that runs no background workers. */
  readonly background: BackgroundWorkers | undefined;
  readonly outcomes: HealOutcomes;
  readonly region: string;
  readonly now?: () => Date;
  /** The KMS view (compose/kms-service.ts), read when asked: it is opened after the layer. */
  readonly kms?: () => AdminKms | undefined;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class ErasureAdminBackend implements AdminBackend {
  readonly #o: ErasureAdminBackendOptions;
  readonly #now: () => Date;
  readonly #started: Date;
  readonly #sequences: HealSequences;
  readonly #usage: BucketUsageLedger;

  constructor(opts: ErasureAdminBackendOptions) {
    this.#o = opts;
    this.#now = opts.now ?? (() => new Date());
    this.#started = this.#now();
    const layer = opts.objects;
    if (!(layer instanceof ErasureObjectLayer)) throw new TypeError('the admin backend needs the erasure object layer');
    this.#usage = layer.context.usage;
    this.#sequences = new HealSequences({ healer: createObjectHealer(layer.context), outcomes: opts.outcomes, now: this.#now });
  }

  get kms(): AdminKms | undefined {
    return this.#o.kms?.();
  }

  async info(): Promise<ClusterInfo> {
    const { storage } = this.#o;
    const sets = await Promise.all(storage.sets.map(async (set) => ({
      index: set.index,
      dataShards: set.k,
      parityShards: set.m,
      readQuorum: set.readQuorum,
      writeQuorum: set.writeQuorum,
      drives: await Promise.all(set.drives.map((d, i) => this.#driveReport(d, { setIndex: set.index, driveIndex: i }))),
    })));
    const reachable = sets.flatMap((s) => s.drives).filter((d) => d.state !== 'offline');
    const sum = (pick: (d: DriveReport) => number): number => reachable.reduce((n, d) => n + pick(d), 0);
    const now = this.#now();
    return {
      deploymentId: storage.deploymentId,
      region: this.#o.region,
      startedAt: this.#started.toISOString(),
      uptimeSeconds: Math.floor((now.getTime() - this.#started.getTime()) / 1000),
      sets,
      capacity: { totalBytes: sum((d) => d.totalBytes), usedBytes: sum((d) => d.usedBytes), freeBytes: sum((d) => d.freeBytes) },
      buckets: await this.#bucketCount(),
      ...this.#objectCounts(),
    };
  }

  usage(): Promise<UsageReport | undefined> {
    return usageReport(this.#o.objects, this.#usage);
  }

  setBucketQuota(q: BucketQuotaSetting): Promise<'ok' | 'no-such-bucket'> {
    return setBucketQuota(this.#o.objects, q);
  }

  getBucketQuota(bucket: string): Promise<BucketQuotaSetting | 'no-such-bucket'> {
    return getBucketQuota(this.#o.objects, bucket);
  }

  healStatus(): HealStatusReport {
    const bg = this.#o.background;
    const rebuild = this.#rebuild();
    const drives: DriveHealReport[] = this.#o.storage.sets.flatMap((set) => set.drives.map((d, i) => {
      const state = this.#stateOf(d);
      const rebuilt = bg !== undefined && [...bg.replaced.progress.drives, ...bg.replaced.progress.wholeDrives].includes(d.endpoint);
      return { endpoint: d.endpoint, setIndex: set.index, driveIndex: i, state, ...(rebuilt && rebuild ? { rebuild } : {}) };
    }));
    const healStatus = bg?.runner.statusOf(HEAL_WORKER);
    const current = healStatus?.detail['current'];
    const report: Omit<HealStatusReport, 'isHealthy' | 'problems'> = {
      backgroundWorkers: bg !== undefined,
      drives,
      queue: bg && { length: bg.queue.size, dropped: bg.queue.dropped, capacity: bg.queue.capacity },
      healWorker: bg && {
        objectsChecked: bg.heal.healed,
        objectsHealed: bg.heal.objectsHealed,
        failures: bg.heal.failures,
        current: typeof current === 'string' && current !== '' ? current : undefined,
        lastError: healStatus?.lastError,
      },
      scanner: this.#scanner(),
      scrub: this.#scrub(),
      healed: { shards: this.#o.outcomes.shards, records: this.#o.outcomes.records },
      unhealable: unhealableList(this.#o.outcomes.unhealable),
      sequence: this.#sequences.latest(),
    };
    const problems = healthProblems(report);
    return { isHealthy: problems.length === 0, problems, ...report };
  }

  startHeal(opts: HealStartOptions): HealSequence | 'already-running' {
    return this.#sequences.start(opts);
  }

  healSequence(token: string): HealSequence | undefined {
    return this.#sequences.get(token);
  }

  /** Stops a running heal sequence; call before the object layer closes. */
  close(): Promise<void> {
    return this.#sequences.close();
  }

  /** 'healing' while the drive carries its healing marker (storage/healing-marker.ts). */
  #stateOf(d: Drive): DriveState {
    if (!d.isOnline()) return 'offline';
    return this.#o.storage.replacedDrives.includes(d) ? 'healing' : 'online';
  }

  async #driveReport(d: Drive, at: { setIndex: number; driveIndex: number }): Promise<DriveReport> {
    const place = { endpoint: d.endpoint, setIndex: at.setIndex, driveIndex: at.driveIndex };
    const state = this.#stateOf(d);
    let report: DriveReport;
    if (state === 'offline') {
      report = { ...place, state, totalBytes: 0, usedBytes: 0, freeBytes: 0 };
    } else {
      try {
        const i = await d.info();
        report = { ...place, state, totalBytes: i.totalBytes, usedBytes: i.usedBytes, freeBytes: i.freeBytes };
      } catch {
        report = { ...place, state: 'offline', totalBytes: 0, usedBytes: 0, freeBytes: 0 };
      }
    }
    const trouble = troubleOf(d);
    return trouble === undefined ? report : { ...report, trouble };
  }

  async #bucketCount(): Promise<Figure> {
    try {
      return { value: (await this.#o.objects.listBuckets()).length };
    } catch (err) {
      return { unknown: `the bucket list could not be read: ${message(err)}` };
    }
  }

  /**
   * Object figures from the bucket usage of the scanner's last complete pass (kept in the
   * system bucket, so also known after a restart and in a process that runs no scanner).
   */
  #objectCounts(): Pick<ClusterInfo, 'objects' | 'versions' | 'bytes'> {
    const why = this.#scanner() === undefined
      ? 'not known in this process: the scanner runs in the first server process and none of its figures was stored yet'
      : undefined;
    return objectFigures(this.#usage, why);
  }

  #rebuild(): DriveRebuild | undefined {
    const bg = this.#o.background;
    const status = bg?.runner.statusOf(REPLACED_DRIVE_HEAL);
    if (bg === undefined || status === undefined) return undefined;
    const p = bg.replaced.progress;
    return {
      phase: p.phase,
      state: status.state,
      attempt: p.attempt,
      setsDone: p.setsDone,
      setsTotal: p.setsTotal,
      shardsHealed: p.shardsHealed,
      objectsScanned: p.objectsScanned,
      objectsHealed: p.objectsHealed,
      objectsFailed: p.failures,
      started: (p.startedAt ?? status.startedAt).toISOString(),
      lastUpdate: status.updatedAt.toISOString(),
      ...(p.finishedAt ? { finished: p.finishedAt.toISOString() } : {}),
      ...(status.lastError !== undefined ? { lastError: status.lastError } : {}),
    };
  }

  #scanner(): ScannerReport | undefined {
    const bg = this.#o.background;
    const status = bg?.runner.statusOf(SCANNER);
    if (bg === undefined || status === undefined) return undefined;
    const last = bg.scanner.lastPass;
    return {
      state: status.state,
      passesDone: bg.scanner.passes,
      ...(last ? { lastPass: { objects: last.objects, findings: last.findings, finished: last.finishedAt.toISOString() } } : {}),
    };
  }

  #scrub(): ScrubReport | undefined {
    const bg = this.#o.background;
    const status = bg?.runner.statusOf(SCRUB);
    if (bg === undefined || status === undefined) return undefined;
    const last = bg.scrub.lastPass;
    const next = status.detail['nextPass'];
    return {
      state: status.state,
      intervalSeconds: Math.round(bg.scrub.intervalMs / 1000),
      ...(status.state === 'sleeping' && typeof next === 'string' ? { nextPass: next } : {}),
      ...(last ? {
        lastPass: {
          started: last.startedAt.toISOString(), finished: last.finishedAt.toISOString(), objects: last.objectsChecked,
          bytesVerified: last.bytesVerified, shardsHealed: last.shardsHealed, unhealable: last.unhealable,
        },
      } : {}),
    };
  }
}

/** The failure record of a health-tracked drive, once it has one (a failed call or probe). */
function troubleOf(d: Drive): DriveTrouble | undefined {
  if (!(d instanceof HealthTrackedDrive)) return undefined;
  const h = d.health();
  if (h.lastError === undefined && h.online && h.consecutiveFailures === 0) return undefined;
  const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
  const lastErrorAt = iso(h.lastErrorAt);
  const offlineSince = iso(h.offlineSince);
  return {
    ...(h.lastError !== undefined ? { lastError: h.lastError } : {}),
    ...(lastErrorAt !== undefined ? { lastErrorAt } : {}),
    ...(offlineSince !== undefined ? { offlineSince } : {}),
    consecutiveFailures: h.consecutiveFailures,
    failedProbes: h.failedProbes,
  };
}
