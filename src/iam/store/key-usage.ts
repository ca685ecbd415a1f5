/**
 * KeyUsageRecorder: the last use of each access key (date, service, region) for IAM's
 * GetAccessKeyLastUsed, kept in the key's record (`lastUsed`). Written lazily: at most once per
 * key per `intervalMs` (one minute) and process, and not at all while the stored record is
 * younger than that (another `--workers` process wrote it) - never a write per request. The
 * hot path is one Map lookup; the write runs in the background (a failure is reported to
 * `onError` and retried at the next use after the interval). The write does not move the IAM
 * change mark (other processes see it within the store's full refresh, 30 s). Keys no account document holds
 * (the cluster root's, STS session keys) are not recorded.
 */
import type { KeyUsageSink } from '../caller.js';
import type { IamStore } from './iam-store.js';

export interface KeyUsageOptions {
  readonly store: Pick<IamStore, 'accounts' | 'mutate'>;
  readonly intervalMs?: number;
  /** Wall clock in ms (Date.now by default). */
  readonly clock?: () => number;
  readonly onError?: (err: unknown) => void;
  /** Keys remembered at most (the map is cleared past it; the cost is one extra scan per key). */
  readonly maxKeys?: number;
}

export class KeyUsageRecorder implements KeyUsageSink {
  readonly #opts: KeyUsageOptions;
  readonly #interval: number;
  readonly #clock: () => number;
  readonly #noted = new Map<string, number>();
  readonly #max: number;

  constructor(opts: KeyUsageOptions) {
    this.#opts = opts;
    this.#interval = opts.intervalMs ?? 60_000;
    this.#clock = opts.clock ?? (() => Date.now());
    this.#max = opts.maxKeys ?? 100_000;
  }

  note(accessKey: string, service: string, region: string): void {
    const now = this.#clock();
    const last = this.#noted.get(accessKey);
    if (last !== undefined && now - last < this.#interval) return;
    if (this.#noted.size >= this.#max) this.#noted.clear();
    this.#noted.set(accessKey, now);
    const state = this.#opts.store.accounts().find((s) => Object.hasOwn(s.doc.keys, accessKey));
    if (state === undefined) return;
    const stored = state.doc.keys[accessKey]!.lastUsed;
    if (stored !== undefined && now - Date.parse(stored.date) < this.#interval) return;
    const record = { date: new Date(now).toISOString(), service, region };
    this.#opts.store.mutate(state.doc.account.id, (doc) => {
      const key = doc.keys[accessKey];
      if (key !== undefined) key.lastUsed = record;
    }, { quiet: true }).catch((err: unknown) => {
      this.#noted.delete(accessKey);
      this.#opts.onError?.(err);
    });
  }
}
