/**
 * The AdminBackend (admin/admin-backend.ts) over what the engine has today: the Storage
 * topology (drives, isOnline(), info()), the ObjectLayer (bucket count), the background
 * workers of this process (workers/start-background.ts: replaced-drive healer progress,
 * heal worker counters, heal queue, scanner and deep-scan status on the runner), the heal
 * outcomes counted by HealOutcomes and the admin heal sequences (heal-sequence.ts).
 *
 * A thin adapter on purpose: everything it reads of workers/ is read here and nowhere else
 * in the admin path, so a change of the workers' shapes is a change of this file only.
 */
import type {
  AdminBackend, ClusterInfo, DriveHealReport, DriveRebuild, DriveReport, DriveState, Figure, HealSequence,
  HealStartOptions, HealStatusReport, ScannerReport, ScrubReport,
} from '../admin/admin-backend.js';
import type { ObjectLayer } from '../object/object-layer.js';
import type { LayerContext } from '../object/index.js';
import type { Drive } from '../storage/drive/drive.js';
import type { Storage } from '../storage/storage.js';
import { DEEP_SCAN, type BackgroundWorkers, type WorkerStatus } from '../workers/index.js';
import type { HealOutcomes } from './heal-outcomes.js';
import { HealSequences } from './heal-sequence.js';
import { healthProblems } from './heal-health.js';

export interface ErasureAdminBackendOptions {
  readonly storage: Storage;
  readonly objects: ObjectLayer;
  readonly context: LayerContext;
  /** Undefined in a process that runs no background workers. */
  readonly background: BackgroundWorkers | undefined;
  readonly outcomes: HealOutcomes;
  readonly region: string;
  readonly now?: () => Date;
}

/** Runner names of the workers read here (workers/ names them). */
const REPLACED_HEALER = 'replaced-drive-heal';
const SCANNER = 'scanner';
const HEAL = 'heal';

