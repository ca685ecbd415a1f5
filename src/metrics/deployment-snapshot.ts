/**
 * What the deployment-level collectors render, refreshed in the background: the cluster info
 * (drives, capacity, counts: it reads every drive's filesystem figures), the heal status and
 * the drives' health. A scrape only reads the latest snapshot, so it never waits on a drive;
 * a refresh still running when the next one is due is not doubled up. The first refresh starts
 * at once; until it ends the deployment families render their HELP and TYPE only.
 */
import type { ClusterInfo, HealStatusReport, UsageReport } from '../admin/admin-backend.js';
import type { DriveIoReading } from './drive-io-metrics.js';
import type { LifecycleReading } from './lifecycle-metrics.js';

/** One drive's health as its health tracker sees it (storage/drive HealthTrackedDrive). */
export interface DriveHealthReading {
  readonly endpoint: string;
  readonly online: boolean;
  /** Counted I/O failures in a row (a success resets it). */
  readonly consecutiveFailures: number;
  /** Probes that failed since the drive went offline. */
  readonly failedProbes: number;
}

/** Where the deployment figures come from (compose/ wires them over the AdminBackend and storage). */
export interface DeploymentSources {
  info(): Promise<ClusterInfo>;
  healStatus(): HealStatusReport;
  /** Bucket usage of the scanner's last complete pass; undefined before any. */
  usage(): Promise<UsageReport | undefined>;
  driveHealth(): readonly DriveHealthReading[];
  /** The drives' I/O counters, read at each scrape (memory only). */
  driveIo(): readonly DriveIoReading[];
  /** The lifecycle expiry worker's counters; undefined (or absent) where no worker runs. */
  lifecycle?(): LifecycleReading | undefined;
}

export interface DeploymentSnapshot {
  readonly info?: ClusterInfo;
  readonly heal?: HealStatusReport;
  readonly usage?: UsageReport;
  readonly health: readonly DriveHealthReading[];
  /** Epoch seconds of the last refresh that ended, 0 before the first. */
  readonly refreshedAt: number;
  /** Refreshes whose cluster info failed (the previous info is kept). */
  readonly failures: number;
}

/** Whether two reports of the same pass list the same buckets (one was created or deleted since). */
function sameBuckets(a: UsageReport, b: UsageReport): boolean {
  const ka = Object.keys(a.buckets);
  const kb = Object.keys(b.buckets);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

export class DeploymentSnapshotter {
  readonly #sources: DeploymentSources;
  readonly #intervalMs: number;
  readonly #onRefreshed: ((s: DeploymentSnapshot) => void) | undefined;
  #latest: DeploymentSnapshot = { health: [], refreshedAt: 0, failures: 0 };
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `onRefreshed` runs after each refresh, off the scrape path (collectors pre-render there). */
  constructor(sources: DeploymentSources, opts: { readonly intervalMs: number; readonly onRefreshed?: (s: DeploymentSnapshot) => void }) {
    this.#sources = sources;
    this.#intervalMs = opts.intervalMs;
    this.#onRefreshed = opts.onRefreshed;
  }

  get latest(): DeploymentSnapshot { return this.#latest; }

  /** Refreshes now (or joins the refresh under way). */
  refresh(): Promise<void> {
    this.#running ??= this.#refresh().finally(() => { this.#running = undefined; });
    return this.#running;
  }

  async #refresh(): Promise<void> {
    const prev = this.#latest;
    let info = prev.info;
    let failures = prev.failures;
    try { info = await this.#sources.info(); } catch { failures++; }
    let heal = prev.heal;
    try { heal = this.#sources.healStatus(); } catch { failures++; }
    let usage = prev.usage;
    try {
      const next = await this.#sources.usage();
      // Same figure (no pass ended): keep the old object, so renderers can reuse their text.
      usage = next !== undefined && usage !== undefined && next.lastUpdate === usage.lastUpdate && sameBuckets(next, usage) ? usage : next;
    } catch { failures++; }
    this.#latest = {
      ...(info !== undefined ? { info } : {}), ...(heal !== undefined ? { heal } : {}), ...(usage !== undefined ? { usage } : {}),
      health: this.#sources.driveHealth(), refreshedAt: Date.now() / 1000, failures,
    };
    this.#onRefreshed?.(this.#latest);
  }

  start(): void {
    if (this.#timer !== undefined) return;
    void this.refresh();
    this.#timer = setInterval(() => { void this.refresh(); }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
