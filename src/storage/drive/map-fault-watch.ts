/**
 * MapFaultWatch: tells the metadata stores whether their memory maps are being read from disk.
 *
 * LMDB reads through a memory map, synchronously, on the event loop. While the map is resident
 * a read costs microseconds; once a memory limit (a container's cgroup) has evicted its pages,
 * every read of an evicted page is a major page fault that stops the whole event loop for a
 * disk read. Measured (issue #15, 1 GiB cgroup, mixed 64 KiB load): ~600 major faults a second
 * on the event loop thread, all in `mdb_page_search_root`.
 *
 * The watch samples the process's major-fault count (getrusage: every thread, and nothing but
 * mapped memory raises it: `read()` misses are not faults) every `intervalMs`. While the last
 * interval saw at least `threshold` of them, `faulting` is true and LocalDrive first reads the
 * keys' pages on the thread pool (lmdb-js `prefetch`), so the synchronous read that follows
 * finds them resident. Without faults the watch costs one getrusage per interval and the read
 * path is unchanged.
 */
export interface MapFaultWatchOptions {
  /** Sampling interval (ms). */
  readonly intervalMs?: number;
  /** Major faults per interval at or above which `faulting` turns on. */
  readonly threshold?: number;
  /** The process's major-fault count so far (tests inject a counter). */
  readonly readFaults?: () => number;
}

const DEFAULT_INTERVAL_MS = 250;
const DEFAULT_THRESHOLD = 4;

export class MapFaultWatch {
  readonly #intervalMs: number;
  readonly #threshold: number;
  readonly #readFaults: () => number;
  #last = 0;
  #faulting = false;
  #timer: NodeJS.Timeout | undefined;
  #users = 0;

  constructor(opts: MapFaultWatchOptions = {}) {
    this.#intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    this.#readFaults = opts.readFaults ?? (() => process.resourceUsage().majorPageFault);
  }

  /** True while the last sampled interval saw `threshold` major faults or more. */
  get faulting(): boolean {
    return this.#faulting;
  }

  /** Takes one sample now (the timer calls this; tests call it directly). */
  sample(): void {
    const now = this.#readFaults();
    this.#faulting = now - this.#last >= this.#threshold;
    this.#last = now;
  }

  /** One more user (an open drive): the first starts sampling. The timer never keeps the process alive. */
  acquire(): void {
    if (this.#users++ > 0) return;
    this.#last = this.#readFaults();
    this.#faulting = false;
    this.#timer = setInterval(() => this.sample(), this.#intervalMs);
    this.#timer.unref();
  }

  /** One user fewer: the last stops sampling. */
  release(): void {
    if (this.#users === 0 || --this.#users > 0) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#faulting = false;
  }
}

/** The process's watch, shared by every LocalDrive (the fault count is per process). */
export const sharedMapFaultWatch = new MapFaultWatch();
