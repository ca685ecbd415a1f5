/**
 * healSetUploads: walk every pending upload of one erasure set (upload-batch.ts) and heal it
 * (heal-upload.ts). For the replaced-drive healer (after the set's objects) and the scanner.
 * An abort stops it between two uploads; one upload's failure never stops the walk.
 */
import type { ErasureSet } from '../../storage/storage.js';
import type { LayerContext } from '../layer-context.js';
import { healUpload, type UploadHealResult } from './heal-upload.js';
import { nextUploadBatch } from './upload-batch.js';

export interface SetUploadHealOptions {
  /** Verify every frame of every staged part file (default false). */
  readonly deep?: boolean;
  /** Upload keys per range scan (default 100). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Called with every upload's result (status, logs). */
  readonly onUpload?: (result: UploadHealResult) => void;
  /** Called when an upload could not be healed at all (its copies could not be read). */
  readonly onError?: (err: unknown, upload: { bucket: string; key: string; uploadId: string }) => void;
}

export interface SetUploadHealStats {
  readonly uploadsScanned: number;
  /** Uploads where something was written or removed. */
  readonly uploadsHealed: number;
  readonly partsHealed: number;
  /** Uploads whose heal reported a failure or threw. */
  readonly failures: number;
  /** False when the walk was aborted before the end of the set. */
  readonly isComplete: boolean;
}

export async function healSetUploads(ctx: LayerContext, set: ErasureSet, opts: SetUploadHealOptions = {}): Promise<SetUploadHealStats> {
  const batchSize = opts.batchSize ?? 100;
  let uploadsScanned = 0;
  let uploadsHealed = 0;
  let partsHealed = 0;
  let failures = 0;
  const stats = (isComplete: boolean): SetUploadHealStats => ({ uploadsScanned, uploadsHealed, partsHealed, failures, isComplete });
  let after: string | undefined;
  // Bounded: every batch advances `after` past at least one key, or is the last one.
  for (;;) {
    if (opts.signal?.aborted) return stats(false);
    const batch = await nextUploadBatch(set, after, batchSize);
    for (const item of batch.items) {
      if (opts.signal?.aborted) return stats(false);
      uploadsScanned++;
      const ref = { bucket: item.bucket, key: item.key, uploadId: item.uploadId };
      try {
        const res = await healUpload(ctx, { ...ref, deep: opts.deep === true });
        if (res.recordsHealed + res.shardsHealed + res.recordsRemoved > 0) uploadsHealed++;
        partsHealed += res.partsHealed;
        if (res.failures.length > 0) failures++;
        opts.onUpload?.(res);
      } catch (err) {
        failures++;
        opts.onError?.(err, ref);
      }
      after = item.metaKey;
    }
    if (batch.next === undefined) return stats(true);
    after = batch.next;
  }
}
