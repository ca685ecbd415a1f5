/**
 * The metric kinds of the Prometheus text format (0.0.4): counters, gauges and histograms with
 * labels, kept in memory and rendered on demand. Names follow Prometheus' rules (`cairn_`
 * prefix, base units in the name: `_seconds`, `_bytes`, counters end in `_total`); every family
 * renders its HELP and TYPE lines, also while it has no series yet.
 */

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Something that renders one or more complete families (HELP, TYPE, samples). */
export interface MetricSource {
  render(out: string[]): void;
}

/** Label values escaped as the text format asks: backslash, double quote, newline. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatLabels(labels: Labels, extra?: readonly [string, string]): string {
  const parts = Object.keys(labels).map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`);
  if (extra !== undefined) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function header(out: string[], f: { name: string; help: string; type: MetricType }): void {
  out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface FamilyOptions {
  readonly name: string;
  readonly help: string;
  /** Label names, in the order they are rendered. */
  readonly labels?: readonly string[];
}

abstract class Family<V> implements MetricSource {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { labels: Labels; value: V }>();
  abstract readonly type: MetricType;

  constructor(o: FamilyOptions) {
    if (!NAME.test(o.name)) throw new TypeError(`bad metric name ${o.name}`);
    for (const l of o.labels ?? []) if (!LABEL.test(l) || l.startsWith('__')) throw new TypeError(`bad label name ${l}`);
    this.name = o.name;
    this.help = o.help;
    this.labelNames = o.labels ?? [];
  }

  protected abstract initial(): V;

  /** The series of these label values (created on first use); labels must match the declared names. */
  protected slot(labels: Labels): { labels: Labels; value: V } {
    const key = this.labelNames.map((n) => labels[n] ?? '').join('\u0000');
    let s = this.series.get(key);
    if (s === undefined) {
      const ordered: Record<string, string> = {};
      for (const n of this.labelNames) ordered[n] = labels[n] ?? '';
      s = { labels: ordered, value: this.initial() };
      this.series.set(key, s);
    }
    return s;
  }

  /**
   * The value cell of one series, for a caller that updates the same series on every request
   * and keeps the cell instead of naming its labels each time. A cell stays the series' own
   * until reset(): a family whose cells are kept must never be reset.
   */
  cell(labels: Labels): V {
    return this.slot(labels).value;
  }

  /** Forgets every series (snapshot gauges rebuilt from scratch). */
  reset(): void {
    this.series.clear();
  }

  abstract render(out: string[]): void;
}

export class Counter extends Family<{ n: number }> {
  readonly type = 'counter';
  protected initial(): { n: number } { return { n: 0 }; }
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new RangeError('a counter only goes up');
    this.slot(labels).value.n += by;
  }
  render(out: string[]): void {
    header(out, this);
    for (const s of this.series.values()) out.push(`${this.name}${formatLabels(s.labels)} ${formatValue(s.value.n)}`);
  }
}

export class Gauge extends Family<{ n: number }> {
  readonly type = 'gauge';
  protected initial(): { n: number } { return { n: 0 }; }
  set(labels: Labels, value: number): void { this.slot(labels).value.n = value; }
  add(labels: Labels, by: number): void { this.slot(labels).value.n += by; }
  render(out: string[]): void {
    header(out, this);
    for (const s of this.series.values()) out.push(`${this.name}${formatLabels(s.labels)} ${formatValue(s.value.n)}`);
  }
}

export interface HistogramState { readonly counts: number[]; sum: number; count: number }

export class Histogram extends Family<HistogramState> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(o: FamilyOptions & { readonly buckets: readonly number[] }) {
    super(o);
    if (this.labelNames.includes('le')) throw new TypeError('le is reserved in a histogram');
    this.buckets = [...o.buckets].sort((a, b) => a - b);
  }

  protected initial(): HistogramState { return { counts: this.buckets.map(() => 0), sum: 0, count: 0 }; }

  observe(labels: Labels, value: number): void {
    this.observeIn(this.slot(labels).value, value);
  }

  /** Observes into a series' cell (see cell()). */
  observeIn(s: HistogramState, value: number): void {
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  render(out: string[]): void {
    header(out, this);
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => out.push(`${this.name}_bucket${formatLabels(s.labels, ['le', formatValue(le)])} ${s.value.counts[i]}`));
      out.push(`${this.name}_bucket${formatLabels(s.labels, ['le', '+Inf'])} ${s.value.count}`);
      out.push(`${this.name}_sum${formatLabels(s.labels)} ${formatValue(s.value.sum)}`);
      out.push(`${this.name}_count${formatLabels(s.labels)} ${s.value.count}`);
    }
  }
}

/** Renders sources in order into one exposition document (ends with a newline). */
export function renderExposition(sources: readonly MetricSource[]): string {
  const out: string[] = [];
  for (const s of sources) s.render(out);
  return `${out.join('\n')}\n`;
}
