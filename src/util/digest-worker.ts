/**
 * worker_threads entry of util/digest-pool.ts: md5 (the S3 ETag) and the S3 checksums of
 * bodies, hashed off the main thread.
 *
 * Protocol (one port, messages processed in order):
 *   in  init    {slots}            the SharedArrayBuffer slots this worker reads from
 *   in  open    {id, algs}         new digest state (a BodyDigester: md5 + requested checksums)
 *   in  data    {id, slot, len}    hash slots[slot][0, len) (a view, no copy), then -> free
 *   in  end     {id}               -> digests {id, size, md5, checksums} (transferred), forget id
 *   in  drop    {id}               forget id
 *   out free    {slot}             the slot may be refilled
 *   out digests {id, size, md5, checksums}
 *   out error   {id, message}      any failure of that digest (its state is forgotten)
 * A data message always frees its slot, whatever happens to its digest.
 */
import { parentPort } from 'node:worker_threads';
import type { ChecksumAlgorithm } from './checksums.js';
import { BodyDigester } from './digest-stream.js';

export type ToWorker =
  | { readonly type: 'init'; readonly slots: readonly SharedArrayBuffer[] }
  | { readonly type: 'open'; readonly id: number; readonly algs: readonly ChecksumAlgorithm[] }
  | { readonly type: 'data'; readonly id: number; readonly slot: number; readonly len: number }
  | { readonly type: 'end'; readonly id: number }
  | { readonly type: 'drop'; readonly id: number };

export type FromWorker =
  | { readonly type: 'free'; readonly slot: number }
  | {
    readonly type: 'digests'; readonly id: number; readonly size: number;
    readonly md5: Uint8Array; readonly checksums: Partial<Record<ChecksumAlgorithm, Uint8Array>>;
  }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** A copy in an ArrayBuffer of its own (Buffers may share a pool: never transfer those). */
function own(buf: Buffer): Uint8Array {
  return new Uint8Array(buf);
}

function serve(port: NonNullable<typeof parentPort>): void {
  let slots: readonly SharedArrayBuffer[] = [];
  const states = new Map<number, BodyDigester>();

  const stateOf = (id: number): BodyDigester => {
    const s = states.get(id);
    if (s === undefined) throw new Error(`digest ${id} is not open`);
    return s;
  };

  const handle = (msg: ToWorker): void => {
    switch (msg.type) {
      case 'init': slots = msg.slots; return;
      case 'open': states.set(msg.id, new BodyDigester(msg.algs)); return;
      case 'data': {
        const sab = slots[msg.slot];
        if (sab === undefined || msg.len < 0 || msg.len > sab.byteLength) throw new Error(`bad slot ${msg.slot}/${msg.len}`);
        stateOf(msg.id).update(Buffer.from(sab, 0, msg.len));
        return;
      }
      case 'end': {
        const d = stateOf(msg.id).digests();
        states.delete(msg.id);
        const md5 = own(d.md5);
        const checksums: Partial<Record<ChecksumAlgorithm, Uint8Array>> = {};
        const transfer: ArrayBuffer[] = [md5.buffer as ArrayBuffer];
        for (const [alg, v] of Object.entries(d.checksums) as [ChecksumAlgorithm, Buffer][]) {
          const c = own(v);
          checksums[alg] = c;
          transfer.push(c.buffer as ArrayBuffer);
        }
        const out: FromWorker = { type: 'digests', id: msg.id, size: d.size, md5, checksums };
        port.postMessage(out, transfer);
        return;
      }
      case 'drop': states.delete(msg.id); return;
    }
  };

  port.on('message', (msg: ToWorker) => {
    try {
      handle(msg);
    } catch (err) {
      if ('id' in msg) {
        states.delete(msg.id);
        const out: FromWorker = { type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) };
        port.postMessage(out);
      }
    } finally {
      if (msg.type === 'data') port.postMessage({ type: 'free', slot: msg.slot } satisfies FromWorker);
    }
  });
}

if (parentPort !== null) serve(parentPort);
