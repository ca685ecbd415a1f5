/**
 * The health state machine of one drive, used by HealthTrackedDrive (any drive kind):
 *
 *   online ──(maxConsecutiveFailures counted failures in a row, or a failed probe)──▶ offline
 *   offline ──(a probe every recheckMs; the first that passes)──▶ online
 *
 * - Counted failures are DriveOfflineError (I/O errors, a vanished drive, a failing metadata
 *   env). FileNotFoundError, DriveFullError, path errors, short reads and errors of the caller's
 *   own code are answers of a working drive: they neither count nor reset the count. Any
 *   successful call resets it.
 * - After a counted failure that does not reach the threshold, one probe runs in the background
 *   (never more than one at a time): a drive that vanished goes offline at its first failure.
 * - While offline every call is refused with DriveOfflineError (cause: the last failure)
 *   without touching the drive; probes continue every recheckMs until one passes, so a drive
 *   that can never pass (a re-created root) stays offline until restart.
 */
import { DriveOfflineError } from '../../errors/domain-errors.js';

/** Consecutive counted failures after which the drive is marked offline. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
/** Default delay between probes of an offline drive. */
export const DEFAULT_RECHECK_MS = 10_000;

export interface DriveHealthOptions {
  /** Counted failures in a row that take the drive offline (default 3). */
  readonly maxConsecutiveFailures?: number;
  /** Delay between probes of an offline drive, in ms (default 10 s). */
  readonly recheckMs?: number;
  /** Clock for the reported times (ms since the epoch); default Date.now. */
  readonly now?: () => number;
}

/** What an admin or metrics endpoint shows about one drive. */
export interface DriveHealth {
  readonly endpoint: string;
  readonly online: boolean;
  /** Counted failures since the last successful call. */
  readonly consecutiveFailures: number;
  /** The last counted failure or failed probe, with its causes (`a: b: c`). */
  readonly lastError?: string;
  readonly lastErrorAt?: number;
  /** When the drive was marked offline; absent while online. */
  readonly offlineSince?: number;
  /** Probes that failed since the drive went offline. */
  readonly failedProbes: number;
}

export interface DriveHealthTrackerOptions extends DriveHealthOptions {
  readonly endpoint: string;
  /** Resolves when the drive is usable; rejects with the reason when not. */
  readonly probe: () => Promise<void>;
}

function describe(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}

export class DriveHealthTracker {
  readonly #endpoint: string;
  readonly #probe: () => Promise<void>;
  readonly #maxFailures: number;
  readonly #recheckMs: number;
  readonly #now: () => number;
  #failures = 0;
  #lastError: unknown = undefined;
  #lastErrorAt: number | undefined = undefined;
  #offlineSince: number | undefined = undefined;
  #failedProbes = 0;
  #probing = false;
  /** Bumped on every online/offline change: a probe's outcome applies only to the state it started in. */
  #epoch = 0;
  #recheck: NodeJS.Timeout | undefined = undefined;
  #closed = false;

  constructor(opts: DriveHealthTrackerOptions) {
    const max = opts.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES;
    const recheckMs = opts.recheckMs ?? DEFAULT_RECHECK_MS;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxConsecutiveFailures ${max} must be a positive integer`);
    if (!(recheckMs > 0)) throw new RangeError(`recheckMs ${recheckMs} must be positive`);
    this.#endpoint = opts.endpoint;
    this.#probe = opts.probe;
    this.#maxFailures = max;
    this.#recheckMs = recheckMs;
    this.#now = opts.now ?? Date.now;
  }

  isOnline(): boolean {
    return !this.#closed && this.#offlineSince === undefined;
  }

  /** Throws DriveOfflineError while offline or closed. */
  check(): void {
    if (this.#closed) throw new DriveOfflineError(this.#endpoint, { cause: new Error('drive closed') });
    if (this.#offlineSince !== undefined) throw new DriveOfflineError(this.#endpoint, { cause: this.#lastError });
  }

  succeeded(): void {
    this.#failures = 0;
  }

  /** A call of the drive failed with `err`; only DriveOfflineError counts. */
  failed(err: unknown): void {
    if (this.#closed || !(err instanceof DriveOfflineError)) return;
    this.#failures++;
    this.#noteError(err);
    if (this.#failures >= this.#maxFailures) this.#markOffline();
    else if (this.#offlineSince === undefined) this.#probeOnce();
  }

  snapshot(): DriveHealth {
    return {
      endpoint: this.#endpoint,
      online: this.isOnline(),
      consecutiveFailures: this.#failures,
      ...(this.#lastError !== undefined ? { lastError: describe(this.#lastError) } : {}),
      ...(this.#lastErrorAt !== undefined ? { lastErrorAt: this.#lastErrorAt } : {}),
      ...(this.#offlineSince !== undefined ? { offlineSince: this.#offlineSince } : {}),
      failedProbes: this.#failedProbes,
    };
  }

  /** Stops probing; check() refuses every call from now on. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#recheck);
    this.#recheck = undefined;
  }

  /** The probe as a promise even if it throws synchronously. */
  #runProbe(): Promise<void> {
    return Promise.resolve().then(() => this.#probe());
  }

  #noteError(err: unknown): void {
    this.#lastError = err;
    this.#lastErrorAt = this.#now();
  }

  #markOffline(): void {
    if (this.#offlineSince !== undefined || this.#closed) return;
    this.#offlineSince = this.#now();
    this.#failedProbes = 0;
    this.#epoch++;
    this.#scheduleRecheck();
  }

  #markOnline(): void {
    this.#offlineSince = undefined;
    this.#failures = 0;
    this.#failedProbes = 0;
    this.#epoch++;
  }

  /** While online, after a failure: a failing probe takes the drive offline now. One at a time. */
  #probeOnce(): void {
    if (this.#probing) return;
    const epoch = this.#epoch;
    this.#probing = true;
    this.#runProbe().then(
      () => undefined,
      (err: unknown) => {
        if (this.#closed || epoch !== this.#epoch) return; // stale: the state moved meanwhile
        this.#noteError(err);
        this.#markOffline();
      },
    ).finally(() => { this.#probing = false; });
  }

  /** While offline: probe after recheckMs; the first probe that passes brings the drive back. */
  #scheduleRecheck(): void {
    if (this.#closed) return;
    const epoch = this.#epoch;
    this.#recheck = setTimeout(() => {
      this.#recheck = undefined;
      this.#runProbe().then(
        () => { if (!this.#closed && epoch === this.#epoch) this.#markOnline(); },
        (err: unknown) => {
          if (this.#closed || epoch !== this.#epoch) return;
          this.#noteError(err);
          this.#failedProbes++;
          this.#scheduleRecheck();
        },
      );
    }, this.#recheckMs);
    this.#recheck.unref();
  }
}
