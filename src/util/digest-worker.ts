/**
 * worker_threads entry of util/digest-pool.ts: md5 (the S3 ETag) and the S3 checksums of
 * bodies, hashed off the main thread.
 *
 * Protocol (one port, messages processed in order):
 *   in  init    {slots}                  the SharedArrayBuffer slots this worker reads from
 *   in  data    {id, slot, len,          hash slots[slot][0, len) (a view, no copy), then -> free;
 *                algs?, last?}           algs on a digest's first message opens it (md5 + those
 *                                        checksums); last: the body ends here -> digests, which
 *                                        carries the slot back instead of a free
 *   in  end     {id, algs?}              -> digests (algs: a body with no bytes, opened here)
 *   in  drop    {id}                     forget id
 *   out free    {slot}                   the slot may be refilled
 *   out digests {id, size, md5,          transferred; the digest is forgotten
 *                checksums, freed?}      freed: the slot of the last data message
 *   out error   {id, message}            any failure of that digest (its state is forgotten)
 * A data message always frees its slot, whatever happens to its digest. A body of known
 * length hashed in one slot costs one message each way (data with algs and last; digests).
 */
import { parentPort } from 'node:worker_threads';
import type { ChecksumAlgorithm } from './checksums.js';
import { BodyDigester } from './digest-stream.js';

export type ToWorker =
  | { readonly type: 'init'; readonly slots: readonly SharedArrayBuffer[] }
  | {
    readonly type: 'data'; readonly id: number; readonly slot: number; readonly len: number;
    readonly algs?: readonly ChecksumAlgorithm[]; readonly last?: true;
  }
  | { readonly type: 'end'; readonly id: number; readonly algs?: readonly ChecksumAlgorithm[] }
  | { readonly type: 'drop'; readonly id: number };

export type FromWorker =
  | { readonly type: 'free'; readonly slot: number }
  | {
    readonly type: 'digests'; readonly id: number; readonly size: number;
    readonly md5: Uint8Array; readonly checksums: Partial<Record<ChecksumAlgorithm, Uint8Array>>;
    readonly freed?: number;
  }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** A copy in an ArrayBuffer of its own (Buffers may share a pool: never transfer those). */
function own(buf: Buffer): Uint8Array {
  return new Uint8Array(buf);
}

function serve(port: NonNullable<typeof parentPort>): void {
  let slots: readonly SharedArrayBuffer[] = [];
  const states = new Map<number, BodyDigester>();

  const stateOf = (id: number, algs: readonly ChecksumAlgorithm[] | undefined): BodyDigester => {
    if (algs !== undefined) {
      const opened = new BodyDigester(algs);
      states.set(id, opened);
      return opened;
    }
    const s = states.get(id);
    if (s === undefined) throw new Error(`digest ${id} is not open`);
    return s;
  };

  /** Answers the digest of `id` (forgotten then); `freed` hands a data message's slot back. */
  const answer = (id: number, state: BodyDigester, freed?: number): void => {
    const d = state.digests();
    states.delete(id);
    const md5 = own(d.md5);
    const checksums: Partial<Record<ChecksumAlgorithm, Uint8Array>> = {};
    const transfer: ArrayBuffer[] = [md5.buffer as ArrayBuffer];
    for (const [alg, v] of Object.entries(d.checksums) as [ChecksumAlgorithm, Buffer][]) {
      const c = own(v);
      checksums[alg] = c;
      transfer.push(c.buffer as ArrayBuffer);
    }
    const out: FromWorker = { type: 'digests', id, size: d.size, md5, checksums, ...(freed !== undefined ? { freed } : {}) };
    port.postMessage(out, transfer);
  };

  /** Handles one message; true when its answer carried the data message's slot back. */
  const handle = (msg: ToWorker): boolean => {
    switch (msg.type) {
      case 'init': slots = msg.slots; return false;
      case 'data': {
        const sab = slots[msg.slot];
        if (sab === undefined || msg.len < 0 || msg.len > sab.byteLength) throw new Error(`bad slot ${msg.slot}/${msg.len}`);
        const state = stateOf(msg.id, msg.algs);
        state.update(Buffer.from(sab, 0, msg.len));
        if (msg.last !== true) return false;
        answer(msg.id, state, msg.slot);
        return true;
      }
      case 'end': answer(msg.id, stateOf(msg.id, msg.algs)); return false;
      case 'drop': states.delete(msg.id); return false;
    }
  };

  port.on('message', (msg: ToWorker) => {
    let freed = false;
    try {
      freed = handle(msg);
    } catch (err) {
      if ('id' in msg) {
        states.delete(msg.id);
        const out: FromWorker = { type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) };
        port.postMessage(out);
      }
    } finally {
      if (msg.type === 'data' && !freed) port.postMessage({ type: 'free', slot: msg.slot } satisfies FromWorker);
    }
  });
}

if (parentPort !== null) serve(parentPort);
