/**
 * The cluster primary of `cairn server --workers N` (node:cluster).
 *
 *  - forks N worker processes running the same `server ...` arguments; each opens its own
 *    drives (its own LMDB envs: node's fork starts a fresh process, nothing is inherited) and
 *    listens on the same address. node:cluster shares one listening socket (the primary
 *    accepts and hands connections out round-robin), so port 0 gives every worker the same
 *    port as long as one of them holds it.
 *  - worker slot 0 (env CAIRN_WORKER_INDEX=0) is the only one that runs background work; the
 *    scanner figures it sends (`cairn:usage`) are relayed to every other worker (quota ledgers).
 *  - start() resolves once every worker reported `cairn:listening`; a worker that exits
 *    during startup fails the start (the others are stopped).
 *  - after startup, a worker that dies is restarted in the same slot after a delay that
 *    doubles (100 ms .. 5 s) while it keeps dying within 10 s of its start.
 *  - close(): SIGTERM to every worker (each drains gracefully), SIGKILL to those still alive
 *    after the shutdown deadline plus a grace period; no restarts once closing.
 * Known limit: if every worker is down at once with port 0, the shared socket is closed and
 * the restarted workers get a new port (a fixed --address port is unaffected).
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { isListeningMessage, isUsageFigureMessage, WORKER_INDEX_ENV, type UsageFigureMessage } from './messages.js';

export interface ClusterPrimaryOptions {
  readonly count: number;
  /** Script every worker runs (the CLI entry). */
  readonly exec: string;
  /** Its arguments (`server --address ... DRIVE...`). */
  readonly args: readonly string[];
  /** Each worker's own graceful-drain deadline; close() waits this plus a grace period. */
  readonly shutdownTimeoutMs: number;
  /** Operator messages (restarts, startup failures), one line each. */
  readonly log: (line: string) => void;
  /** Whole-startup deadline. Default 60 s. */
  readonly startTimeoutMs?: number;
}

const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 5_000;
/** A worker that lived at least this long restarts after the minimum delay again. */
const STABLE_AFTER_MS = 10_000;
const KILL_GRACE_MS = 5_000;

interface Slot {
  readonly index: number;
  worker: Worker | undefined;
  startedAt: number;
  restartDelayMs: number;
  restartTimer: NodeJS.Timeout | undefined;
}

export class ClusterPrimary {
  readonly #opts: ClusterPrimaryOptions;
  readonly #slots: Slot[];
  #address: AddressInfo | undefined;
  #consoleAddress: AddressInfo | undefined;
  #isStarted = false;
  #closing: Promise<void> | undefined;
  #restarts = 0;

  private constructor(opts: ClusterPrimaryOptions) {
    this.#opts = opts;
    this.#slots = Array.from({ length: opts.count }, (_, index) => ({
      index, worker: undefined, startedAt: 0, restartDelayMs: RESTART_MIN_MS, restartTimer: undefined,
    }));
  }

  /** Forks the workers; resolves when all listen (with the shared address). */
  static async start(opts: ClusterPrimaryOptions): Promise<ClusterPrimary> {
    if (!cluster.isPrimary) throw new Error('ClusterPrimary.start() must run in the primary process');
    if (!Number.isSafeInteger(opts.count) || opts.count < 1) throw new RangeError(`invalid worker count ${opts.count}`);
    cluster.setupPrimary({ exec: opts.exec, args: [...opts.args] });
    const primary = new ClusterPrimary(opts);
    await primary.#startAll();
    return primary;
  }

  /** The console port the workers share (`--console-address`), if any. */
  get consoleAddress(): AddressInfo | undefined {
    return this.#consoleAddress;
  }

  /** The address the workers share. */
  get address(): AddressInfo {
    if (!this.#address) throw new Error('cluster not started');
    return this.#address;
  }

  /** PIDs of the live workers, by slot (undefined while a slot restarts). */
  get workerPids(): (number | undefined)[] {
    return this.#slots.map((s) => s.worker?.process.pid);
  }

  get restarts(): number {
    return this.#restarts;
  }

  #startAll(): Promise<void> {
    const timeoutMs = this.#opts.startTimeoutMs ?? 60_000;
    return new Promise<void>((resolve, reject) => {
      const listening = new Set<number>();
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.close().then(() => reject(err), () => reject(err));
      };
      const timer = setTimeout(() => fail(new Error(`workers did not start within ${timeoutMs} ms`)), timeoutMs);
      for (const slot of this.#slots) {
        this.#fork(slot, {
          onListening: (address, consoleAddress) => {
            this.#address ??= address;
            this.#consoleAddress ??= consoleAddress;
            listening.add(slot.index);
            if (!settled && listening.size === this.#slots.length) {
              settled = true;
              clearTimeout(timer);
              this.#isStarted = true;
              resolve();
            }
          },
          onStartupExit: (how) => fail(new Error(`worker ${slot.index} exited during startup (${how})`)),
        });
      }
    });
  }

  #fork(slot: Slot, hooks: { onListening?: (a: AddressInfo, console: AddressInfo | undefined) => void; onStartupExit?: (how: string) => void } = {}): void {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(slot.index) });
    slot.worker = worker;
    slot.startedAt = Date.now();
    worker.on('message', (m: unknown) => {
      if (isListeningMessage(m) && m.index === slot.index) hooks.onListening?.(m.address, m.consoleAddress);
      else if (isUsageFigureMessage(m)) this.#relay(slot, m);
    });
    // Errors on the IPC channel (the worker vanished mid-send) surface as 'exit' too.
    worker.on('error', () => undefined);
    worker.once('exit', (code, signal) => {
      if (slot.worker === worker) slot.worker = undefined;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (this.#closing) return;
      if (!this.#isStarted) {
        hooks.onStartupExit?.(how);
        return;
      }
      this.#scheduleRestart(slot, how);
    });
  }

  /** A scanner figure from `from` to every other live worker (usage-channel.ts). */
  #relay(from: Slot, m: UsageFigureMessage): void {
    for (const slot of this.#slots) {
      const w = slot.worker;
      if (slot === from || w === undefined || w.isDead()) continue;
      try { w.send(m); } catch { /* exiting: restarted workers load the stored figure */ }
    }
  }

  #scheduleRestart(slot: Slot, how: string): void {
    const lived = Date.now() - slot.startedAt;
    const delay = lived >= STABLE_AFTER_MS ? RESTART_MIN_MS : slot.restartDelayMs;
    slot.restartDelayMs = Math.min(delay * 2, RESTART_MAX_MS);
    this.#opts.log(`cairn: worker ${slot.index} exited (${how}); restarting in ${delay} ms`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.#closing) return;
      this.#restarts++;
      this.#fork(slot);
    }, delay);
  }

  /** Stops every worker (graceful first); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const waits: Promise<void>[] = [];
      for (const slot of this.#slots) {
        if (slot.restartTimer) { clearTimeout(slot.restartTimer); slot.restartTimer = undefined; }
        const w = slot.worker;
        if (!w || w.isDead()) continue;
        waits.push(new Promise<void>((resolve) => {
          const done = (): void => { clearTimeout(killer); resolve(); };
          w.once('exit', done);
          const killer = setTimeout(() => { try { w.process.kill('SIGKILL'); } catch { /* gone */ } }, this.#opts.shutdownTimeoutMs + KILL_GRACE_MS);
          try { w.process.kill('SIGTERM'); } catch { done(); }
        }));
      }
      await Promise.all(waits);
    })();
    return this.#closing;
  }
}
