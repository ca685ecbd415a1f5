/**
 * What the multipart operations share: the object layer's LayerContext (storage, clock, key
 * locks), its GET (the source of UploadPartCopy), and per-upload locks. MultipartService
 * (index.ts) builds one and every operation takes it as its first argument.
 */
import type { KeyLocks } from '../key-lock.js';
import type { LayerContext } from '../layer-context.js';
import type { GetObjectOptions, GetObjectResult } from '../object-layer.js';

export type GetObjectFn = (bucket: string, key: string, opts?: GetObjectOptions) => Promise<GetObjectResult>;

export interface MultipartRuntime {
  readonly layer: LayerContext;
  readonly getObject: GetObjectFn;
  /**
   * Serializes, per uploadId and in this process, the short commit phases: a part's
   * rename + record, complete, abort. Bodies stream outside the lock. The layer's
   * `uploadLocks`, so object/heal's healUpload takes the same lock.
   */
  readonly uploadLocks: KeyLocks;
}
