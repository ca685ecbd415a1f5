/**
 * KMS figures, read at each scrape from memory (compose/kms-service.ts hands them in; metrics/
 * never imports kms/): reachability from the cached probe (a scrape never waits on the KMS),
 * the probe's round trip, and what Cairn asked of the KMS by operation and result with a
 * duration histogram per operation. Without a KMS every family renders HELP and TYPE only.
 */
import { formatLabels, formatValue, header, type MetricSource } from './metric-family.js';
import { one, snapshotSource } from './snapshot-family.js';

export interface KmsOperationReading {
  readonly operation: string;
  /** Requests by result: success, error (the KMS refused), unavailable (not reached / 5xx). */
  readonly results: Readonly<Record<string, number>>;
  /** `buckets[i]` counts requests that took <= `bounds[i]` seconds. */
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

export interface KmsReading {
  readonly backend: string;
  /** The KMS URL, or `builtin`. */
  readonly endpoint: string;
  /** The last probe's answer; absent before the first probe ended. */
  readonly online?: boolean;
  readonly probeLatencySeconds?: number;
  /** When the last probe ended, epoch seconds. */
  readonly lastProbeSeconds?: number;
  readonly failedProbes: number;
  readonly bounds: readonly number[];
  readonly operations: readonly KmsOperationReading[];
  /** Versions and uploads whose data key this process re-sealed (`cairn admin kms reseal`). */
  readonly resealed?: number;
}

export interface KmsMetricsSource {
  reading(): KmsReading | undefined;
}

const DURATION = 'cairn_kms_request_duration_seconds';

export function kmsMetrics(source: KmsMetricsSource): MetricSource {
  const labels = (r: KmsReading): { backend: string; endpoint: string } => ({ backend: r.backend, endpoint: r.endpoint });
  const probe = snapshotSource([
    {
      type: 'gauge', name: 'cairn_kms_online', help: 'Whether the KMS answered its last reachability probe (1) or not (0), by backend and endpoint.', labels: ['backend', 'endpoint'],
      read: () => { const r = source.reading(); return r?.online === undefined ? [] : [[labels(r), r.online ? 1 : 0]]; },
    },
    {
      type: 'gauge', name: 'cairn_kms_probe_latency_seconds', help: 'Round trip of the last successful KMS reachability probe.', labels: ['backend', 'endpoint'],
      read: () => { const r = source.reading(); return r?.probeLatencySeconds === undefined || r.online !== true ? [] : [[labels(r), r.probeLatencySeconds]]; },
    },
    { type: 'gauge', name: 'cairn_kms_last_probe_timestamp_seconds', help: 'When the last KMS reachability probe ended.', read: () => one(source.reading()?.lastProbeSeconds) },
    { type: 'counter', name: 'cairn_kms_resealed_objects_total', help: 'Object versions and multipart uploads whose data key was re-sealed with the newest KMS key version.', read: () => one(source.reading()?.resealed) },
    { type: 'counter', name: 'cairn_kms_probe_failures_total', help: 'KMS reachability probes that found it unreachable.', read: () => one(source.reading()?.failedProbes) },
    {
      type: 'counter', name: 'cairn_kms_requests_total', help: 'Requests Cairn made to the KMS, by operation and result (success; error: the KMS refused; unavailable: not reached, timed out or 5xx).', labels: ['operation', 'result'],
      read: () => (source.reading()?.operations ?? []).flatMap((o) => Object.entries(o.results).map(([result, n]) => [{ operation: o.operation, result }, n] as const)),
    },
  ]);
  return {
    render(out: string[]): void {
      probe.render(out);
      const r = source.reading();
      header(out, { name: DURATION, help: 'Time of the requests Cairn made to the KMS, by operation.', type: 'histogram' });
      for (const o of r?.operations ?? []) {
        const l = { operation: o.operation };
        r!.bounds.forEach((le, i) => out.push(`${DURATION}_bucket${formatLabels(l, ['le', formatValue(le)])} ${o.buckets[i] ?? 0}`));
        out.push(`${DURATION}_bucket${formatLabels(l, ['le', '+Inf'])} ${o.count}`);
        out.push(`${DURATION}_sum${formatLabels(l)} ${formatValue(o.sumSeconds)}`);
        out.push(`${DURATION}_count${formatLabels(l)} ${o.count}`);
      }
    },
  };
}
