/**
 * The process: CPU seconds, resident memory, V8 heap, event-loop lag (sampled by
 * perf_hooks.monitorEventLoopDelay), open file descriptors (/proc/self/fd, read in the
 * background refresh: absent where there is no /proc), start time, uptime and build info.
 */
import { readdir } from 'node:fs/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricSource } from './metric-family.js';
import { one, snapshotSource } from './snapshot-family.js';

/** The delay sampler's timer period; it is part of every sample, and taken off. */
const LAG_RESOLUTION_MS = 10;

export interface ProcessMetricsOptions {
  readonly version: string;
}

export class ProcessMetrics {
  readonly #lag: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  readonly #startedAt = Date.now() / 1000 - process.uptime();
  #openFds: number | undefined;
  #lagStats: readonly (readonly [{ stat: string }, number])[] = [];
  readonly source: MetricSource;

  constructor(opts: ProcessMetricsOptions) {
    this.#lag.enable();
    this.source = snapshotSource([
      { type: 'counter', name: 'cairn_process_cpu_seconds_total', help: 'User and system CPU time the process spent.', read: () => {
        const u = process.cpuUsage();
        return one((u.user + u.system) / 1e6);
      } },
      { type: 'gauge', name: 'cairn_process_resident_memory_bytes', help: 'Resident set size of the process.', read: () => one(process.memoryUsage.rss()) },
      { type: 'gauge', name: 'cairn_process_heap_used_bytes', help: 'V8 heap in use.', read: () => one(process.memoryUsage().heapUsed) },
      { type: 'gauge', name: 'cairn_process_heap_total_bytes', help: 'V8 heap reserved.', read: () => one(process.memoryUsage().heapTotal) },
      { type: 'gauge', name: 'cairn_process_event_loop_lag_seconds', help: 'Event-loop delay over the last refresh interval: mean, p99 and max.', labels: ['stat'], read: () => this.#lagStats },
      { type: 'gauge', name: 'cairn_process_open_fds', help: 'Open file descriptors of the process.', read: () => one(this.#openFds) },
      { type: 'gauge', name: 'cairn_process_start_time_seconds', help: 'When the process started (epoch seconds).', read: () => one(this.#startedAt) },
      { type: 'gauge', name: 'cairn_process_uptime_seconds', help: 'Seconds since the process started.', read: () => one(process.uptime()) },
      { type: 'gauge', name: 'cairn_build_info', help: 'Always 1; the labels say which build runs.', labels: ['version', 'node_version'], read: () => [[{ version: opts.version, node_version: process.version }, 1]] },
    ]);
  }

  /** Background refresh of the figures that need I/O. */
  async refresh(): Promise<void> {
    const h = this.#lag;
    const seconds = (ns: number): number => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS) / 1e3 : 0);
    this.#lagStats = h.count === 0 ? [] : [
      [{ stat: 'mean' }, seconds(h.mean)], [{ stat: 'p99' }, seconds(h.percentile(99))], [{ stat: 'max' }, seconds(h.max)],
    ];
    h.reset();
    try { this.#openFds = (await readdir('/proc/self/fd')).length; } catch { this.#openFds = undefined; }
  }

  close(): void {
    this.#lag.disable();
  }
}
