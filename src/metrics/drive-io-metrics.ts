/**
 * Per-drive I/O, read live at each scrape from the drives' counters (memory only, never a
 * drive call): a latency histogram per drive and I/O kind, failed calls and calls in flight.
 * Kinds: read, write (shard files), meta_read, meta_write (metadata store), fs (stat, rename,
 * remove, list, filesystem figures). Labels: endpoint and kind, so cardinality is drives x 5.
 */
import { formatLabels, formatValue, header, type MetricSource } from './metric-family.js';

/** One I/O kind of one drive; `buckets[i]` counts calls that took <= `bounds[i]` seconds. */
export interface DriveIoKindReading {
  readonly kind: string;
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
  readonly errors: number;
  readonly inFlight: number;
}

export interface DriveIoReading {
  readonly endpoint: string;
  /** Upper bounds of the latency buckets, seconds (the same for every kind). */
  readonly bounds: readonly number[];
  readonly kinds: readonly DriveIoKindReading[];
}

const LATENCY = 'cairn_drive_io_latency_seconds';
const ERRORS = 'cairn_drive_io_errors_total';
const IN_FLIGHT = 'cairn_drive_io_in_flight';

export function driveIoMetrics(read: () => readonly DriveIoReading[]): MetricSource {
  return {
    render(out: string[]): void {
      const drives = read();
      header(out, { name: LATENCY, help: 'Time of the I/O calls that reached the drive, by I/O kind.', type: 'histogram' });
      for (const d of drives) {
        for (const k of d.kinds) {
          const labels = { endpoint: d.endpoint, kind: k.kind };
          d.bounds.forEach((le, i) => out.push(`${LATENCY}_bucket${formatLabels(labels, ['le', formatValue(le)])} ${k.buckets[i] ?? 0}`));
          out.push(`${LATENCY}_bucket${formatLabels(labels, ['le', '+Inf'])} ${k.count}`);
          out.push(`${LATENCY}_sum${formatLabels(labels)} ${formatValue(k.sumSeconds)}`);
          out.push(`${LATENCY}_count${formatLabels(labels)} ${k.count}`);
        }
      }
      header(out, { name: ERRORS, help: 'I/O calls to the drive that failed (a missing file is not counted), by I/O kind.', type: 'counter' });
      for (const d of drives) for (const k of d.kinds) out.push(`${ERRORS}${formatLabels({ endpoint: d.endpoint, kind: k.kind })} ${k.errors}`);
      header(out, { name: IN_FLIGHT, help: 'I/O calls to the drive started and not yet finished, by I/O kind.', type: 'gauge' });
      for (const d of drives) for (const k of d.kinds) out.push(`${IN_FLIGHT}${formatLabels({ endpoint: d.endpoint, kind: k.kind })} ${k.inFlight}`);
    },
  };
}
