/**
 * worker_threads entry of open-batch-pool.ts: opens batches of stored SSE packages (crypto
 * openSegmentsInto), off the event loop. The stored bytes are views of shared memory (the
 * frames the shards were read into, or a shared buffer the caller copied pieces into): read in
 * place, never copied here unless a package spans two of them. Stateless: every message
 * carries its stream key, cipher and sequence numbers, so any worker can take any batch.
 *
 *   in  {id, key, cipher, firstSequence, lastIsFinal, segments, out}   out transferred
 *   out {id, out (transferred back), plainLength, error?}   error: a package failed (reason)
 *   out {id, failure}                                       anything else went wrong
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSegmentsInto, selectAeadEngine, type AeadEngineName, type SseCipher } from '../../crypto/index.js';

/** Given at start: the main thread's AEAD engine, so both threads run the same one. */
export interface OpenWorkerData {
  readonly aeadEngine: AeadEngineName;
}

/** Stored bytes [offset, offset + length) of a shared buffer. */
export interface SharedSegment {
  readonly buf: SharedArrayBuffer;
  readonly offset: number;
  readonly length: number;
}

export interface OpenBatchJob {
  readonly id: number;
  readonly key: Uint8Array;
  readonly cipher: SseCipher;
  readonly firstSequence: number;
  readonly lastIsFinal: boolean;
  /** The stored bytes, in order (whole packages, the last possibly short). */
  readonly segments: readonly SharedSegment[];
  /** Where the plaintext goes (at least crypto batchPlainLength of the segments' bytes). */
  readonly out: ArrayBuffer;
}

export type OpenBatchAnswer =
  | { readonly id: number; readonly out: ArrayBuffer; readonly plainLength: number; readonly error?: string }
  | { readonly id: number; readonly failure: string };

function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', (job: OpenBatchJob) => {
    try {
      const key = Buffer.from(job.key.buffer, job.key.byteOffset, job.key.byteLength);
      const segments = job.segments.map((s) => Buffer.from(s.buf, s.offset, s.length));
      const opened = openSegmentsInto(
        { key, cipher: job.cipher, firstSequence: job.firstSequence, lastIsFinal: job.lastIsFinal }, segments, Buffer.from(job.out),
      );
      const answer: OpenBatchAnswer = {
        id: job.id, out: job.out, plainLength: opened.plainLength, ...(opened.error !== undefined ? { error: opened.error } : {}),
      };
      port.postMessage(answer, [job.out]);
    } catch (err) {
      port.postMessage({ id: job.id, failure: err instanceof Error ? err.message : String(err) } satisfies OpenBatchAnswer);
    }
  });
}

if (parentPort !== null) {
  selectAeadEngine((workerData as OpenWorkerData | undefined)?.aeadEngine ?? 'auto');
  serve(parentPort);
}
