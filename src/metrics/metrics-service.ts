/**
 * All the collectors of one server process, in render order: requests (subscribed to the
 * request channels), drives/sets/capacity and heal/scanner/scrub (from the deployment
 * snapshot refreshed in the background), drive I/O (the drives' counters, read live), lifecycle
 * expiry (worker counters) and the process. start() subscribes and begins the
 * background refresh; render() only reads memory; stop() ends the refresh and unsubscribes.
 */
import { gzipSync } from 'node:zlib';
import { DeploymentSnapshotter, type DeploymentSnapshot, type DeploymentSources } from './deployment-snapshot.js';
import { bucketMetrics, type BucketMetricsSource } from './bucket-metrics.js';
import { driveIoMetrics } from './drive-io-metrics.js';
import { driveMetrics } from './drive-metrics.js';
import { healMetrics } from './heal-metrics.js';
import { lifecycleMetrics } from './lifecycle-metrics.js';
import { renderExposition, type MetricSource } from './metric-family.js';
import { ProcessMetrics } from './process-metrics.js';
import { auditMetrics, type AuditSource } from './audit-metrics.js';
import { kmsMetrics, type KmsMetricsSource } from './kms-metrics.js';
import { idpMetrics, type IdpSource } from './idp-metrics.js';
import { RequestMetrics } from './request-metrics.js';
import { snapshotSource, one } from './snapshot-family.js';

/** The document as byte chunks written in order, and their content coding. */
export interface RenderedChunks {
  readonly chunks: readonly Buffer[];
  readonly encoding: 'identity' | 'gzip';
}

/** How often the deployment snapshot and the process figures are refreshed by default. */
export const DEFAULT_METRICS_REFRESH_MS = 5_000;

export interface MetricsServiceOptions {
  readonly deployment: DeploymentSources;
  readonly version: string;
  readonly refreshMs?: number;
  /** The audit log's per-target figures (absent: no audit target configured). */
  readonly audit?: AuditSource;
  /** Per-bucket series (default true; CAIRN_PROMETHEUS_BUCKET_METRICS). */
  readonly bucketMetrics?: boolean;
  /** The KMS figures (absent: no KMS configured; the families render without series). */
  readonly kms?: KmsMetricsSource;
  /** Identity providers' reachability (cairn_idp_online); absent: none configured. */
  readonly idp?: IdpSource;
}

export class MetricsService {
  readonly #requests = new RequestMetrics();
  readonly #process: ProcessMetrics;
  readonly #snapshot: DeploymentSnapshotter;
  readonly #sources: readonly MetricSource[];
  readonly #buckets: BucketMetricsSource;
  readonly #timer: NodeJS.Timeout;

  constructor(opts: MetricsServiceOptions) {
    const refreshMs = opts.refreshMs ?? DEFAULT_METRICS_REFRESH_MS;
    this.#process = new ProcessMetrics({ version: opts.version });
    const buckets = this.#buckets = bucketMetrics(() => this.#snapshot.latest.usage, { perBucket: opts.bucketMetrics ?? true });
    this.#snapshot = new DeploymentSnapshotter(opts.deployment, { intervalMs: refreshMs, onRefreshed: () => buckets.prime() });
    const snap = (): DeploymentSnapshot => this.#snapshot.latest;
    this.#sources = [
      this.#requests,
      driveMetrics(snap),
      healMetrics(snap),
      driveIoMetrics(() => opts.deployment.driveIo()),
      buckets,
      lifecycleMetrics(() => opts.deployment.lifecycle?.()),
      this.#process.source,
      // Always rendered (no series without an audit target): the dashboard's families exist.
      auditMetrics(opts.audit ?? { stats: () => [] }),
      kmsMetrics(opts.kms ?? { reading: () => undefined }),
      idpMetrics(opts.idp ?? { readings: () => [] }),
      snapshotSource([
        { type: 'gauge', name: 'cairn_metrics_refresh_timestamp_seconds', help: 'When the deployment figures of this endpoint were last refreshed.', read: () => one(this.#snapshot.latest.refreshedAt || undefined) },
        { type: 'counter', name: 'cairn_metrics_refresh_failures_total', help: 'Background refreshes of the deployment figures that failed (the previous figures are kept).', read: () => one(this.#snapshot.latest.failures) },
      ]),
    ];
    this.#snapshot.start();
    void this.#process.refresh();
    this.#timer = setInterval(() => { void this.#process.refresh(); }, refreshMs);
    this.#timer.unref();
  }

  /** Resolves once the deployment snapshot has been refreshed (tests, first scrape at start). */
  refreshed(): Promise<void> {
    return this.#snapshot.refresh();
  }

  /**
   * The same document as render(), as byte chunks: the bucket families (the largest part with
   * many buckets) are the bytes encoded once per scanner figure, not joined and encoded again.
   * With `gzip` (the scraper accepts it) and the bucket block compressed already, the chunks
   * are gzip members (RFC 1952 allows a stream of several; Prometheus' reader takes them): the
   * small families compressed now, the bucket block as compressed once per figure. Otherwise
   * (`encoding` 'identity') the plain text.
   */
  renderChunks(opts: { readonly gzip?: boolean } = {}): RenderedChunks {
    const gz = opts.gzip === true ? this.#buckets.gzipped() : undefined;
    const chunks: Buffer[] = [];
    let text: string[] = [];
    const flush = (): void => {
      if (text.length === 0) return;
      const b = Buffer.from(`${text.join('\n')}\n`);
      chunks.push(gz === undefined ? b : gzipSync(b, { level: 1 }));
      text = [];
    };
    for (const s of this.#sources) {
      if (s !== this.#buckets) {
        s.render(text);
        continue;
      }
      flush();
      chunks.push(gz ?? this.#buckets.bytes());
    }
    flush();
    return { chunks, encoding: gz === undefined ? 'identity' : 'gzip' };
  }

  render(): string {
    return renderExposition(this.#sources);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#requests.close();
    this.#process.close();
    await this.#snapshot.stop();
  }
}
