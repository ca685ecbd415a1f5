/**
 * worker_threads entry of open-batch-pool.ts: opens batches of stored SSE packages in place
 * (crypto openBatchInPlace), off the event loop. Stateless: every message carries its stream
 * key, cipher and sequence numbers, so any worker can take any batch.
 *
 *   in  {id, key, cipher, firstSequence, lastIsFinal, buf (transferred), length}
 *   out {id, buf (transferred back), plainLength, error?}   error: a package failed (reason)
 *   out {id, failure}                                       anything else went wrong
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openBatchInPlace, selectAeadEngine, type AeadEngineName, type SseCipher } from '../../crypto/index.js';

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
  readonly buf: ArrayBuffer;
  readonly length: number;
}

export type OpenBatchAnswer =
  | { readonly id: number; readonly buf: ArrayBuffer; readonly plainLength: number; readonly error?: string }
  | { readonly id: number; readonly failure: string };

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (job: OpenBatchJob) => {
    try {
      const key = Buffer.from(job.key.buffer, job.key.byteOffset, job.key.byteLength);
      const opened = openBatchInPlace(
        { key, cipher: job.cipher, firstSequence: job.firstSequence, lastIsFinal: job.lastIsFinal },
        Buffer.from(job.buf), job.length,
      );
      const out: OpenBatchAnswer = { id: job.id, buf: job.buf, plainLength: opened.plainLength, ...(opened.error !== undefined ? { error: opened.error } : {}) };
      port.postMessage(out, [job.buf]);
    } catch (err) {
      port.postMessage({ id: job.id, failure: err instanceof Error ? err.message : String(err) } satisfies OpenBatchAnswer);
    }
  });
}

if (parentPort !== null) {
  selectAeadEngine((workerData as OpenWorkerData | undefined)?.aeadEngine ?? 'auto');
  serve(parentPort);
}
