/**
 * The background runner: every background job (scanner, heal, sweeper, replaced-drive heal,
 * later lifecycle and tiering) runs here as a named worker with an AbortSignal and a status
 * it updates as it goes (Garage's util/background/worker.rs). The runner never lets a
 * worker's failure escape: it is recorded in the status.
 */
export type WorkerState = 'running' | 'sleeping' | 'done' | 'stopped' | 'failed';

export interface WorkerStatus {
  readonly name: string;
  readonly state: WorkerState;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  /** Worker-specific counters and progress (objects scanned, healed, phase, ...). */
  readonly detail: Readonly<Record<string, number | string>>;
  readonly lastError?: string;
}

export interface WorkerContext {
  readonly signal: AbortSignal;
  /** Merge `detail` into the status (and optionally set the state). */
  report(detail: Readonly<Record<string, number | string>>, state?: 'running' | 'sleeping'): void;
  /** Record an error that did not stop the worker. */
  reportError(err: unknown): void;
}

export interface Worker {
  readonly name: string;
  /** Runs until done or until ctx.signal aborts; must return promptly after an abort. */
  run(ctx: WorkerContext): Promise<void>;
}

interface Entry {
  readonly controller: AbortController;
  readonly done: Promise<void>;
  status: WorkerStatus;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class WorkerRunner {
  readonly #workers = new Map<string, Entry>();

  /** Start a worker; a name may be reused once the previous worker of that name ended. */
  start(worker: Worker): void {
    const prev = this.#workers.get(worker.name);
    if (prev && (prev.status.state === 'running' || prev.status.state === 'sleeping')) {
      throw new Error(`worker ${worker.name} is already running`);
    }
    const controller = new AbortController();
    const now = new Date();
    const entry: Entry = {
      controller,
      done: Promise.resolve(),
      status: { name: worker.name, state: 'running', startedAt: now, updatedAt: now, detail: {} },
    };
    const update = (patch: Partial<WorkerStatus>): void => {
      entry.status = { ...entry.status, ...patch, updatedAt: new Date() };
    };
    const ctx: WorkerContext = {
      signal: controller.signal,
      report: (detail, state) => update({ detail: { ...entry.status.detail, ...detail }, ...(state ? { state } : {}) }),
      reportError: (err) => update({ lastError: message(err) }),
    };
    (entry as { done: Promise<void> }).done = (async () => {
      try {
        await worker.run(ctx);
        update({ state: controller.signal.aborted ? 'stopped' : 'done' });
      } catch (err) {
        update({ state: controller.signal.aborted ? 'stopped' : 'failed', lastError: message(err) });
      }
    })();
    this.#workers.set(worker.name, entry);
  }

  status(): WorkerStatus[] {
    return [...this.#workers.values()].map((e) => e.status);
  }

  statusOf(name: string): WorkerStatus | undefined {
    return this.#workers.get(name)?.status;
  }

  /** Resolves when the worker returned (done, failed or stopped). */
  async wait(name: string): Promise<void> {
    await this.#workers.get(name)?.done;
  }

  async stop(name: string): Promise<void> {
    const e = this.#workers.get(name);
    if (!e) return;
    e.controller.abort();
    await e.done;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#workers.keys()].map((n) => this.stop(n)));
  }
}
