/**
 * Families rebuilt from a snapshot at every scrape: a list of (labels, value) per family,
 * rendered with its HELP and TYPE even when the list is empty (a figure not known yet).
 */
import { Counter, Gauge, type FamilyOptions, type Labels, type MetricSource } from './metric-family.js';

export type Reading = readonly [labels: Labels, value: number];

export interface SnapshotFamily extends FamilyOptions {
  readonly type: 'gauge' | 'counter';
  readonly read: () => readonly Reading[];
}

/** One MetricSource over snapshot families (counter values must come from running totals). */
export function snapshotSource(families: readonly SnapshotFamily[]): MetricSource {
  return {
    render(out: string[]): void {
      for (const f of families) {
        const opts = { name: f.name, help: f.help, ...(f.labels !== undefined ? { labels: f.labels } : {}) };
        if (f.type === 'counter') {
          const c = new Counter(opts);
          for (const [labels, v] of f.read()) c.inc(labels, v);
          c.render(out);
        } else {
          const g = new Gauge(opts);
          for (const [labels, v] of f.read()) g.set(labels, v);
          g.render(out);
        }
      }
    },
  };
}

/** A single unlabelled reading, or none when the value is unknown. */
export const one = (v: number | undefined): readonly Reading[] => (v === undefined ? [] : [[{}, v]]);

/** Epoch seconds of an ISO time, undefined when absent or unparseable. */
export function epochSeconds(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t / 1000;
}
