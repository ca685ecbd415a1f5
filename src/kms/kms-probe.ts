/**
 * A cached reachability probe of the KMS for the metrics: `status()` every `intervalMs`
 * (and when asked, e.g. by `cairn admin kms status`), the last answer kept in memory, so a
 * scrape never waits on the KMS. A probe still running when the next one is due is not
 * doubled; the status call carries its own timeout (kms-http.ts: 10 s).
 */
import type { ExternalKms, KmsStatus } from './kms.js';
import { timerDelay } from '../util/timer-delay.js';

export interface KmsProbeReading {
  /** The last probe's answer; undefined before the first one ended. */
  readonly last?: KmsStatus;
  /** When it ended (epoch ms). */
  readonly at?: number;
  readonly probes: number;
  readonly failedProbes: number;
}

export class KmsProbe {
  readonly #kms: Pick<ExternalKms, 'status'>;
  readonly #timer: NodeJS.Timeout;
  #running: Promise<KmsStatus> | undefined;
  #reading: KmsProbeReading = { probes: 0, failedProbes: 0 };

  constructor(kms: Pick<ExternalKms, 'status'>, intervalMs: number) {
    this.#kms = kms;
    this.#timer = setInterval(() => { void this.probe(); }, timerDelay(intervalMs));
    this.#timer.unref();
    void this.probe();
  }

  get reading(): KmsProbeReading {
    return this.#reading;
  }

  /** Probes now (joins a probe already running) and returns its answer. */
  probe(): Promise<KmsStatus> {
    this.#running ??= this.#kms.status()
      // The clients' status() answers unreachable instead of rejecting; a rejection is still a failed probe.
      .catch((err: unknown): KmsStatus => ({ kind: this.#reading.last?.kind ?? 'builtin', reachable: false, error: (err as Error).message }))
      .then((status) => {
        const r = this.#reading;
        this.#reading = { last: status, at: Date.now(), probes: r.probes + 1, failedProbes: r.failedProbes + (status.reachable ? 0 : 1) };
        return status;
      })
      .finally(() => { this.#running = undefined; });
    return this.#running;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
