/**
 * Background reachability probes of the configured identity providers (the metrics source of
 * `cairn_idp_online`): each provider is probed at start and every `intervalMs` (default 30 s);
 * a scrape reads the cached result. Probes of one provider never overlap.
 */
import type { IdpReading, IdpSource } from '../metrics/index.js';

export interface IdpProbeTarget {
  readonly type: 'openid' | 'ldap';
  readonly name: string;
  probe(): Promise<boolean>;
}

export class IdpProbes implements IdpSource {
  readonly #targets: readonly IdpProbeTarget[];
  readonly #state = new Map<IdpProbeTarget, boolean>();
  readonly #running = new Set<IdpProbeTarget>();
  #timer: NodeJS.Timeout | undefined;

  constructor(targets: readonly IdpProbeTarget[], private readonly intervalMs = 30_000) {
    this.#targets = targets;
  }

  start(): void {
    if (this.#targets.length === 0 || this.#timer !== undefined) return;
    void this.probeAll();
    this.#timer = setInterval(() => { void this.probeAll(); }, this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.#targets.map(async (t) => {
      if (this.#running.has(t)) return;
      this.#running.add(t);
      try { this.#state.set(t, await t.probe().catch(() => false)); } finally { this.#running.delete(t); }
    }));
  }

  readings(): readonly IdpReading[] {
    const out: IdpReading[] = [];
    for (const t of this.#targets) {
      const online = this.#state.get(t);
      if (online !== undefined) out.push({ type: t.type, name: t.name, online });
    }
    return out;
  }
}
