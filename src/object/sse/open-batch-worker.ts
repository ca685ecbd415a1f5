/**
 * worker_threads entry of open-batch-pool.ts: opens batches of stored SSE packages from one
 * buffer into another (crypto openBatchInto), off the event loop. Stateless: every message
 * carries its stream key, cipher and sequence numbers, so any worker can take any batch.
 *
 *   in  {id, key, cipher, firstSequence, lastIsFinal, buf (stored bytes), out, length}  both transferred
 *   out {id, buf, out (both transferred back), plainLength, error?}   error: a package failed (reason)
 *   out {id, failure}                                                 anything else went wrong
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openBatchInto, selectAeadEngine, type AeadEngineName, type SseCipher } from '../../crypto/index.js';

/** Given at start: the main thread's AEAD engine, so both threads run the same one. */
export interface OpenWorkerData {
  readonly aeadEngine: AeadEngineName;
}

export interface OpenBatchJob {
  readonly id: number;
  readonly key: Uint8Array;
  readonly cipher: SseCipher;
  readonly firstSequence: number;
  readonly lastIsFinal: boolean;
  /** The stored bytes (whole packages in [0, length)). */
  readonly buf: ArrayBuffer;
  /** Where the plaintext goes (at least crypto batchPlainLength(length) bytes). */
  readonly out: ArrayBuffer;
  readonly length: number;
}

export type OpenBatchAnswer =
  | { readonly id: number; readonly buf: ArrayBuffer; readonly out: ArrayBuffer; readonly plainLength: number; readonly error?: string }
  | { readonly id: number; readonly failure: string };

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (job: OpenBatchJob) => {
    try {
      const key = Buffer.from(job.key.buffer, job.key.byteOffset, job.key.byteLength);
      const opened = openBatchInto(
        { key, cipher: job.cipher, firstSequence: job.firstSequence, lastIsFinal: job.lastIsFinal },
        Buffer.from(job.buf), job.length, Buffer.from(job.out),
      );
      const answer: OpenBatchAnswer = {
        id: job.id, buf: job.buf, out: job.out, plainLength: opened.plainLength, ...(opened.error !== undefined ? { error: opened.error } : {}),
      };
      port.postMessage(answer, [job.buf, job.out]);
    } catch (err) {
      port.postMessage({ id: job.id, failure: err instanceof Error ? err.message : String(err) } satisfies OpenBatchAnswer);
    }
  });
}

if (parentPort !== null) {
  selectAeadEngine((workerData as OpenWorkerData | undefined)?.aeadEngine ?? 'auto');
  serve(parentPort);
}
