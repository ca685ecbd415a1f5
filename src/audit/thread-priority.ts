/**
 * The audit thread's scheduling priority: the Linux nice value of that thread alone (on
 * Linux, setpriority on the calling thread's id 0 changes only that thread). Delivering
 * records is background work: while the thread keeps up it runs at nice 19, so a request
 * being served always gets the CPU first (on a machine with few cores, one request in flight
 * otherwise waited for the thread's queue writes and POSTs). Once its backlog (records taken
 * and not yet delivered) passes BEHIND it competes at the process's own priority again, and
 * goes back down below CAUGHT_UP, so a busy server never starves its audit trail.
 *
 * Going down is always allowed; coming back needs CAP_SYS_NICE or an RLIMIT_NICE that allows
 * it. That is tried once at start (one step down and back); where it is refused the thread
 * stays at the process's priority, never low without a way back.
 */
import { getPriority, setPriority } from 'node:os';
import type { AuditLogger } from './audit-types.js';

const LOW = 19;
/** Records not yet delivered above which the thread runs at normal priority ... */
const BEHIND = 1000;
/** ... and below which it goes back to low priority. */
const CAUGHT_UP = 100;

export class ThreadPriority {
  readonly #normal: number;
  readonly #usable: boolean;
  #low = false;

  constructor(logger: AuditLogger) {
    this.#normal = process.platform === 'linux' ? getPriority() : 0;
    this.#usable = process.platform === 'linux' && this.#normal < LOW && ThreadPriority.#canComeBack(this.#normal);
    if (!this.#usable) logger.info('audit thread runs at the process priority (lowering it could not be undone here)', {});
  }

  /** True while the thread runs at low priority. */
  get low(): boolean { return this.#low; }

  /** Sets the priority for a backlog of `records` not yet delivered. */
  pace(records: number): void {
    if (!this.#usable) return;
    if (this.#low ? records <= BEHIND : records >= CAUGHT_UP) return;
    try {
      setPriority(this.#low ? this.#normal : LOW);
      this.#low = !this.#low;
    } catch { /* keeps the current one */ }
  }

  static #canComeBack(normal: number): boolean {
    try {
      setPriority(normal + 1);
    } catch {
      return false;
    }
    try {
      setPriority(normal);
      return true;
    } catch {
      return false;
    }
  }
}