const isActive = (s: WorkerStatus | undefined): boolean => s?.state === 'running' || s?.state === 'sleeping';
const num = (v: number | string | undefined): number => (typeof v === 'number' ? v : 0);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class ErasureAdminBackend implements AdminBackend {
  readonly #o: ErasureAdminBackendOptions;
  readonly #now: () => Date;
  readonly #started: Date;
  readonly #sequences: HealSequences;
  readonly #replaced: ReadonlySet<Drive>;

  constructor(opts: ErasureAdminBackendOptions) {
    this.#o = opts;
    this.#now = opts.now ?? (() => new Date());
    this.#started = this.#now();
    this.#sequences = new HealSequences({ ctx: opts.context, outcomes: opts.outcomes, now: this.#now });
    this.#replaced = new Set(opts.storage.replacedDrives);
  }

  async info(): Promise<ClusterInfo> {
    const { storage } = this.#o;
    const rebuilt = this.#isRebuilt();
    const sets = await Promise.all(storage.sets.map(async (set) => ({
      index: set.index,
      dataShards: set.k,
      parityShards: set.m,
      readQuorum: set.readQuorum,
      writeQuorum: set.writeQuorum,
      drives: await Promise.all(set.drives.map((d, i) => this.#driveReport(d, { setIndex: set.index, driveIndex: i, rebuilt }))),
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

  healStatus(): HealStatusReport {
    const bg = this.#o.background;
    const rebuild = this.#rebuild();
    const rebuilt = this.#isRebuilt();
    const drives: DriveHealReport[] = this.#o.storage.sets.flatMap((set) => set.drives.map((d, i) => ({
      endpoint: d.endpoint,
      setIndex: set.index,
      driveIndex: i,
      state: this.#stateOf(d, rebuilt),
      rebuild: this.#replaced.has(d) ? rebuild : undefined,
    })));
    const healStatus = bg?.runner.statusOf(HEAL);
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
      unhealable: this.#o.outcomes.unhealable.list(),
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

  /** rebuilt: #isRebuilt(), asked once per report. */
  #stateOf(d: Drive, rebuilt: boolean): DriveState {
    if (!d.isOnline()) return 'offline';
    return this.#replaced.has(d) && !rebuilt ? 'healing' : 'online';
  }

  /**
   * The replaced drives are whole: their rebuild ended without a failure, or a heal sequence
   * that started after it ended finished with nothing left unhealed.
   */
  #isRebuilt(): boolean {
    const r = this.#rebuild();
    if (r === undefined || r.finished === undefined) return false;
    if (r.state === 'done' && r.objectsFailed === 0) return true;
    const seq = this.#sequences.latest();
    // ISO 8601 UTC strings of one format order as the times they name.
    return seq !== undefined && seq.state === 'finished' && seq.started >= r.finished
      && seq.failures.length === 0 && seq.unhealable.items.length + seq.unhealable.omitted === 0;
  }

  async #driveReport(d: Drive, at: { setIndex: number; driveIndex: number; rebuilt: boolean }): Promise<DriveReport> {
    const place = { endpoint: d.endpoint, setIndex: at.setIndex, driveIndex: at.driveIndex };
    const state = this.#stateOf(d, at.rebuilt);
    if (state === 'offline') return { ...place, state, totalBytes: 0, usedBytes: 0, freeBytes: 0 };
    try {
      const i = await d.info();
      return { ...place, state, totalBytes: i.totalBytes, usedBytes: i.usedBytes, freeBytes: i.freeBytes };
    } catch {
      return { ...place, state: 'offline', totalBytes: 0, usedBytes: 0, freeBytes: 0 };
    }
  }

  async #bucketCount(): Promise<Figure> {
    try {
      return { value: (await this.#o.objects.listBuckets()).length };
    } catch (err) {
      return { unknown: `the bucket list could not be read: ${message(err)}` };
    }
  }

  /** Object figures from the scanner's last complete pass (it counts keys only, not versions or bytes). */
  #objectCounts(): Pick<ClusterInfo, 'objects' | 'versions' | 'bytes'> {
    const scanner = this.#scanner();
    const notCounted: Figure = { unknown: 'not counted: the scanner counts object keys only' };
    if (scanner === undefined) {
      const unknown: Figure = { unknown: 'not known in this process: the scanner runs in the first server process' };
      return { objects: unknown, versions: unknown, bytes: unknown };
    }
    if (scanner.lastPass === undefined) {
      const unknown: Figure = { unknown: 'not yet known: the scanner has not finished a pass since the server started' };
      return { objects: unknown, versions: unknown, bytes: unknown };
    }
    return { objects: { value: scanner.lastPass.objects, asOf: scanner.lastPass.finished }, versions: notCounted, bytes: notCounted };
  }

  #rebuild(): DriveRebuild | undefined {
    const bg = this.#o.background;
    const status = bg?.runner.statusOf(REPLACED_HEALER);
    if (bg === undefined || status === undefined) return undefined;
    const p = bg.replaced.progress;
    return {
      phase: p.phase,
      state: status.state,
      objectsScanned: p.objectsScanned,
      objectsHealed: p.objectsHealed,
      objectsFailed: p.failures,
      started: status.startedAt.toISOString(),
      lastUpdate: status.updatedAt.toISOString(),
      finished: isActive(status) ? undefined : status.updatedAt.toISOString(),
      lastError: status.lastError,
    };
  }

  #scanner(): ScannerReport | undefined {
    const bg = this.#o.background;
    const status = bg?.runner.statusOf(SCANNER);
    if (bg === undefined || status === undefined) return undefined;
    const passes = bg.scanner.passes;
    const d = status.detail;
    return {
      state: status.state,
      passesDone: passes,
      lastPass: passes === 0 ? undefined : {
        objects: num(d['lastPassObjects']),
        findings: num(d['lastPassFindings']),
        // The scanner reports 'sleeping' right after a pass and nothing until the next one.
        finished: status.state === 'sleeping' ? status.updatedAt.toISOString() : undefined,
      },
    };
  }

  #scrub(): ScrubReport | undefined {
    const status = this.#o.background?.runner.statusOf(DEEP_SCAN);
    if (status === undefined) return undefined;
    return {
      state: status.state,
      started: status.startedAt.toISOString(),
      finished: isActive(status) ? undefined : status.updatedAt.toISOString(),
      objects: num(status.detail['objects']),
      findings: num(status.detail['findings']),
      errors: num(status.detail['errors']),
    };
  }
}
